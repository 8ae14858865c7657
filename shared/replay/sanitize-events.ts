// Recorded DOM is untrusted input (above all a stranger's bundle). The replay frame is sandboxed
// without scripts and under a strict CSP; this is the second wall: what could run code or navigate
// is taken out of the events before rrweb rebuilds them.
import { EventType, IncrementalSource } from '@rrweb/types';
import type { TimedEvent } from '../events/tabreel-events';

/** rrweb's serialized node, as far as sanitizing needs it. */
interface SerializedNode {
  type: number;
  id?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  textContent?: string;
}

const ELEMENT = 2; // rrweb-snapshot NodeType.Element

/** Elements that run code or embed other documents: replayed as inert containers. */
const INERT_TAGS: Record<string, string> = {
  script: 'noscript',
  object: 'div',
  embed: 'div',
  applet: 'div',
  portal: 'div',
};

/** Attributes that may hold a URL a browser would follow or run. */
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'poster',
  'background',
  'srcset',
  'ping',
  'codebase',
  'cite',
  'longdesc',
  'lowsrc',
  'dynsrc',
  'manifest',
  'to',
  'from',
  'values',
]);

/** Any mention of a scripting scheme, however obfuscated with whitespace or controls. */
const SCRIPT_URL = /^(?:javascript|vbscript|livescript|data:text\/html|data:[^,]*xml)/i;
// Browsers ignore whitespace and control characters inside a scheme (`java\tscript:`).
// eslint-disable-next-line no-control-regex
const URL_NOISE = /[\u0000-\u0020\u007f-\u009f]/g;

export interface SanitizeReport {
  /** How many attributes or elements were neutralized. */
  removed: number;
}

/**
 * Resource hints a browser acts on outside CSP's reach (DNS prefetch, preconnect) or that fetch
 * ahead: a stranger's recording could use them to learn that, and where, it was opened.
 */
const HINT_RELS = /\b(dns-prefetch|preconnect|prefetch|prerender|preload|modulepreload)\b/i;

/** Whether a URL attribute's value runs script; SVG's `values` is a list, any item of which may. */
function isScriptUrl(name: string, value: string): boolean {
  const items = name === 'values' ? value.split(';') : [value];
  return items.some((item) => SCRIPT_URL.test(item.replace(URL_NOISE, '')));
}

/**
 * What the walk knows of the document so far: each `<link>`'s `rel` by node id, so an attribute
 * change (which names no tag) cannot give a hint link an address, or a link with an address a hint.
 */
type LinkRels = Map<number, string>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function cleanAttributes(
  attributes: Record<string, unknown>,
  tagName: string | undefined,
  report: SanitizeReport,
  linkRel?: string,
): void {
  const rel = String(linkRel ?? attributes.rel ?? '');
  for (const name of Object.keys(attributes)) {
    const lower = name.toLowerCase();
    const value = attributes[name];
    const dangerous =
      lower.startsWith('on') ||
      (tagName === 'link' && lower === 'href' && HINT_RELS.test(rel)) ||
      lower === 'srcdoc' ||
      lower === 'http-equiv' ||
      (tagName === 'meta' && lower === 'content' && /url\s*=/i.test(String(value))) ||
      (URL_ATTRIBUTES.has(lower) && typeof value === 'string' && isScriptUrl(lower, value));
    if (dangerous) {
      delete attributes[name];
      report.removed += 1;
    }
  }
}

/** An attribute change to a known `<link>`: a hint loses the address, an addressed link the hint. */
function cleanLinkChange(
  attributes: Record<string, unknown>,
  rels: LinkRels,
  id: number,
  report: SanitizeReport,
): void {
  if ('rel' in attributes && HINT_RELS.test(String(attributes.rel ?? ''))) {
    delete attributes.rel; // it may already have an address: it keeps the rel it had
    report.removed += 1;
  }
  cleanAttributes(attributes, 'link', report, rels.get(id));
  if ('rel' in attributes) rels.set(id, String(attributes.rel ?? ''));
}

/** The items of a list that pass `keep`, counting the others as removed; the list itself if all do. */
function keptWhere<T>(list: T[], keep: (item: T) => boolean, report: SanitizeReport): T[] {
  if (list.every(keep)) return list; // as recorded: no copy
  const kept = list.filter(keep);
  report.removed += list.length - kept.length;
  return kept;
}

/** Keeps the items of a list that are objects (a hostile bundle's `null` would stop the walk). */
function objectsOnly<T>(list: unknown[], report: SanitizeReport): T[] {
  return keptWhere(list, isRecord, report) as T[];
}

function sanitizeTree(root: SerializedNode, report: SanitizeReport, rels: LinkRels): void {
  // Iterative: a hostile bundle may nest deeper than the call stack.
  const stack: SerializedNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === ELEMENT) {
      const tag = typeof node.tagName === 'string' ? node.tagName.toLowerCase() : undefined;
      if (tag && tag in INERT_TAGS) {
        node.tagName = INERT_TAGS[tag];
        node.childNodes = [];
        report.removed += 1;
      }
      if (isRecord(node.attributes)) {
        cleanAttributes(node.attributes, tag, report);
        if (tag === 'link' && typeof node.id === 'number')
          rels.set(node.id, String(node.attributes.rel ?? ''));
      }
    }
    if (Array.isArray(node.childNodes)) {
      node.childNodes = objectsOnly<SerializedNode>(node.childNodes, report);
      for (const child of node.childNodes) stack.push(child);
    }
  }
}

/** Whether a DOM event can be read as rrweb reads it; one that cannot is taken out whole. */
function isReadable(event: TimedEvent): boolean {
  const data = event.data as unknown;
  if (event.type === EventType.FullSnapshot) return isRecord(data) && isRecord(data.node);
  if (event.type !== EventType.IncrementalSnapshot) return true;
  if (!isRecord(data)) return false;
  if (data.source !== IncrementalSource.Mutation) return true;
  return (
    Array.isArray(data.adds) &&
    Array.isArray(data.removes) &&
    Array.isArray(data.texts) &&
    Array.isArray(data.attributes)
  );
}

/**
 * Neutralizes, in place, everything in the events that could run code or navigate the replay.
 * DOM events it cannot read (a hostile or damaged file's) are taken out of the array, as are
 * entries in them that are not objects: the replay shows what it can instead of failing whole.
 */
export function sanitizeEvents(events: TimedEvent[]): SanitizeReport {
  const report: SanitizeReport = { removed: 0 };
  const rels: LinkRels = new Map();
  let kept = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (!isReadable(event)) {
      report.removed += 1;
      continue;
    }
    if (kept !== i) events[kept] = event; // moved up only after one was taken out
    kept += 1;
    if (event.type === EventType.FullSnapshot) {
      rels.clear(); // a new page: rrweb numbers its nodes afresh
      sanitizeTree((event.data as { node: SerializedNode }).node, report, rels);
    } else if (event.type === EventType.IncrementalSnapshot) {
      const data = event.data as Record<'adds' | 'removes' | 'texts' | 'attributes', unknown[]> & {
        source?: number;
      };
      if (data.source !== IncrementalSource.Mutation) continue;
      data.removes = objectsOnly(data.removes, report);
      data.texts = objectsOnly(data.texts, report);
      data.adds = keptWhere(
        objectsOnly<{ node?: unknown }>(data.adds, report),
        (add) => isRecord(add.node),
        report,
      );
      for (const add of data.adds as Array<{ node: SerializedNode }>)
        sanitizeTree(add.node, report, rels);
      data.attributes = objectsOnly<{ id?: unknown; attributes?: unknown }>(
        data.attributes,
        report,
      );
      for (const change of data.attributes as Array<{ id?: unknown; attributes?: unknown }>) {
        if (!isRecord(change.attributes)) continue;
        if (typeof change.id === 'number' && rels.has(change.id))
          cleanLinkChange(change.attributes, rels, change.id, report);
        else cleanAttributes(change.attributes, undefined, report);
      }
    }
  }
  if (kept !== events.length) events.length = kept;
  return report;
}
