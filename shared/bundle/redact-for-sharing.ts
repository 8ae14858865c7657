import { customTag, type TimedEvent } from '../events/tabreel-events';
import { SIGNAL_TAG } from '../signals/signal-events';
import type { EventFilter } from './trim-session';

/** What a person takes out of a copy before sharing it; the stored session stays whole. */
export interface RedactionOptions {
  /** Elements whose text and values are masked, by simple CSS selectors (see parseMaskSelectors). */
  maskSelectors: readonly string[];
  /** Text masked wherever it appears: plain text (any case) or `/regex/flags`, one per entry. */
  maskPatterns: readonly string[];
  /** Leave out console entries and uncaught errors. */
  dropConsole: boolean;
  /** Leave out the requests (and so the failed-request findings). */
  dropNetwork: boolean;
}

export const NO_REDACTION: RedactionOptions = {
  maskSelectors: [],
  maskPatterns: [],
  dropConsole: false,
  dropNetwork: false,
};

/** One compound selector: `tag#id.class[attr][attr="value"]`. */
interface Compound {
  tag: string | null;
  id: string | null;
  classes: string[];
  attributes: Array<{ name: string; value: string | null }>;
}
/** Compounds joined by descendant combinators (spaces), outermost first. */
type Selector = Compound[];

const COMPOUND =
  /^([a-z][a-z0-9-]*|\*)?((?:#[\w-]+|\.[\w-]+|\[[\w-]+(?:=(?:"[^"]*"|'[^']*'|[\w-]+))?\])*)$/i;
const PART = /#([\w-]+)|\.([\w-]+)|\[([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|([\w-]+)))?\]/g;

/** Thrown for a selector or pattern that cannot be used; the message names it. */
export class RedactionInputError extends Error {
  override name = 'RedactionInputError';
}

function parseCompound(text: string, whole: string): Compound {
  const match = COMPOUND.exec(text);
  if (!match || text === '')
    throw new RedactionInputError(
      `“${whole}” is not a selector this can use: tag, #id, .class and [attribute] (or [attribute="value"]) parts, separated by spaces.`,
    );
  const compound: Compound = {
    tag: match[1] && match[1] !== '*' ? match[1].toLowerCase() : null,
    id: null,
    classes: [],
    attributes: [],
  };
  for (const part of (match[2] ?? '').matchAll(PART)) {
    if (part[1]) compound.id = part[1];
    else if (part[2]) compound.classes.push(part[2]);
    else
      compound.attributes.push({
        name: part[3]!.toLowerCase(),
        value: part[4] ?? part[5] ?? part[6] ?? null,
      });
  }
  return compound;
}

/**
 * Selectors for masking, parsed without a DOM: comma-separated lists of compounds (`tag`, `#id`,
 * `.class`, `[attr]`, `[attr="v"]`) joined by spaces (descendant). Anything else is refused with
 * a message, rather than silently matching nothing.
 */
export function parseMaskSelectors(selectors: readonly string[]): Selector[] {
  return selectors
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => s.split(/\s+/).map((part) => parseCompound(part, s)));
}

/** Text patterns as global regular expressions: `/…/flags`, or plain text matched in any case. */
export function parseMaskPatterns(patterns: readonly string[]): RegExp[] {
  return patterns
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => {
      const literal = /^\/(.+)\/([a-z]*)$/.exec(p);
      if (!literal) return new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
      try {
        const regex = new RegExp(literal[1]!, literal[2]!.replace('g', '') + 'g');
        if (regex.test('')) throw new Error('it matches empty text');
        return regex;
      } catch (error) {
        throw new RedactionInputError(
          `“${p}” is not a pattern this can use: ${error instanceof Error ? error.message : String(error)}.`,
        );
      }
    });
}

/** Checks options a person typed; throws RedactionInputError naming the first bad entry. */
export function checkRedactionOptions(options: RedactionOptions): void {
  parseMaskSelectors(options.maskSelectors);
  parseMaskPatterns(options.maskPatterns);
}

/** Every character but whitespace as `*`, as rrweb masks text: the shape stays, the words go. */
export function maskText(text: string): string {
  return text.replace(/\S/g, '*');
}

interface TrackedNode {
  parent: number | null;
  /** Elements only. */
  tag?: string;
  attributes?: Record<string, string>;
}

interface SerializedNode {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  textContent?: string;
}

const ELEMENT = 2;
const TEXT = 3;
/** Attributes that hold what a person typed or reads: masked in masked elements. */
const TEXT_ATTRIBUTES = ['value', 'placeholder', 'title', 'alt', 'aria-label'];
/** Structure, not content: never rewritten by text patterns. */
const STRUCTURAL_KEYS: ReadonlySet<string> = new Set(['tagName', 'tag', 'type', 'source']);

/** Counts of what a redaction took out, for the preview. */
export interface RedactionCounts {
  consoleDropped: number;
  requestsDropped: number;
  /** Text nodes, values and typed input masked by the selectors. */
  maskedBySelector: number;
  /** Places a text pattern matched. */
  maskedByPattern: number;
}

export interface Redactor extends EventFilter {
  readonly counts: RedactionCounts;
}

/**
 * Redacts events for sharing, streaming and without a DOM: drops console or network signals,
 * masks the text and values of elements matching the selectors (the recorded tree is followed
 * through full snapshots and mutations to know each node's ancestors), and masks the patterns in
 * every string of every event (page text, attributes, typed input, signals, addresses). Events are
 * copied, never changed in place.
 */
export function createRedactor(options: RedactionOptions): Redactor {
  const selectors = parseMaskSelectors(options.maskSelectors);
  const patterns = parseMaskPatterns(options.maskPatterns);
  const counts: RedactionCounts = {
    consoleDropped: 0,
    requestsDropped: 0,
    maskedBySelector: 0,
    maskedByPattern: 0,
  };
  const nodes = new Map<number, TrackedNode>();

  const matches = (node: TrackedNode, compound: Compound): boolean => {
    if (node.tag === undefined) return false;
    const attrs = node.attributes ?? {};
    if (compound.tag && compound.tag !== node.tag) return false;
    if (compound.id && attrs.id !== compound.id) return false;
    const classes = (attrs.class ?? '').split(/\s+/);
    if (compound.classes.some((c) => !classes.includes(c))) return false;
    return compound.attributes.every(({ name, value }) =>
      value === null ? name in attrs : attrs[name] === value,
    );
  };
  const matchesSelector = (id: number, selector: Selector): boolean => {
    let node = nodes.get(id);
    if (!node || !matches(node, selector.at(-1)!)) return false;
    let i = selector.length - 2;
    while (i >= 0 && node) {
      node = node.parent === null ? undefined : nodes.get(node.parent);
      if (node && matches(node, selector[i]!)) i -= 1;
    }
    return i < 0;
  };
  /** Whether the node is in (or is) an element a selector matches. */
  const masked = (id: number): boolean => {
    if (selectors.length === 0) return false;
    for (let at: number | null = id; at !== null; at = nodes.get(at)?.parent ?? null)
      if (selectors.some((s) => matchesSelector(at!, s))) return true;
    return false;
  };

  const track = (node: SerializedNode, parent: number | null) => {
    const tracked: TrackedNode = { parent };
    if (node.type === ELEMENT) {
      tracked.tag = String(node.tagName ?? '').toLowerCase();
      tracked.attributes = {};
      for (const [k, v] of Object.entries(node.attributes ?? {}))
        if (typeof v === 'string') tracked.attributes[k.toLowerCase()] = v;
    }
    nodes.set(node.id, tracked);
  };
  /** Records a serialized subtree and masks, in place (it is a copy), what the selectors cover. */
  const visit = (root: SerializedNode, parent: number | null) => {
    const stack: Array<[SerializedNode, number | null]> = [[root, parent]];
    while (stack.length > 0) {
      const [node, parentId] = stack.pop()!;
      track(node, parentId);
      if (selectors.length > 0 && masked(node.id)) {
        if (node.type === TEXT && node.textContent) {
          node.textContent = maskText(node.textContent);
          counts.maskedBySelector += 1;
        }
        for (const name of TEXT_ATTRIBUTES) {
          const value = node.attributes?.[name];
          if (typeof value === 'string' && value !== '') {
            node.attributes![name] = maskText(value);
            counts.maskedBySelector += 1;
          }
        }
      }
      for (const child of node.childNodes ?? []) stack.push([child, node.id]);
    }
  };

  const maskPatternsIn = (value: unknown, key: string | null): unknown => {
    if (typeof value === 'string') {
      if (key !== null && STRUCTURAL_KEYS.has(key)) return value;
      let out = value;
      for (const pattern of patterns)
        out = out.replace(pattern, (m) => {
          counts.maskedByPattern += 1;
          return maskText(m) || m;
        });
      return out;
    }
    if (Array.isArray(value)) return value.map((v) => maskPatternsIn(v, null));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = maskPatternsIn(v, k);
      return out;
    }
    return value;
  };

  const redactDom = (event: TimedEvent): TimedEvent => {
    const data = event.data as Record<string, unknown>;
    if (event.type === 2) {
      nodes.clear();
      const copy = structuredClone(data) as { node: SerializedNode };
      visit(copy.node, null);
      return { ...event, data: copy };
    }
    if (event.type !== 3) return event;
    if (data.source === 0) {
      const copy = structuredClone(data) as {
        adds?: Array<{ parentId: number; node: SerializedNode }>;
        removes?: Array<{ id: number }>;
        texts?: Array<{ id: number; value: string | null }>;
        attributes?: Array<{ id: number; attributes: Record<string, unknown> }>;
      };
      for (const change of copy.attributes ?? []) {
        const node = nodes.get(change.id);
        for (const [k, v] of Object.entries(change.attributes)) {
          if (node?.attributes) {
            if (typeof v === 'string') node.attributes[k.toLowerCase()] = v;
            else delete node.attributes[k.toLowerCase()];
          }
          if (
            typeof v === 'string' &&
            v !== '' &&
            TEXT_ATTRIBUTES.includes(k) &&
            masked(change.id)
          ) {
            change.attributes[k] = maskText(v);
            counts.maskedBySelector += 1;
          }
        }
      }
      for (const add of copy.adds ?? []) visit(add.node, add.parentId);
      for (const text of copy.texts ?? [])
        if (text.value && masked(text.id)) {
          text.value = maskText(text.value);
          counts.maskedBySelector += 1;
        }
      return { ...event, data: copy };
    }
    // Input: what was typed into a masked element.
    if (
      data.source === 5 &&
      typeof data.text === 'string' &&
      data.text &&
      masked(data.id as number)
    ) {
      counts.maskedBySelector += 1;
      return { ...event, data: { ...data, text: maskText(data.text) } };
    }
    return event;
  };

  const redact = (event: TimedEvent): TimedEvent | null => {
    const tag = customTag(event);
    if (options.dropConsole && (tag === SIGNAL_TAG.console || tag === SIGNAL_TAG.error)) {
      counts.consoleDropped += 1;
      return null;
    }
    if (options.dropNetwork && tag === SIGNAL_TAG.request) {
      counts.requestsDropped += 1;
      return null;
    }
    // Without selectors no node needs following: events are not copied for nothing.
    const dom = selectors.length > 0 ? redactDom(event) : event;
    return patterns.length === 0
      ? dom
      : { ...dom, data: maskPatternsIn(dom.data, null) as TimedEvent['data'] };
  };

  return {
    counts,
    push: (event) => {
      const out = redact(event);
      return out ? [out] : [];
    },
    end: () => [],
  };
}

/** Masks the patterns in a piece of text (a session's title or address in the bundle's record). */
export function maskPatternsInText(text: string, patterns: readonly string[]): string {
  let out = text;
  for (const pattern of parseMaskPatterns(patterns))
    out = out.replace(pattern, (m) => maskText(m) || m);
  return out;
}
