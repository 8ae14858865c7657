import { analyzePendingSessions } from '../../shared/storage/analyze-pending-sessions';
import { openDatabase } from './open-database';
import { createSerialJob } from './serial-job';

/**
 * Analyzes ended sessions in the background (shared/storage/analyze-pending-sessions.ts), a pass at
 * a time; the pending flags are in IndexedDB.
 */
export const scheduleAnalysis = createSerialJob('session analysis', async () => {
  // Not opened on a full disk: the flags wait for the next sweep or batch.
  const { db } = await openDatabase();
  if (!db) return;
  while ((await analyzePendingSessions(db)) > 0) {
    // Next batch of pending sessions.
  }
});
