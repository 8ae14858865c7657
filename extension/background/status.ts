import browser from 'webextension-polyfill';
import type { StatusStore } from '../../shared/storage/storage-guard';
import { countWriteFailure } from '../../shared/storage/count-write-failure';
import {
  EMPTY_STATUS,
  STATUS_STORAGE_KEY,
  type RecorderStatus,
} from '../../shared/messages/popup-to-background';

export async function readStatus(): Promise<RecorderStatus> {
  const stored = await browser.storage.local.get(STATUS_STORAGE_KEY);
  return {
    ...EMPTY_STATUS,
    ...(stored[STATUS_STORAGE_KEY] as Partial<RecorderStatus> | undefined),
  };
}

// Status updates are rare (only on faults), so a read-modify-write per update is fine.
let queue: Promise<void> = Promise.resolve();

function update(change: (status: RecorderStatus) => RecorderStatus): Promise<void> {
  const run = queue.then(async () => {
    const next = change(await readStatus());
    await browser.storage.local.set({ [STATUS_STORAGE_KEY]: next });
  });
  // One failed write (a full disk, above all) must not stop every later status update.
  queue = run.catch(() => {});
  return run;
}

/** The status as the storage guard (shared/storage/storage-guard.ts) reads and changes it. */
export const statusStore: StatusStore = { read: readStatus, update };

/** A message was refused: malformed, oversized, or claiming a stream of another tab. */
export function countRejected(reason: string): Promise<void> {
  console.warn('Tabreel refused a message:', reason);
  return update((s) => ({ ...s, rejectedMessages: s.rejectedMessages + 1 }));
}

/**
 * Whether the status may hold a failed write no stored batch has answered since: null until this
 * worker life has checked, so a stored batch reads the status once, not on every batch.
 */
let failureUnanswered: boolean | null = null;

/**
 * A write failed after retries, or (`noRoom`) a batch was refused because the disk is all but full.
 * The page keeps the batch and sends it again.
 */
export function reportWriteFailure(message: string, now: number, noRoom = false): Promise<void> {
  console.error('Tabreel could not store a batch:', message);
  failureUnanswered = true;
  return update((s) => countWriteFailure(s, message, now, noRoom));
}

/** New events were stored: earlier failed writes are answered (the popup stops showing an error). */
export function reportWriteStored(now: number): Promise<void> {
  if (failureUnanswered === false) return Promise.resolve();
  failureUnanswered = false;
  return update((s) =>
    s.failedWrites > 0 && s.recoveredAt === null ? { ...s, recoveredAt: now } : s,
  );
}
