/** A place in a lane: `ready` resolves when every earlier entrant has left. */
export interface CommitTurn {
  ready: Promise<void>;
  /** Lets the next entrant go. Idempotent; call it on every path (finally). */
  leave(): void;
}

export interface CommitLanes {
  /** Takes the next place in `key`'s lane. Call synchronously when the message arrives. */
  enter(key: string | number): CommitTurn;
  /** Lanes with someone in them (lanes are forgotten once empty). */
  size(): number;
}

/**
 * One lane per tab in the service worker: a tab's batches may be validated and deflated at the
 * same time (the relay keeps several in flight), but their transactions run one after another in
 * the order the messages arrived, which is the order the relay sent them. So batch N+1's CPU work
 * overlaps batch N's IndexedDB commit, and N+1 never reaches the sequence check before N.
 * Lost with the worker, harmlessly: the relay resends whatever was not acked.
 */
export function createCommitLanes(): CommitLanes {
  const tails = new Map<string | number, Promise<void>>();
  return {
    enter(key) {
      const previous = tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const left = new Promise<void>((resolve) => (release = resolve));
      const tail = previous.then(() => left);
      tails.set(key, tail);
      let gone = false;
      return {
        ready: previous,
        leave() {
          if (gone) return;
          gone = true;
          release();
          // The last one out empties the lane, so the map holds only busy tabs.
          void tail.then(() => {
            if (tails.get(key) === tail) tails.delete(key);
          });
        },
      };
    },
    size: () => tails.size,
  };
}
