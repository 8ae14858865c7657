// The recorder's side of the hand-over to the relay: events wait here, in order, and go as one batch
// in a task the caller schedules (after the next frame), so serializing and dispatching them never
// delays the paint of the interaction that produced them. Pure: the scheduler is passed in.

/** Runs `run` once, later; returns what cancels it. */
export type ScheduleHandOver = (run: () => void) => () => void;

export interface HandOverQueueOptions<T> {
  /** Hands a batch over, in order; `urgent` when any event of it asked for prompt delivery. */
  deliver: (items: readonly T[], urgent: boolean) => void;
  schedule: ScheduleHandOver;
  /** Runs first in every flush, and may push: work held elsewhere whose events must come first. */
  beforeFlush?: () => void;
}

export interface HandOverQueue<T> {
  push(item: T, urgent: boolean): void;
  /** Hands over everything now (a closing page, a stop, a session cut). */
  flush(): void;
  size(): number;
}

export function createHandOverQueue<T>(options: HandOverQueueOptions<T>): HandOverQueue<T> {
  let items: T[] = [];
  let urgent = false;
  let cancel: (() => void) | null = null;
  let flushing = false;

  const flush = () => {
    // Re-entrant calls (a push or a flush from inside deliver) are served by the loop below.
    if (flushing) return;
    flushing = true;
    try {
      cancel?.();
      cancel = null;
      options.beforeFlush?.();
      while (items.length > 0) {
        const batch = items;
        const batchUrgent = urgent;
        items = [];
        urgent = false;
        options.deliver(batch, batchUrgent);
      }
    } finally {
      flushing = false;
    }
  };

  return {
    push(item, itemUrgent) {
      items.push(item);
      urgent ||= itemUrgent;
      if (!flushing && !cancel) cancel = options.schedule(flush);
    },
    flush,
    size: () => items.length,
  };
}
