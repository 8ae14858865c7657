import { formatClock } from './format-clock';

/**
 * The player's `position / length`. The length is rounded to the second as the header's duration
 * is (formatDuration), and the end reads as the length: a 4.6 s session says 5s in the header and
 * ends at `0:05 / 0:05`, not `0:04 / 0:04`. Positions before the end count whole seconds.
 */
export function clockReading(atMs: number, totalMs: number): string {
  return `${atMs >= totalMs ? formatLength(totalMs) : formatClock(atMs)} / ${formatLength(totalMs)}`;
}

/** A replay's length as the player and the header state it: rounded to the second, `0:48`. */
export function formatLength(totalMs: number): string {
  return formatClock(Math.round(Math.max(0, totalMs) / 1000) * 1000);
}
