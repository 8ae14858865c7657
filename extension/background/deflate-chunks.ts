import { createQuietGate } from '../../shared/delivery/quiet-gate';
import { deflateStoredChunks } from '../../shared/storage/deflate-stored-chunks';
import { openDatabase } from './open-database';
import { createSerialJob } from './serial-job';

/**
 * Quiet this long after the last batch before a slice of deflate runs: longer than the gap
 * between a busy page's batches (a few tens of ms, bench S1), short next to a quiet page's second.
 */
const WRITE_QUIET_MS = 250;

/** Batches in the worker and when the last one left (handle-batch.ts enters every batch). */
export const writeActivity = createQuietGate({
  quietMs: WRITE_QUIET_MS,
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});

/**
 * Deflates the chunks the write path stored raw (shared/storage/deflate-stored-chunks.ts), a pass
 * at a time, only while no batch is being written. The raw chunks are found by their index: a
 * worker that dies mid-run leaves them raw and whole, and the next start or sweep asks again.
 */
export const scheduleChunkDeflate = createSerialJob('chunk deflate', async () => {
  // Not opened on a full disk: the raw chunks wait for the next sweep or batch.
  const { db } = await openDatabase();
  if (!db) return;
  while ((await deflateStoredChunks(db, { idle: writeActivity.whenQuiet })) > 0) {
    // The next chunks.
  }
});
