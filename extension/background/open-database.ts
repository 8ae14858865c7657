import type { TabreelDb } from '../../shared/db/schema';
import { createDatabaseGate } from '../../shared/storage/database-gate';
import { recordPendingBrowserStart } from './browser-start';
import { db } from './database';
import { storageGuard } from './storage-guard';

/** The database to use now, or why not (the caller keeps its work for a later call). */
export type WorkerDatabase = { db: TabreelDb } | { db: null; noRoom: boolean; why: string };

// The guard's own reading of the browser's estimate, and its rule (MIN_FREE_BYTES).
const gate = createDatabaseGate({
  db,
  roomToOpen: () => storageGuard.roomToOpen(),
  // A browser start met on a full disk, before any batch of the new run is stored.
  afterOpen: () => recordPendingBrowserStart(db),
});

/**
 * The one way to the worker's database (shared/storage/database-gate.ts): open already, at once;
 * closed (a fresh worker, or Chromium closed it on a full disk), opened only with room on the disk.
 */
export async function openDatabase(): Promise<WorkerDatabase> {
  const access = await gate.ready();
  return access.open ? { db } : { db: null, noRoom: access.noRoom, why: access.why };
}
