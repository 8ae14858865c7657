import { describe, expect, it } from 'vitest';
import {
  createHandOverQueue,
  type HandOverQueueOptions,
} from '../../shared/delivery/hand-over-queue';

/** A queue whose scheduled tasks the test runs by hand, recording every batch it hands over. */
function setup(options: Partial<HandOverQueueOptions<string>> = {}) {
  const batches: Array<{ items: string[]; urgent: boolean }> = [];
  const tasks: Array<{ run: () => void; urgent: boolean; cancelled: boolean }> = [];
  const queue = createHandOverQueue<string>({
    deliver: (items, urgent) => batches.push({ items: [...items], urgent }),
    schedule: (run, urgent) => {
      const task = { run, urgent, cancelled: false };
      tasks.push(task);
      return () => {
        task.cancelled = true;
      };
    },
    ...options,
  });
  /** The task after the frame: runs every scheduled task not cancelled. */
  const nextTask = () => {
    for (const task of tasks.splice(0)) if (!task.cancelled) task.run();
  };
  const pending = () => tasks.filter((t) => !t.cancelled).length;
  /** How each task not cancelled was asked for: soon (urgent) or when the page is idle. */
  const pendingKinds = () =>
    tasks.filter((t) => !t.cancelled).map((t) => (t.urgent ? 'soon' : 'idle'));
  return { queue, batches, nextTask, pending, pendingKinds };
}

describe('hand-over queue', () => {
  it('hands nothing over while the interaction runs, then everything in order as one batch', () => {
    const { queue, batches, nextTask, pending } = setup();
    queue.push('mousedown', true);
    queue.push('mutation', false);
    queue.push('click', true);
    expect(batches).toEqual([]);
    expect(pending()).toBe(1); // one task for the lot, not one per event
    nextTask();
    expect(batches).toEqual([{ items: ['mousedown', 'mutation', 'click'], urgent: true }]);
    expect(queue.size()).toBe(0);
  });

  it('is urgent only when an event in the batch is', () => {
    const { queue, batches, nextTask } = setup();
    queue.push('mutation', false);
    queue.push('style', false);
    nextTask();
    queue.push('input', true);
    nextTask();
    expect(batches.map((b) => b.urgent)).toEqual([false, true]);
  });

  it('flushes at once on demand (a closing page) and cancels the scheduled task', () => {
    const { queue, batches, nextTask, pending } = setup();
    queue.push('a', false);
    queue.push('b', true);
    queue.flush();
    expect(batches).toEqual([{ items: ['a', 'b'], urgent: true }]);
    expect(pending()).toBe(0);
    nextTask();
    expect(batches).toHaveLength(1);
    queue.flush(); // nothing left: nothing handed over
    expect(batches).toHaveLength(1);
  });

  it('puts what beforeFlush releases ahead of the batch, after what was queued before it', () => {
    let held = ['held-mutation'];
    const { queue, batches, nextTask } = setup({
      beforeFlush: () => {
        for (const item of held.splice(0)) queue.push(item, false);
      },
    });
    queue.push('click', true);
    nextTask();
    expect(batches).toEqual([{ items: ['click', 'held-mutation'], urgent: true }]);
    held = [];
    queue.push('x', false);
    nextTask();
    expect(batches[1]).toEqual({ items: ['x'], urgent: false });
  });

  it('keeps order when delivering pushes more (a session cut inside emit)', () => {
    let cut = false;
    const batches: string[][] = [];
    const queue = createHandOverQueue<string>({
      deliver: (items) => {
        batches.push([...items]);
        if (!cut) {
          cut = true;
          queue.push('session-start', true);
          queue.push('full-snapshot', false);
          queue.flush(); // re-entrant: served by the running flush, after this batch
        }
      },
      schedule: () => () => {},
    });
    queue.push('mutation', false);
    queue.flush();
    expect(batches).toEqual([['mutation'], ['session-start', 'full-snapshot']]);
  });

  it('waits for the page to be idle with passive events, and asks for soon once a user event comes', () => {
    const { queue, batches, nextTask, pendingKinds } = setup();
    queue.push('mutation', false);
    queue.push('style', false);
    expect(pendingKinds()).toEqual(['idle']);
    queue.push('click', true); // the idle task is cancelled, one soon task replaces it
    expect(pendingKinds()).toEqual(['soon']);
    queue.push('mutation-after', false);
    expect(pendingKinds()).toEqual(['soon']);
    nextTask();
    expect(batches).toEqual([
      { items: ['mutation', 'style', 'click', 'mutation-after'], urgent: true },
    ]);
  });

  it('asks for soon at once when the first event waiting is a user event', () => {
    const { queue, pendingKinds } = setup();
    queue.push('input', true);
    queue.push('mutation', false);
    expect(pendingKinds()).toEqual(['soon']);
  });

  it('schedules again after a flush, for the next interaction', () => {
    const { queue, batches, nextTask, pending } = setup();
    queue.push('a', false);
    nextTask();
    queue.push('b', false);
    expect(pending()).toBe(1);
    nextTask();
    expect(batches.map((b) => b.items)).toEqual([['a'], ['b']]);
  });
});
