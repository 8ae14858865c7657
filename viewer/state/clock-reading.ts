import { formatClock } from './format-clock';

/**
 * The player's `position / length`. The length is rounded to the second as the header's duration
 * is (formatDuration), and the end reads as the length: a 4.6 s session says 5s in the header and
 * ends at `0:05 / 0:05`, not `0:04 / 0:04`. Positions before the end count whole seconds.
 */
export function clockReading(atMs: number, totalMs: number): string {
  const length = Math.round(Math.max(0, totalMs) / 1000) * 1000;
  return `${formatClock(atMs >= totalMs ? length : atMs)} / ${formatClock(length)}`;
}
