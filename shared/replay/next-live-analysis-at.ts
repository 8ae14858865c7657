/** A session still recording is analyzed again at most this often, ms. */
export const LIVE_ANALYSIS_MIN_GAP_MS = 1000;
/**
 * While it records, its analysis (every event, each time) may take at most this share of the
 * viewer's thread: a long session waits longer between analyses than a short one.
 */
export const LIVE_ANALYSIS_MAX_SHARE = 0.2;

/** The last analysis of a session open in the viewer: when it started and what it cost, ms. */
export interface LiveAnalysisRun {
  startedAt: number;
  costMs: number;
}

/**
 * When a session open in the viewer should next be analyzed (ms, on the caller's clock `now`),
 * now that it gained events: as soon as it ended (the last analysis, to its end), else no sooner
 * than LIVE_ANALYSIS_MIN_GAP_MS after the previous one started, and late enough that analyses take
 * at most LIVE_ANALYSIS_MAX_SHARE of the time. Never before `now`.
 */
export function nextLiveAnalysisAt(
  previous: LiveAnalysisRun | null,
  now: number,
  ended: boolean,
): number {
  if (ended || previous === null) return now;
  const gap = Math.max(LIVE_ANALYSIS_MIN_GAP_MS, previous.costMs / LIVE_ANALYSIS_MAX_SHARE);
  return Math.max(now, previous.startedAt + gap);
}
