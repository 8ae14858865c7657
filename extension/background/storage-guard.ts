import { storageBudgetOf } from '../../shared/storage/enforce-budget';
import { createStorageGuard } from '../../shared/storage/storage-guard';
import { spaceLeftOf } from '../../shared/storage/room-to-open';
import { deflateStoredChunks } from '../../shared/storage/deflate-stored-chunks';
import { db } from './database';
import { loadSettings } from './settings';
import { statusStore } from './status';

/**
 * The storage budget and the disk-full flag for this worker (shared/storage/storage-guard.ts). Its
 * reads and writes run after the gate opened the database (open-database.ts): on a closed one they
 * fail, they never open it.
 */
export const storageGuard = createStorageGuard({
  db,
  status: statusStore,
  budget: async () => storageBudgetOf(await loadSettings()),
  now: () => Date.now(),
  // Not waiting for a quiet worker: the batch that hit the full disk is waiting for this.
  spaceLeft: async () => spaceLeftOf(await navigator.storage.estimate()),
  compact: async () => {
    while ((await deflateStoredChunks(db, { idle: () => Promise.resolve() })) > 0) {
      // The next chunks.
    }
  },
});
