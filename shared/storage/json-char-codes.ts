// The JSON structure's characters, as UTF-16 code units and as UTF-8 bytes alike (all ASCII): the
// scanners that cut an array's text without parsing it (cut-batch-rows.ts, drop-json-array-items.ts).
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const COMMA = 0x2c;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;

/** The index of the quote closing the string opened at `open` (skipping escaped quotes), or -1. */
export function jsonStringEnd(json: string, open: number): number {
  let close = json.indexOf('"', open + 1);
  while (close > 0) {
    let backslashes = 0;
    while (json.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return close;
    close = json.indexOf('"', close + 1);
  }
  return -1;
}
