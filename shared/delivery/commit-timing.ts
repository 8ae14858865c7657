/**
 * Each batch the service worker commits is a measure on its performance timeline (start: the
 * message arrived; end: the transaction committed and the reply is ready), with the batch's size.
 * `npm run bench -- S1` reads them; the timeline is standard, so nothing else is kept in memory.
 */
export const COMMIT_MEASURE = 'tabreel:commit-batch';
/** The timeline keeps at most this many (a long-lived worker must not grow it without bound). */
export const MAX_COMMIT_MEASURES = 2000;

/**
 * Where one batch's time went, ms, in order: the settings read, the resend check (one read
 * transaction), validation (message schema + JSON parse of the events), encoding (the raw chunk: its
 * UTF-8 size), waiting for the tab's previous batch to commit, the transaction's reads, its own JS
 * (sessionize, asset-address walk, the writes issued), the writes' answers, and the rest until
 * IndexedDB reported the commit.
 */
export interface CommitPhases {
  settings: number;
  check: number;
  validate: number;
  encode: number;
  wait: number;
  /** The transaction's reads (stream, tab, open session: one round trip). */
  read: number;
  /** The transaction's JS: sessionize, asset-address walk, writes issued. */
  body: number;
  /** Until IndexedDB answered every write. */
  write: number;
  commit: number;
}

export interface CommitDetail {
  /** The batch's JSON text length (UTF-16 code units, as the relay counts). */
  chars: number;
  events: number;
  phases?: Partial<CommitPhases>;
}

/** The part of `Performance` this needs: the worker's own, or a fake in tests. */
export type MeasureTimeline = Pick<Performance, 'measure' | 'clearMeasures' | 'now'>;

/** Returns the function that records one commit started at `start`. */
export function createCommitTiming(timeline: MeasureTimeline) {
  let kept = 0;
  return (start: number, detail: CommitDetail): void => {
    if (kept >= MAX_COMMIT_MEASURES) {
      timeline.clearMeasures(COMMIT_MEASURE);
      kept = 0;
    }
    timeline.measure(COMMIT_MEASURE, { start, end: timeline.now(), detail });
    kept += 1;
  };
}
