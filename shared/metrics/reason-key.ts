import { segmentPattern } from './route-pattern';

/**
 * A health reason without its numbers, so the same cause groups across sessions:
 * `2 failed actions` → `failed action`, `Poor LCP (4.1 s) on /order/12` → `Poor LCP on /order/:id`.
 */
export function reasonKey(reason: string): string {
  const withoutValue = reason
    .replace(/\s*\([^)]*\)/g, '')
    .trim()
    // The page a reason names, as its route pattern (ids grouped).
    .replace(
      / on (\/\S*)$/,
      (_, path: string) =>
        ` on ${path
          .split('/')
          .map((s) => (s ? segmentPattern(s) : s))
          .join('/')}`,
    );
  const counted = /^\d+ (.+)$/.exec(withoutValue);
  if (!counted) return withoutValue;
  // Counted reasons are plurals (`2 failed actions`): their singular is the key.
  const noun = counted[1]!;
  return withoutValue.startsWith('1 ') ? noun : noun.replace(/s$/, '');
}
