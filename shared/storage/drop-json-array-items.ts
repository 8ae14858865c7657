import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COMMA,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from './json-char-codes';

const isJsonSpace = (byte: number) =>
  byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * A JSON array (UTF-8) without its first `count` items, without parsing it: the bytes are scanned
 * for top-level commas (UTF-8 never puts an ASCII byte inside a multi-byte character, so strings
 * are skipped byte by byte). Throws when the array holds fewer items or is no array.
 */
export function dropJsonArrayItems(json: Uint8Array, count: number): Uint8Array {
  let at = json.indexOf(OPEN_BRACKET);
  if (at < 0 || json.subarray(0, at).some((byte) => !isJsonSpace(byte)))
    throw new Error('A stored chunk is not an event array.');
  if (count <= 0) return json;
  at += 1;
  let depth = 0;
  let inString = false;
  let dropped = 0;
  let inItem = false;
  for (; at < json.length; at++) {
    const byte = json[at]!;
    if (inString) {
      if (byte === BACKSLASH) at += 1;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth += 1;
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (depth === 0) {
        // The array's end: its last item counts too, and nothing is left after it.
        if (inItem && dropped + 1 === count) return Uint8Array.of(OPEN_BRACKET, CLOSE_BRACKET);
        break;
      }
      depth -= 1;
    } else if (byte === COMMA && depth === 0) {
      dropped += 1;
      inItem = false;
      if (dropped === count) {
        const rest = json.subarray(at + 1);
        const out = new Uint8Array(rest.byteLength + 1);
        out[0] = OPEN_BRACKET;
        out.set(rest, 1);
        return out;
      }
      continue;
    }
    if (!isJsonSpace(byte)) inItem = true;
  }
  throw new Error(`A stored chunk holds fewer than the ${count} events already read from it.`);
}
