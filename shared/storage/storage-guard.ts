import type { TabreelDb } from '../db/schema';
import type { RecorderStatus } from '../messages/popup-to-background';
import { enforceBudget, type Eviction, type StorageBudget } from './enforce-budget';
import { formatBytes } from '../format/format-bytes';
import { probeWrite } from './probe-write';

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
   * The bytes the browser says this origin can still store (`navigator.storage.estimate()`; with
   * `unlimitedStorage`, the disk's free space), or null when it cannot tell.
   */
  spaceLeft?: () => Promise<number | null>;
}

/**
 * Below this much free space the disk counts as full: recording pauses before a write fails, and
 * the database is not reopened. Chromium closes the database when a write finds the disk full, and
 * reopening it on a disk still all but full deleted the whole database, every session acked before
 * (tests/e2e/stop-disk-full.e2e.ts). 16 MB: LevelDB's recovery and compactions write files of a
 * few MB; a running page's largest message is 1 MB (probe-write.ts).
 */
export const MIN_FREE_BYTES = 16 * 1024 * 1024;
/**
 * With plenty of room at the last reading of the free space, a batch is written on it, and one
 * older than this is read again in the background (for the next batches).
 */
export const SPACE_CHECK_MS = 1000;
/** Under this much free space every batch waits for a fresh reading: the disk may fill any time. */
export const LOW_SPACE_BYTES = 4 * MIN_FREE_BYTES;

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
   * Before a batch is written: null, or why not (less than MIN_FREE_BYTES left: the disk-full flag
   * is set). With plenty of room it decides on the last reading (asked again past SPACE_CHECK_MS);
   * under LOW_SPACE_BYTES, or while the disk is full, on a fresh one.
   */
  beforeWrite(): Promise<string | null>;
  /** Whether the database may be opened again (it closed on a full disk): room, or cannot tell. */
  roomToOpen(): Promise<boolean>;
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
 * Set before a write when the browser shows less than MIN_FREE_BYTES free, or when a write still
 * fails for lack of space after the budget ran; cleared, once the browser shows that much free,
 * when a probe write fits (after an eviction that freed bytes, the person deleting data, a sweep)
 * or a write went through. Holds only a cache of the flag and of the last reading, lost with the
 * worker.
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

  // The last reading of the free space: bytes (null: the browser cannot tell) and when.
  let reading: { left: number | null; at: number } | null = null;
  let asking: Promise<number | null> | null = null;
  const spaceLeft = (): Promise<number | null> => {
    if (!options.spaceLeft) return Promise.resolve(null);
    asking ??= options
      .spaceLeft()
      .catch(() => null)
      .then((left) => {
        reading = { left, at: now() };
        asking = null;
        return left;
      });
    return asking;
  };
  const tooLittle = (left: number | null): left is number => left !== null && left < MIN_FREE_BYTES;

  // A disk that really fills does not always fail as QuotaExceededError: Chromium closed its
  // backing store and reopening it failed as `UnknownError` (tests/e2e/stop-disk-full.e2e.ts).
  const nearlyFull = async () => tooLittle(await spaceLeft());

  // Freed bytes are not room when something else filled the disk: only the browser's reading and
  // then a probe that fits say so (the probe is not even tried on a disk the reading says is full).
  const clearIfRoom = async () => {
    if ((await isFull()) && !(await nearlyFull()) && (await probe())) await setFull(null);
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
    beforeWrite: async () => {
      let left: number | null;
      // Plenty of room at the last reading: decide on it, and past SPACE_CHECK_MS ask again in the
      // background, so the write path does not wait for the browser.
      const last = reading;
      if (!(await isFull()) && last && (last.left === null || last.left >= LOW_SPACE_BYTES)) {
        if (now() - last.at >= SPACE_CHECK_MS) void spaceLeft();
        left = last.left;
      } else left = await spaceLeft();
      if (tooLittle(left)) {
        const message = `Not written: only ${formatBytes(left)} free on the disk, and Tabreel keeps ${formatBytes(MIN_FREE_BYTES)} free.`;
        await setFull({ since: now(), message });
        return message;
      }
      return null;
    },
    roomToOpen: async () => !(await nearlyFull()),
    afterBatch: async (result) => {
      if (result.storageFull) await setFull({ since: now(), message: result.storageFull });
      else if (result.writeFailure && (await nearlyFull()))
        await setFull({ since: now(), message: result.writeFailure });
      // A small write can still fit on a disk that is all but full: room again only with room.
      else if (result.wrote && (await isFull()) && !(await nearlyFull())) await setFull(null);
    },
  };
}
