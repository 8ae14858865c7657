// The recorder's side of the hand-over to the relay: events wait here, in order, and go as one batch
// in a task the caller schedules (after the next frame), so serializing and dispatching them never
// delays the paint of the interaction that produced them. Pure: the scheduler is passed in.

/**
 * Runs `run` once, later; returns what cancels it. `urgent`: a user event waits, so soon after the
 * frame; otherwise when the page is idle (the caller decides what either means).
 */
export type ScheduleHandOver = (run: () => void, urgent: boolean) => () => void;

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
  let scheduledUrgent = false;
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
      if (flushing) return;
      // A user event after passive ones must not wait for the page's idle time with them.
      if (cancel && (scheduledUrgent || !itemUrgent)) return;
      cancel?.();
      scheduledUrgent = itemUrgent;
      cancel = options.schedule(flush, itemUrgent);
    },
    flush,
    size: () => items.length,
  };
}
