import { openTabreelDb } from '../../shared/db/schema';

/** Opened once per service-worker life; Dexie reopens it after the worker restarts. */
export const db = openTabreelDb();

/**
 * Opens the database again if opening it failed, or it was closed under Dexie (storage-guard.ts):
 * Dexie then refuses every later call without trying again, and the worker could store nothing
 * until it restarted, though the disk had room again (tests/e2e/stop-disk-full.e2e.ts). Callers
 * ask first whether the disk has room: a reopen on a full disk deleted the database.
 */
export async function reopenIfFailed(): Promise<void> {
  if (db.hasFailed()) await db.open().catch(() => undefined);
}
