/**
 * The nearest-rank percentile: the smallest value with at least `p` % of the values at or below
 * it, `sorted[ceil(p/100 · n) − 1]`. It is always one of the values (never interpolated), as CrUX
 * reports its p75. `sorted` must be ascending; null when empty.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Ascending copy of `values`, for `percentile`. */
export function sortedNumbers(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}
