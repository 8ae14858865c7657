// Recorded DOM is untrusted input (above all a stranger's bundle). The replay frame is sandboxed
// without scripts and under a strict CSP; this is the second wall: what could run code or navigate
// is taken out of the events before rrweb rebuilds them.
import { EventType, IncrementalSource } from '@rrweb/types';
import type { TimedEvent } from '../events/tabreel-events';

/** rrweb's serialized node, as far as sanitizing needs it. */
interface SerializedNode {
  type: number;
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

function cleanAttributes(
  attributes: Record<string, unknown>,
  tagName: string | undefined,
  report: SanitizeReport,
): void {
  for (const name of Object.keys(attributes)) {
    const lower = name.toLowerCase();
    const value = attributes[name];
    const dangerous =
      lower.startsWith('on') ||
      (tagName === 'link' && lower === 'href' && HINT_RELS.test(String(attributes.rel ?? ''))) ||
      lower === 'srcdoc' ||
      lower === 'http-equiv' ||
      (tagName === 'meta' && lower === 'content' && /url\s*=/i.test(String(value))) ||
      (URL_ATTRIBUTES.has(lower) &&
        typeof value === 'string' &&
        SCRIPT_URL.test(value.replace(URL_NOISE, '')));
    if (dangerous) {
      delete attributes[name];
      report.removed += 1;
    }
  }
}

function sanitizeTree(root: SerializedNode, report: SanitizeReport): void {
  // Iterative: a hostile bundle may nest deeper than the call stack.
  const stack: SerializedNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === ELEMENT) {
      const tag = node.tagName?.toLowerCase();
      if (tag && tag in INERT_TAGS) {
        node.tagName = INERT_TAGS[tag];
        node.childNodes = [];
        report.removed += 1;
      }
      if (node.attributes) cleanAttributes(node.attributes, tag, report);
    }
    if (Array.isArray(node.childNodes)) for (const child of node.childNodes) stack.push(child);
  }
}

/** Neutralizes, in place, everything in the events that could run code or navigate the replay. */
export function sanitizeEvents(events: TimedEvent[]): SanitizeReport {
  const report: SanitizeReport = { removed: 0 };
  for (const event of events) {
    if (event.type === EventType.FullSnapshot) {
      const node = (event.data as { node?: SerializedNode }).node;
      if (node) sanitizeTree(node, report);
    } else if (event.type === EventType.IncrementalSnapshot) {
      const data = event.data as {
        source?: number;
        adds?: Array<{ node?: SerializedNode }>;
        attributes?: Array<{ attributes?: Record<string, unknown> }>;
      };
      if (data.source !== IncrementalSource.Mutation) continue;
      for (const add of data.adds ?? []) if (add.node) sanitizeTree(add.node, report);
      for (const change of data.attributes ?? [])
        if (change.attributes) cleanAttributes(change.attributes, undefined, report);
    }
  }
  return report;
}
