import { describe, expect, it } from 'vitest';
import { createCommitLanes } from '../../shared/delivery/commit-lanes';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('commit lanes', () => {
  it('lets a tab’s batches commit in arrival order, whichever finished its preparation first', async () => {
    const lanes = createCommitLanes();
    const committed: string[] = [];
    const first = lanes.enter(7);
    const second = lanes.enter(7);
    // The second batch is ready first (it was smaller): it still waits for the first.
    const secondDone = second.ready.then(() => {
      committed.push('second');
      second.leave();
    });
    await tick();
    expect(committed).toEqual([]);
    await first.ready;
    committed.push('first');
    first.leave();
    await secondDone;
    expect(committed).toEqual(['first', 'second']);
  });

  it('does not hold one tab’s batches behind another’s', async () => {
    const lanes = createCommitLanes();
    lanes.enter(1); // never leaves
    const other = lanes.enter(2);
    await other.ready;
    other.leave();
  });

  it('lets the next one go when a batch leaves without committing (refused), even twice', async () => {
    const lanes = createCommitLanes();
    const refused = lanes.enter('tab');
    const next = lanes.enter('tab');
    refused.leave();
    refused.leave();
    await next.ready;
    next.leave();
    await tick();
    expect(lanes.size()).toBe(0);
  });

  it('keeps order when an earlier batch leaves before it was its turn', async () => {
    const lanes = createCommitLanes();
    const order: number[] = [];
    const a = lanes.enter(1);
    const b = lanes.enter(1);
    const c = lanes.enter(1);
    b.leave(); // refused while a still commits
    const cDone = c.ready.then(() => order.push(3));
    await tick();
    expect(order).toEqual([]);
    order.push(1);
    a.leave();
    await cDone;
    c.leave();
    expect(order).toEqual([1, 3]);
  });

  it('lets the next batch go once this one’s transaction has started, before it commits', async () => {
    const lanes = createCommitLanes();
    const first = lanes.enter(1);
    const second = lanes.enter(1);
    let secondGone = false;
    void second.ready.then(() => (secondGone = true));
    await first.ready;
    await tick();
    expect(secondGone).toBe(false);
    first.started(); // IndexedDB now orders the second's transaction after it
    await tick();
    expect(secondGone).toBe(true);
    first.leave(); // committed: nothing more to release
    second.started();
    second.leave();
    await tick();
    expect(lanes.size()).toBe(0);
  });
});
