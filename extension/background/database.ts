import { openTabreelDb } from '../../shared/db/schema';

/** Opened once per service-worker life; Dexie reopens it after the worker restarts. */
export const db = openTabreelDb();

/**
 * Opens the database again if opening it failed. When the disk fills, Chromium closes it under
 * Dexie, Dexie's reopen fails, and Dexie then refuses every later call without trying again: the
 * worker could store nothing until it restarted, though the disk had room again
 * (tests/e2e/stop-disk-full.e2e.ts).
 */
export async function reopenIfFailed(): Promise<void> {
  if (db.hasFailed()) await db.open().catch(() => undefined);
}
