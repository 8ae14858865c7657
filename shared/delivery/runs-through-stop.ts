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
 * events up to and including the last stop marker (what the recorder held at the stop, then the
 * marker that ends the tab's session), with the rest to skip. Null when it holds no stop marker:
 * then the whole batch is refused, as any batch of a page not recorded.
 */
export function runsThroughStop(runs: readonly BatchRun[]): BatchRun[] | null {
  let last = -1;
  let lastAt = -1;
  runs.forEach((run, r) =>
    run.events?.forEach((event, i) => {
      if (recordingStopReason(event)) [last, lastAt] = [r, i];
    }),
  );
  if (last < 0) return null;
  const stopRun = runs[last]!;
  const kept: BatchRun[] = [
    ...runs.slice(0, last),
    { seq: stopRun.seq, count: lastAt + 1, events: stopRun.events!.slice(0, lastAt + 1) },
  ];
  const end = runs[runs.length - 1]!.seq + runs[runs.length - 1]!.count;
  const skipFrom = stopRun.seq + lastAt + 1;
  if (skipFrom < end) kept.push({ seq: skipFrom, count: end - skipFrom, events: null });
  return kept;
}
