import { Deflate, deflateSync } from 'fflate';
import type { ChunkRow, TabreelDb } from '../db/schema';
import { chunkJson, COMPRESSION_LEVEL, storedByteLength, type ChunkData } from './chunk-codec';

/**
 * Chunks up to this size are deflated in one call (≤ ~20 ms at level 6 here, after 250 ms without a
 * batch). fflate's streaming `Deflate` is no option for them: fed in 16 KB slices it stored 8–10%
 * more than `deflateSync` on rrweb-like JSON, fed one ≤ 256 KB push 6–50% more (measured in Node).
 */
export const DEFLATE_WHOLE_MAX_BYTES = 1024 * 1024;
/** Larger chunks (a hide flush can be MBs) go through the stream in slices this size: ~0% more. */
export const DEFLATE_SLICE_BYTES = 512 * 1024;
/** Raw chunks deflated in one pass; the caller asks again while a pass deflated some. */
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
 * deflated at level 6, each after a wait for idle (large ones in slices), and written back in a short
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
  await options.idle(); // even the look for raw chunks waits: it is a read of the chunks store
  // Every raw id (keys only): open sessions' tails may hold more than a pass deflates, and a pass
  // that only met tail chunks would end with none deflated while others still waited behind them.
  const ids = (await db.chunks.where('encoding').equals('raw').primaryKeys()) as string[];
  /** Chunks of an open session's tail met in this pass: skipped without reading them again. */
  const inTails = new Set<string>();
  let deflated = 0;
  for (const id of ids) {
    if (deflated >= CHUNKS_PER_PASS) break;
    if (inTails.has(id)) continue;
    await options.idle();
    const read = await db.transaction('r', [db.chunks, db.sessions], async () => {
      const chunk = await db.chunks.get(id);
      if (!chunk || chunk.encoding !== 'raw') return null;
      const tail = (await db.sessions.get(chunk.sessionId))?.tail?.ids ?? [];
      if (!tail.includes(id)) return chunk;
      for (const tailId of tail) inTails.add(tailId);
      return null;
    });
    if (!read) continue;
    const data = await deflateInSlices(chunkJson(read), options.idle);
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
          row.storedBytes += data.byteLength - storedByteLength(current.data);
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
    sameData(current.data, read.data)
  );
}

/** The same kind and size (text by length: no UTF-8 count needed to tell a merge or a rewrite). */
function sameData(a: ChunkData, b: ChunkData): boolean {
  if (typeof a === 'string' || typeof b === 'string')
    return typeof a === typeof b && a.length === b.length;
  return a.byteLength === b.byteLength;
}

/**
 * deflate-raw at the storage level: in one call up to DEFLATE_WHOLE_MAX_BYTES, else a slice at a
 * time, waiting for `idle` between slices.
 */
export async function deflateInSlices(
  data: Uint8Array,
  idle: () => Promise<void>,
): Promise<Uint8Array> {
  if (data.byteLength <= DEFLATE_WHOLE_MAX_BYTES)
    return deflateSync(data, { level: COMPRESSION_LEVEL });
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
