import browser from 'webextension-polyfill';
import {
  SETTINGS_STORAGE_KEY,
  settingsFromStorage,
  type Settings,
} from '../../shared/settings/settings';
import { storageBudgetOf } from '../../shared/storage/enforce-budget';
import { createStorageGuard } from '../../shared/storage/storage-guard';
import { deflateStoredChunks } from '../../shared/storage/deflate-stored-chunks';
import { db, reopenIfFailed } from './database';
import { loadSettings } from './settings';
import { statusStore } from './status';

/** The storage budget and the disk-full flag for this worker (shared/storage/storage-guard.ts). */
export const storageGuard = createStorageGuard({
  db,
  status: statusStore,
  budget: async () => storageBudgetOf(await loadSettings()),
  now: () => Date.now(),
  // Not waiting for a quiet worker: the batch that hit the full disk is waiting for this.
  spaceLeft: async () => {
    const { quota, usage } = await navigator.storage.estimate();
    return quota === undefined || usage === undefined ? null : quota - usage;
  },
  compact: async () => {
    while ((await deflateStoredChunks(db, { idle: () => Promise.resolve() })) > 0) {
      // The next chunks.
    }
  },
});

// A lower budget or a shorter retention applies at once, not at the next sweep. The new value is
// read from the change itself: the settings cache may not have heard of it yet.
browser.storage.onChanged.addListener((changes, area) => {
  const change = area === 'local' ? changes[SETTINGS_STORAGE_KEY] : undefined;
  if (!change) return;
  const before = settingsFromStorage(change.oldValue);
  const after: Settings = settingsFromStorage(change.newValue);
  if (
    before.retentionDays === after.retentionDays &&
    before.storageBudgetMb === after.storageBudgetMb
  )
    return;
  storageGuard
    .enforce(storageBudgetOf(after))
    .catch((error: unknown) => console.warn('Tabreel: the storage budget failed', error));
});

// Chromium closes the database when a write finds the disk full, and Dexie would open it again at
// its next call, on that full disk, where a reopen deleted the whole database (MIN_FREE_BYTES in
// shared/storage/storage-guard.ts). So Dexie opens it no more by itself: a batch, a sweep or a
// tab's closing opens it again (reopenIfRoom) once the browser shows room. Not from here: Dexie
// fires 'close' for a failed open too, and reopening from it looped on a database that cannot open.
let closingHere = false;
db.on('close', () => {
  if (closingHere) return;
  // After Dexie's own close has finished: it sets the database to open again at the next call.
  queueMicrotask(() => {
    closingHere = true;
    db.close({ disableAutoOpen: true });
    closingHere = false;
  });
});

/**
 * Opens the database again when it failed or was closed under Dexie, only with room on the disk
 * (a reopen on a full disk deleted it). false: it stays closed.
 */
export async function reopenIfRoom(): Promise<boolean> {
  if (!db.hasFailed()) return true;
  if (!(await storageGuard.roomToOpen())) return false;
  await reopenIfFailed();
  return true;
}
