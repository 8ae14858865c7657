/** How a dropped or picked file is read: as a bundle, or as a plain rrweb event array. */
export type ImportKind = 'bundle' | 'rrweb-json';

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Decided by the file's first bytes, then its name: gzip is a bundle whatever it is called; a
 * `.json` name or text starting with `[` or `{` is rrweb JSON; anything else goes to the bundle
 * reader, which says what it is not.
 */
export function importKindOf(name: string, head: Uint8Array): ImportKind {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'bundle';
  if (/\.json$/i.test(name)) return 'rrweb-json';
  let at = BOM.every((b, i) => head[i] === b) ? BOM.length : 0;
  while (at < head.length && WHITESPACE.has(head[at]!)) at += 1;
  return head[at] === 0x5b || head[at] === 0x7b ? 'rrweb-json' : 'bundle';
}
