/**
 * Whether two stored rows hold the same data: plain values (numbers, strings, booleans, null),
 * arrays and plain objects, compared deeply. A property set to `undefined` counts as absent, as
 * IndexedDB's copy of a row may keep or drop it. Anything else (bytes, dates) compares by identity,
 * so it reads as different: a false "changed" only costs the caller a fresh read.
 */
export function sameRow(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameRow(item, b[i]));
  }
  if (!isPlain(a) || !isPlain(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of Object.keys(left)) if (!sameRow(left[key], right[key])) return false;
  for (const key of Object.keys(right))
    if (!(key in left) && right[key] !== undefined) return false;
  return true;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
