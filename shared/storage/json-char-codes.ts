// The JSON structure's characters, as UTF-16 code units and as UTF-8 bytes alike (all ASCII): the
// scanners that cut an array's text without parsing it (cut-batch-rows.ts, drop-json-array-items.ts).
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const COMMA = 0x2c;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
