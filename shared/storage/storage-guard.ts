import type { TabreelDb } from '../db/schema';
import type { RecorderStatus } from '../messages/popup-to-background';
import { enforceBudget, type Eviction, type StorageBudget } from './enforce-budget';
import { PROBE_BYTES, probeWrite } from './probe-write';

/** Where the status lives (chrome.storage.local in the extension, memory in tests). */
export interface StatusStore {
  read(): Promise<RecorderStatus>;
  /** Applies one change; the store serialises changes. */
  update(change: (status: RecorderStatus) => RecorderStatus): Promise<void>;
}

export interface StorageGuardOptions {
  db: TabreelDb;
  status: StatusStore;
  /** The budget from the current settings. */
  budget: () => Promise<StorageBudget>;
  now: () => number;
  /** Defaults to a 256 KB write that leaves nothing behind (probe-write.ts). */
  probe?: () => Promise<boolean>;
  /**
   * Deflates the chunks the write path stored raw, now (deflate-stored-chunks.ts): a full disk
   * tries that before the budget evicts anyone's sessions. Its failure is ignored.
   */
  compact?: () => Promise<unknown>;
  /**
   * The bytes the browser says this origin can still store (`navigator.storage.estimate()`), or
   * null when it cannot tell. Asked after a write that failed for another reason than the quota.
   */
  spaceLeft?: () => Promise<number | null>;
}

/**
 * Below this much room a failed write means the disk is full, whatever its error: the probe's
 * size, a running page's largest message.
 */
export const FULL_BELOW_BYTES = PROBE_BYTES;

export interface StorageGuard {
  /** Applies the budget now (the sweep, a settings change); records what it evicted. */
  enforce(budget?: StorageBudget): Promise<Eviction>;
  /** The sweep: the budget, then, while the disk is full, a probe write to see if it still is. */
  sweep(): Promise<Eviction>;
  /** A write failed because the disk is full: apply the budget before it is tried again. */
  onQuotaExceeded(): Promise<Eviction | null>;
  /** The person deleted recordings: there is room again. */
  onDataDeleted(): Promise<void>;
  /**
   * What a batch's outcome (shared/delivery/receive-batch.ts, run with `freeSpace:
   * onQuotaExceeded`) says about the disk: still full after the budget ran (recording pauses in
   * every tab, and the user is told), or, once new events are stored, room again (an ack for a
   * resend of stored events proves nothing).
   */
  afterBatch(result: {
    storageFull?: string;
    writeFailure?: string;
    wrote?: boolean;
  }): Promise<void>;
}

/**
 * The storage budget and the disk-full flag (`status.storageFull`), which every tab's relay obeys.
 * Set when a write still fails for lack of space after the budget ran; cleared when a probe write
 * fits after an eviction that freed bytes, after the person deleted data, or at a sweep; or when a
 * write went through while the browser's estimate shows room. Holds only a cache of the flag, read again after a worker restart.
 */
export function createStorageGuard(options: StorageGuardOptions): StorageGuard {
  const { db, status, now } = options;
  const probe = options.probe ?? (() => probeWrite(db));
  let full: boolean | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  /** Budget passes run one after another, each with the settings of its own start. */
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const isFull = async () => (full ??= (await status.read()).storageFull !== null);

  const setFull = async (value: RecorderStatus['storageFull']) => {
    full = value !== null;
    await status.update((s) => {
      if (value === null) return s.storageFull === null ? s : { ...s, storageFull: null };
      return s.storageFull === null ? { ...s, storageFull: value } : s;
    });
  };

  // A disk that really fills does not always fail as QuotaExceededError: Chromium closed its
  // backing store and reopening it failed as `UnknownError` (tests/e2e/stop-disk-full.e2e.ts).
  const nearlyFull = async () => {
    const left = await options.spaceLeft?.().catch(() => null);
    return left !== undefined && left !== null && left < FULL_BELOW_BYTES;
  };

  // Freed bytes are not room when something else filled the disk: only a probe that fits says so.
  const clearIfRoom = async () => {
    if ((await isFull()) && (await probe())) await setFull(null);
  };

  const runBudget = async (budget?: StorageBudget): Promise<Eviction> => {
    const eviction = await enforceBudget(db, {
      ...(budget ?? (await options.budget())),
      now: now(),
    });
    if (eviction.count > 0) {
      const at = now();
      await status.update((s) => ({
        ...s,
        evictions: {
          lastAt: at,
          lastCount: eviction.count,
          lastBytes: eviction.bytes,
          totalCount: (s.evictions?.totalCount ?? 0) + eviction.count,
        },
      }));
    }
    if (eviction.bytes > 0) await clearIfRoom();
    return eviction;
  };

  return {
    enforce: (budget) => serial(() => runBudget(budget)),
    sweep: () =>
      serial(async () => {
        const eviction = await runBudget();
        // A pass that freed bytes has probed already: one probe write a sweep.
        if (eviction.bytes === 0) await clearIfRoom();
        return eviction;
      }),
    // Already full: the budget ran when it filled up and runs again every sweep; every resend
    // while paused need not run it again. Raw chunks are deflated first: that frees space
    // without evicting anything (and the budget then counts their deflated size).
    onQuotaExceeded: async () =>
      (await isFull())
        ? null
        : serial(async () => {
            await options.compact?.().catch(() => undefined);
            return runBudget();
          }),
    onDataDeleted: clearIfRoom,
    afterBatch: async (result) => {
      if (result.storageFull) await setFull({ since: now(), message: result.storageFull });
      else if (result.writeFailure && (await nearlyFull()))
        await setFull({ since: now(), message: result.writeFailure });
      // A small write can still fit on a disk that is all but full: room again only with room.
      else if (result.wrote && (await isFull()) && !(await nearlyFull())) await setFull(null);
    },
  };
}
