import type { TimedEvent } from '../events/tabreel-events';
import { recordingStopReason } from '../session/recording-stop-reason';

/** A stretch of a batch: events to store from `seq` on, or (`events` null) events to skip. */
export interface BatchRun {
  seq: number;
  count: number;
  events: TimedEvent[] | null;
}

/**
 * The part of a batch that arrives after its page stopped recording and may still be stored: its
 * events up to and including the first stop marker (what the recorder held at the stop, then the
 * marker that ends the tab's session), with the rest to skip. The first, not the last: what follows
 * a stop is not stored while the worker says the page is not recorded, even with another marker
 * after it (a page's own listener could hand events over during the stop). Null when it holds no
 * stop marker: then the whole batch is refused, as any batch of a page not recorded.
 */
export function runsThroughStop(runs: readonly BatchRun[]): BatchRun[] | null {
  let stopRunIndex = -1;
  let stopAt = -1;
  for (let r = 0; r < runs.length && stopRunIndex < 0; r += 1) {
    stopAt = runs[r]!.events?.findIndex((event) => recordingStopReason(event) !== null) ?? -1;
    if (stopAt >= 0) stopRunIndex = r;
  }
  if (stopRunIndex < 0) return null;
  const stopRun = runs[stopRunIndex]!;
  const kept: BatchRun[] = [
    ...runs.slice(0, stopRunIndex),
    { seq: stopRun.seq, count: stopAt + 1, events: stopRun.events!.slice(0, stopAt + 1) },
  ];
  const end = runs[runs.length - 1]!.seq + runs[runs.length - 1]!.count;
  const skipFrom = stopRun.seq + stopAt + 1;
  if (skipFrom < end) kept.push({ seq: skipFrom, count: end - skipFrom, events: null });
  return kept;
}
