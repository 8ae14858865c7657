import { describe, expect, it } from 'vitest';
import { makeCustomEvent, TABREEL_TAG, type TimedEvent } from '../../shared/events/tabreel-events';
import { runsThroughStop } from '../../shared/delivery/runs-through-stop';

const click = (t: number): TimedEvent => ({
  type: 3,
  data: { source: 2, type: 2, id: 1 },
  timestamp: t,
});
const stop = (t: number): TimedEvent =>
  makeCustomEvent(TABREEL_TAG.recordingStopped, { reason: 'excluded-site' }, t);

describe('runsThroughStop: a batch arriving after its page stopped recording', () => {
  it('is refused whole without a stop marker', () => {
    expect(runsThroughStop([{ seq: 0, count: 2, events: [click(1), click(2)] }])).toBeNull();
  });

  it('keeps the events through the first marker and skips the rest, a second marker included', () => {
    const events = [click(1), stop(2), click(5), click(6), stop(7)];
    const kept = runsThroughStop([{ seq: 10, count: 5, events }]);
    expect(kept).toEqual([
      { seq: 10, count: 2, events: [click(1), stop(2)] },
      { seq: 12, count: 3, events: null },
    ]);
  });

  it('keeps earlier runs whole and skips the runs after the marker', () => {
    const kept = runsThroughStop([
      { seq: 0, count: 1, events: [click(1)] },
      { seq: 1, count: 2, events: [stop(2), click(3)] },
      { seq: 3, count: 1, events: [stop(4)] },
    ]);
    expect(kept).toEqual([
      { seq: 0, count: 1, events: [click(1)] },
      { seq: 1, count: 1, events: [stop(2)] },
      { seq: 2, count: 2, events: null },
    ]);
  });
});
