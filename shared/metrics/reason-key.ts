/**
 * A health reason without its numbers, so the same cause groups across sessions:
 * `2 failed actions` → `failed action`, `Poor LCP (4.1 s) on /cart` → `Poor LCP on /cart`.
 */
export function reasonKey(reason: string): string {
  const withoutValue = reason.replace(/\s*\([^)]*\)/g, '').trim();
  const counted = /^\d+ (.+)$/.exec(withoutValue);
  if (!counted) return withoutValue;
  // Counted reasons are plurals (`2 failed actions`): their singular is the key.
  const noun = counted[1]!;
  return withoutValue.startsWith('1 ') ? noun : noun.replace(/s$/, '');
}
