/** A place in a lane: `ready` resolves when every earlier entrant has started or left. */
export interface CommitTurn {
  ready: Promise<void>;
  /**
   * This batch's transaction exists (its first requests are issued): the next entrant may open
   * its own, which IndexedDB runs after this one (read-write transactions over the same stores
   * run in the order they were created). Idempotent.
   */
  started(): void;
  /** Lets the next entrant go if `started` did not. Idempotent; call it on every path (finally). */
  leave(): void;
}

export interface CommitLanes {
  /** Takes the next place in `key`'s lane. Call synchronously when the message arrives. */
  enter(key: string | number): CommitTurn;
  /** Lanes with someone in them (lanes are forgotten once empty). */
  size(): number;
}

/**
 * One lane per tab in the service worker: a tab's batches may be validated and encoded at the
 * same time (the relay keeps several in flight), but their transactions are created one after
 * another in the order the messages arrived, which is the order the relay sent them. IndexedDB
 * then runs them in that order, so batch N+1 never reaches the sequence check before N has
 * committed, and its transaction starts in the database the moment N's commits, without a turn
 * through this thread first (S1). Lost with the worker, harmlessly: the relay resends whatever was
 * not acked, and every transaction checks the sequence itself.
 */
export function createCommitLanes(): CommitLanes {
  const tails = new Map<string | number, Promise<void>>();
  return {
    enter(key) {
      const previous = tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      // An entrant that leaves (or starts) before its turn must not let the next one pass it.
      const tail = previous.then(() => released);
      tails.set(key, tail);
      let gone = false;
      const go = () => {
        if (gone) return;
        gone = true;
        release();
        // The last one out empties the lane, so the map holds only busy tabs.
        void tail.then(() => {
          if (tails.get(key) === tail) tails.delete(key);
        });
      };
      return { ready: previous, started: go, leave: go };
    },
    size: () => tails.size,
  };
}
