// The service worker parses a batch to sessionize it and walk its asset addresses, and stores the
// text as it came. Parsed whole, every event's long text is copied (S1: ~100 MB of garbage for
// 50 MB stored, the worker's GC pauses landing in commits; docs/benchmarks.md S1, seventh step), so
// it parses a copy of the text with the long texts it never reads left out.
import { BACKSLASH, jsonStringEnd, QUOTE } from '../storage/json-char-codes';

/** Shorter strings are kept: leaving them out would save little and cost a cut each. */
export const LONG_TEXT_CHARS = 1024;

const COLON = 0x3a;
// What may follow a backslash in a JSON string: `"`, `\`, `/`, b, f, n, r, t (and `u`, whose
// strings READ_BY_WORKER keeps).
const ESCAPED = new Set([QUOTE, BACKSLASH, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
// eslint-disable-next-line no-control-regex -- a JSON string holds no raw control character
const CONTROL = /[\x00-\x1f]/;
// CSS the asset walk reads (map-asset-urls.ts: url() and @import), and escapes, which could spell
// either: such a string is kept.
const READ_BY_WORKER = /url\(|@import|\\u/i;

/**
 * `text.slice(start, end)` (JSON) with the contents of long strings emptied where they are the
 * value of a `textContent` or `value` key and hold no CSS address: a text node's words, a text
 * change, a form field's value. Nothing in the worker reads such a string (the asset walk reads a
 * style's text and CSS values only for their `url(…)` and `@import`; sessionizing reads types,
 * times and custom payloads' urls and titles), so the events parsed from it are the same for every
 * use there, except being stored: the events are stored from the text itself, or from the text
 * parsed whole. A string that is not valid JSON is kept, so the result is valid JSON exactly when
 * the text is. The text itself (or its slice) when nothing is left out.
 */
export function leaveOutLongTexts(text: string, start = 0, end = text.length): string {
  const kept: string[] = [];
  let from = start; // the start of the text not yet in `kept`
  let valueAt = -1; // where the value of the last `textContent` or `value` key starts
  for (let at = text.indexOf('"', start); at >= 0 && at < end; at = text.indexOf('"', at + 1)) {
    const open = at;
    const close = jsonStringEnd(text, open);
    if (close < 0 || close >= end) break; // not JSON: left to the parse to refuse
    at = close;
    let next = close + 1;
    while (isSpace(text.charCodeAt(next))) next += 1;
    if (text.charCodeAt(next) === COLON) {
      if (!isTextKey(text, open, close)) continue;
      valueAt = next + 1;
      while (isSpace(text.charCodeAt(valueAt))) valueAt += 1;
      continue;
    }
    if (open !== valueAt || close - open - 1 <= LONG_TEXT_CHARS) continue;
    const contents = text.slice(open + 1, close);
    if (READ_BY_WORKER.test(contents) || !validContents(text, open, close, contents)) continue;
    // The quotes stay: `"…"` becomes `""`.
    kept.push(text.slice(from, open + 1));
    from = close;
  }
  if (kept.length === 0) return start === 0 && end === text.length ? text : text.slice(start, end);
  kept.push(text.slice(from, end));
  return kept.join('');
}

const isSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

/** Whether the key between the quotes at `open` and `close` is `textContent` or `value`. */
function isTextKey(text: string, open: number, close: number): boolean {
  const length = close - open - 1;
  return (
    (length === 11 && text.startsWith('textContent', open + 1)) ||
    (length === 5 && text.startsWith('value', open + 1))
  );
}

/** Whether a string's contents are valid in JSON: no raw control character, only known escapes. */
function validContents(text: string, open: number, close: number, contents: string): boolean {
  if (CONTROL.test(contents)) return false;
  for (
    let at = text.indexOf('\\', open + 1);
    at >= 0 && at < close;
    at = text.indexOf('\\', at + 2)
  )
    if (!ESCAPED.has(text.charCodeAt(at + 1))) return false;
  return true;
}
