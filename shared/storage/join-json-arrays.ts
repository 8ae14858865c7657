const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** JSON arrays (UTF-8) → one array holding all their items, without parsing them. */
export function joinJsonArrays(arrays: readonly Uint8Array[]): Uint8Array {
  const bodies = arrays.map((json) => {
    const start = json.indexOf(OPEN_BRACKET);
    const end = json.lastIndexOf(CLOSE_BRACKET);
    const outside = [...json.subarray(0, start), ...json.subarray(end + 1)];
    if (start < 0 || end < start || outside.some((byte) => !isJsonSpace(byte)))
      throw new Error('A stored chunk is not an event array.');
    return json.subarray(start + 1, end);
  });
  const items = bodies.filter((body) => body.some((byte) => !isJsonSpace(byte)));
  const size = items.reduce((sum, body) => sum + body.byteLength, 0) + items.length + 1;
  const joined = new Uint8Array(Math.max(2, size));
  let at = 0;
  joined[at++] = OPEN_BRACKET;
  items.forEach((body, i) => {
    if (i > 0) joined[at++] = COMMA;
    joined.set(body, at);
    at += body.byteLength;
  });
  joined[at] = CLOSE_BRACKET;
  return joined;
}

const isJsonSpace = (byte: number) =>
  byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
