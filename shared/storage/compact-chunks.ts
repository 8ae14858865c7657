import { chunkRowsBytes, mergeChunkRows } from './merge-chunk-rows';
import type { ChunkRow, SessionRow, TabreelDb } from '../db/schema';
import { chunkJson } from './chunk-codec';
import { joinJsonArrays } from './join-json-arrays';

/**
 * Batches arrive every second, and a few KB deflated alone compress 2–4×; the same events deflated
 * as one stream compress ~9× (bench D1/R1 storage figures). So small chunks of a session are
 * merged, once their raw size reaches this, into one chunk deflated as a whole.
 */
export const COMPACT_TARGET_RAW_BYTES = 128 * 1024;

/** The session's small chunks written since its last compaction, all from one stream, in order. */
export interface ChunkTail {
  streamId: string;
  ids: string[];
  rawBytes: number;
}

/**
 * Records the chunk rows a batch just wrote for `row`'s session (one batch's rows, in order: a
 * large batch is cut into several, cut-batch-rows.ts), merging the session's tail of small chunks
 * when it is large enough, when the stream changes (a new page load), or when a big batch arrives:
 * its rows are as large as IndexedDB stores well, and stay as they are. Runs inside the caller's
 * transaction, which must include `chunks`; updates `row` in place.
 */
export async function addToTail(
  db: TabreelDb,
  row: SessionRow,
  chunks: readonly ChunkRow[],
): Promise<void> {
  const first = chunks[0];
  if (!first) return;
  const tail = row.tail ?? null;
  if (tail && tail.streamId !== first.streamId) await compactTail(db, row);
  const rawBytes = chunks.reduce((sum, chunk) => sum + chunk.rawBytes, 0);
  if (rawBytes >= COMPACT_TARGET_RAW_BYTES) {
    await compactTail(db, row);
    return;
  }
  const current = row.tail ?? { streamId: first.streamId, ids: [], rawBytes: 0 };
  row.tail = {
    ...current,
    ids: [...current.ids, ...chunks.map((chunk) => chunk.id)],
    rawBytes: current.rawBytes + rawBytes,
  };
  // A late batch of an ended session (the page's last flush): nothing follows it to merge with,
  // and a chunk left in a tail would never be deflated (deflate-stored-chunks.ts skips tails).
  if (row.tail.rawBytes >= COMPACT_TARGET_RAW_BYTES || row.endedAt !== null)
    await compactTail(db, row);
}

/**
 * Merges the session's tail into one chunk (kept under the first chunk's id), stored raw: the
 * background job deflates it whole (deflate-stored-chunks.ts), so this costs the transaction a
 * copy, not a deflate. Inside a transaction. A part that cannot be read leaves the tail as it is.
 */
export async function compactTail(db: TabreelDb, row: SessionRow): Promise<void> {
  const tail = row.tail;
  row.tail = null;
  if (!tail || tail.ids.length < 2) return;
  const parts = (await db.chunks.bulkGet(tail.ids)).filter((c): c is ChunkRow => c !== undefined);
  if (parts.length < 2) return;
  let json: Uint8Array;
  try {
    json = joinJsonArrays(parts.map(chunkJson));
  } catch {
    return; // a damaged part: the others stay readable on their own, as they are
  }
  const merged = mergeChunkRows(parts, { data: json, rawBytes: json.byteLength, encoding: 'raw' });
  const before = chunkRowsBytes(parts);
  row.storedBytes += json.byteLength - before.stored;
  row.rawBytes += json.byteLength - before.raw;
  await db.chunks.bulkDelete(parts.slice(1).map((p) => p.id));
  await db.chunks.put(merged);
}
