const HOUR_MS = 3_600_000;
/** At most this many buckets in a chart over time: beyond it, a coarser unit. */
export const MAX_TIME_BUCKETS = 60;

export type TimeUnit = 'hour' | 'day' | 'week';

/** The local start of the hour, day or week (Monday) holding `t`. */
function floorTo(t: number, unit: TimeUnit): number {
  const d = new Date(t);
  if (unit === 'hour')
    return new Date(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours()).getTime();
  const day = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  if (unit === 'week') day.setDate(day.getDate() - ((day.getDay() + 6) % 7));
  return day.getTime();
}

function next(t: number, unit: TimeUnit): number {
  const d = new Date(t);
  if (unit === 'hour') return t + HOUR_MS;
  d.setDate(d.getDate() + (unit === 'week' ? 7 : 1));
  return d.getTime();
}

/**
 * Bucket edges covering `[from, to)` in local hours, days or weeks, the finest unit that keeps at
 * most MAX_TIME_BUCKETS (local days, so a bucket is a calendar day across DST changes).
 */
export function timeEdges(from: number, to: number): { unit: TimeUnit; edges: number[] } {
  const span = Math.max(0, to - from);
  const unit: TimeUnit =
    span <= 48 * HOUR_MS ? 'hour' : span <= MAX_TIME_BUCKETS * 24 * HOUR_MS ? 'day' : 'week';
  const edges = [floorTo(from, unit)];
  while (edges.at(-1)! < to && edges.length <= 400) edges.push(next(edges.at(-1)!, unit));
  if (edges.length === 1) edges.push(next(edges[0]!, unit));
  return { unit, edges };
}
