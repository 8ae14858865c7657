/**
 * A gap in the person's presence longer than this is idle (rrweb's Replayer skips the same gaps
 * with its default `inactivePeriodThreshold`, so the time a replay skips is the idle time shown).
 */
export const IDLE_GAP_MS = 10_000;

export interface IdlePeriod {
  start: number;
  end: number;
}

export interface SessionDuration {
  startedAt: number;
  endedAt: number;
  /** endedAt − startedAt. */
  wallMs: number;
  /** Wall time minus idle periods. */
  activeMs: number;
  idleMs: number;
  idlePeriods: IdlePeriod[];
}

/**
 * Wall, active and idle time. `presence` holds the times the person was there (input, movement,
 * page views), sorted. Every gap longer than `idleGapMs` between the start, those times and the
 * end is idle, whole: a person who leaves for an hour was not active for its first ten seconds
 * either, as far as anyone can tell.
 */
export function measureDuration(
  presence: readonly number[],
  startedAt: number,
  endedAt: number,
  idleGapMs = IDLE_GAP_MS,
): SessionDuration {
  const idlePeriods: IdlePeriod[] = [];
  let previous = startedAt;
  for (const t of [...presence.filter((p) => p > startedAt && p < endedAt), endedAt]) {
    if (t - previous > idleGapMs) idlePeriods.push({ start: previous, end: t });
    previous = Math.max(previous, t);
  }
  const wallMs = Math.max(0, endedAt - startedAt);
  const idleMs = idlePeriods.reduce((sum, p) => sum + (p.end - p.start), 0);
  return { startedAt, endedAt, wallMs, activeMs: wallMs - idleMs, idleMs, idlePeriods };
}

/** How much of [from, to) the idle periods cover. */
export function idleWithin(periods: readonly IdlePeriod[], from: number, to: number): number {
  let total = 0;
  for (const p of periods) total += Math.max(0, Math.min(p.end, to) - Math.max(p.start, from));
  return total;
}
