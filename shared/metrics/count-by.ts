/** Counts of each key, most frequent first (ties A→Z), the top `limit`. */
export function countBy<T>(
  items: Iterable<T>,
  keyOf: (item: T) => string | null,
  limit = Infinity,
): Array<{ key: string; count: number }> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, limit);
}
