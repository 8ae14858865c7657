/**
 * The write path's quiet time, for background work that must never make a page's batch wait
 * (the chunk deflate): quiet once no batch is in the worker and none has left it for `quietMs`.
 * A page under load sends a batch every few tens of ms, so its burst keeps the gate shut.
 */
export interface QuietGate {
  /** A batch arrived; call the returned function when it has been answered. */
  enter(): () => void;
  /** Resolves at the first quiet moment (at once if it is quiet now). */
  whenQuiet(): Promise<void>;
}

export interface QuietGateOptions {
  quietMs: number;
  /** A monotonic clock, ms. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export function createQuietGate({ quietMs, now, sleep }: QuietGateOptions): QuietGate {
  let busy = 0;
  let lastAt = -Infinity;
  return {
    enter() {
      busy += 1;
      lastAt = now();
      let left = false;
      return () => {
        if (left) return;
        left = true;
        busy -= 1;
        lastAt = now();
      };
    },
    async whenQuiet() {
      for (;;) {
        const wait = busy > 0 ? quietMs : lastAt + quietMs - now();
        if (wait <= 0) return;
        await sleep(wait);
      }
    },
  };
}
