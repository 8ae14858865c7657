import { INACTIVITY_TIMEOUT_MAX_MS } from '../settings/settings';

/**
 * The longest a session's end may lie after its last event. A recorded session stays open past
 * its last event only until the inactivity timeout (at most 24 hours) ends it at that event, so a
 * later end (a bundle's) is no recording's: the replay's idle tail stops here.
 */
export const MAX_IDLE_TAIL_MS = INACTIVITY_TIMEOUT_MAX_MS;

/**
 * The session's end as its replay shows it, ms since the epoch: its stated end (an ended row's
 * `endedAt`), kept within reach of its events. No end (still recording), or one that is not a
 * number, is its last event; an end before its last event is that event (a session holds its own
 * events); one more than MAX_IDLE_TAIL_MS after it is cut there.
 */
export function clampSessionEnd(endedAt: number | null, lastEventAt: number): number {
  if (endedAt === null || !Number.isFinite(endedAt)) return lastEventAt;
  return Math.min(Math.max(endedAt, lastEventAt), lastEventAt + MAX_IDLE_TAIL_MS);
}

/** A replay's length: the session as its header states it, not only as far as its events go. */
export interface ReplaySpan {
  /** The replay's clock origin, its first event (rrweb's), ms since the epoch. */
  origin: number;
  /** Where the events end, ms from the origin: rrweb's own length. */
  eventsMs: number;
  /** Where the session ends, ms from the origin: the timeline's length, at least `eventsMs`. */
  totalMs: number;
}

/**
 * The span of a replay whose events run from `firstEventAt` to `lastEventAt` (ms since the epoch)
 * in a session that ended at `endedAt` (null: still recording). It starts at the first event: there
 * is nothing to show before it.
 */
export function replaySpan(
  firstEventAt: number,
  lastEventAt: number,
  endedAt: number | null,
): ReplaySpan {
  const last = Math.max(firstEventAt, lastEventAt);
  return {
    origin: firstEventAt,
    eventsMs: last - firstEventAt,
    totalMs: clampSessionEnd(endedAt, last) - firstEventAt,
  };
}
