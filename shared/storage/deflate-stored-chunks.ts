import { Deflate } from 'fflate';
import type { ChunkRow, TabreelDb } from '../db/schema';
import { COMPRESSION_LEVEL } from './chunk-codec';

/** Input deflated between two waits for an idle worker: ~1 ms of level 6 here (fflate, Node). */
export const DEFLATE_SLICE_BYTES = 16 * 1024;
/** Raw chunks looked at in one pass; the caller asks again while a pass deflated some. */
const CHUNKS_PER_PASS = 50;

export interface DeflateStoredChunksOptions {
  /**
   * Resolves when the worker may spend a slice of its thread (no batch arriving or committing):
   * deflating must never make a page's batch wait (bench S1).
   */
  idle: () => Promise<void>;
}

/**
 * The background half of the write path: chunks the write path stored raw (`encoding: 'raw'`) are
 * deflated at level 6, in slices with a wait for idle between them, and written back in a short
 * transaction of their own. Crash-safe: a chunk is replaced only if it is still the raw chunk that
 * was read (same id, range and size: not merged, deleted or replaced meanwhile), in one transaction
 * with its session's byte count, so a worker killed at any point leaves it raw and whole, and the
 * next pass does it again. Chunks in an open session's tail are left raw: they will be merged.
 * Returns how many chunks were deflated.
 */
export async function deflateStoredChunks(
  db: TabreelDb,
  options: DeflateStoredChunksOptions,
): Promise<number> {
  const ids = (await db.chunks
    .where('encoding')
    .equals('raw')
    .limit(CHUNKS_PER_PASS)
    .primaryKeys()) as string[];
  let deflated = 0;
  for (const id of ids) {
    await options.idle();
    const read = await db.transaction('r', [db.chunks, db.sessions], async () => {
      const chunk = await db.chunks.get(id);
      if (!chunk || chunk.encoding !== 'raw') return null;
      const session = await db.sessions.get(chunk.sessionId);
      return session?.tail?.ids.includes(id) ? null : chunk;
    });
    if (!read) continue;
    const data = await deflateInSlices(read.data, options.idle);
    await options.idle(); // the write below takes the chunks store: not while a batch wants it
    const stored = await db.transaction('rw', [db.chunks, db.sessions], async () => {
      const current = await db.chunks.get(id);
      if (!current || !isSameRawChunk(current, read)) return false;
      const session = await db.sessions.get(current.sessionId);
      if (session?.tail?.ids.includes(id)) return false;
      const { encoding: _raw, ...rest } = current;
      await db.chunks.put({ ...rest, data });
      // modify, not put: the row is read and written inside this transaction, nothing else lost.
      await db.sessions
        .where('id')
        .equals(current.sessionId)
        .modify((row) => {
          row.storedBytes += data.byteLength - current.data.byteLength;
        });
      return true;
    });
    if (stored) deflated += 1;
  }
  return deflated;
}

function isSameRawChunk(current: ChunkRow, read: ChunkRow): boolean {
  return (
    current.encoding === 'raw' &&
    current.fromSeq === read.fromSeq &&
    current.toSeq === read.toSeq &&
    current.data.byteLength === read.data.byteLength
  );
}

/** deflate-raw at the storage level, a slice at a time, waiting for `idle` before each. */
export async function deflateInSlices(
  data: Uint8Array,
  idle: () => Promise<void>,
): Promise<Uint8Array> {
  const out: Uint8Array[] = [];
  const stream = new Deflate({ level: COMPRESSION_LEVEL }, (part) => out.push(part));
  for (let at = 0; ; at += DEFLATE_SLICE_BYTES) {
    const end = Math.min(at + DEFLATE_SLICE_BYTES, data.byteLength);
    stream.push(data.subarray(at, end), end === data.byteLength);
    if (end === data.byteLength) break;
    await idle();
  }
  const joined = new Uint8Array(out.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of out) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
}
