import { chunkRowsBytes, mergeChunkRows } from './merge-chunk-rows';
import { Deflate, deflateSync } from 'fflate';
import type { ChunkRow, TabreelDb } from '../db/schema';
import { chunkJson, COMPRESSION_LEVEL, type ChunkData } from './chunk-codec';
import { joinJsonArrays } from './join-json-arrays';

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
 * The write path cuts a large batch into rows below IndexedDB's value-wrapping size
 * (cut-batch-rows.ts); deflated, a batch is far below it, so the job deflates a stream's consecutive
 * raw rows together, up to this much raw JSON: as few rows as before the cut, and each deflated with
 * its neighbours' context (rows of ~60 KB deflated alone would store more).
 */
export const DEFLATE_MERGE_RAW_BYTES = 512 * 1024;

/**
 * The background half of the write path: chunks the write path stored raw (`encoding: 'raw'`) are
 * deflated at level 6, a stream's consecutive raw rows of one session together (up to
 * DEFLATE_MERGE_RAW_BYTES), each after a wait for idle (large ones in slices), and written back in a
 * short transaction of their own. Crash-safe: rows are replaced only if they are still the raw rows
 * that were read (same ids, ranges and sizes: not merged, deleted or replaced meanwhile), in one
 * transaction with their session's byte count, so a worker killed at any point leaves them raw and
 * whole, and the next pass does them again. Chunks in an open session's tail are left raw: they
 * will be merged. Returns how many chunks were written deflated.
 */
export async function deflateStoredChunks(
  db: TabreelDb,
  options: DeflateStoredChunksOptions,
): Promise<number> {
  await options.idle(); // even the look for raw chunks waits: it is a read of the chunks store
  // Every raw id (keys only): open sessions' tails may hold more than a pass deflates, and a pass
  // that only met tail chunks would end with none deflated while others still waited behind them.
  // In stream order, so that a run starts at its first row (the keys sort `s:10` before `s:2`).
  const ids = ((await db.chunks.where('encoding').equals('raw').primaryKeys()) as string[]).sort(
    byStreamAndSeq,
  );
  /** Chunks of an open session's tail, or deflated with an earlier row, met in this pass. */
  const done = new Set<string>();
  let deflated = 0;
  for (const id of ids) {
    if (deflated >= CHUNKS_PER_PASS) break;
    if (done.has(id)) continue;
    await options.idle();
    const run = await db.transaction('r', [db.chunks, db.sessions], async () => {
      const chunk = await db.chunks.get(id);
      if (!chunk || chunk.encoding !== 'raw') return null;
      const tail = (await db.sessions.get(chunk.sessionId))?.tail?.ids ?? [];
      if (tail.includes(id)) {
        for (const tailId of tail) done.add(tailId);
        return null;
      }
      const rows = [chunk];
      let bytes = chunk.rawBytes;
      for (;;) {
        const next = await db.chunks.get(`${chunk.streamId}:${rows[rows.length - 1]!.toSeq + 1}`);
        if (!next || next.encoding !== 'raw' || next.sessionId !== chunk.sessionId) break;
        if (tail.includes(next.id) || bytes + next.rawBytes > DEFLATE_MERGE_RAW_BYTES) break;
        rows.push(next);
        bytes += next.rawBytes;
      }
      for (const row of rows) done.add(row.id);
      return rows;
    });
    if (!run) continue;
    const json = run.length === 1 ? chunkJson(run[0]!) : joinJsonArrays(run.map(chunkJson));
    const data = await deflateInSlices(json, options.idle);
    await options.idle(); // the write below takes the chunks store: not while a batch wants it
    const stored = await db.transaction('rw', [db.chunks, db.sessions], async () => {
      const current = await db.chunks.bulkGet(run.map((row) => row.id));
      if (!current.every((row, i) => row !== undefined && isSameRawChunk(row, run[i]!)))
        return false;
      const first = current[0]!;
      const session = await db.sessions.get(first.sessionId);
      if (run.some((row) => session?.tail?.ids.includes(row.id))) return false;
      await db.chunks.bulkDelete(run.slice(1).map((row) => row.id));
      // Deflated: no `encoding` (schema.ts).
      const rawBytes = run.length === 1 ? first.rawBytes : json.byteLength;
      await db.chunks.put(mergeChunkRows(run, { data, rawBytes }));
      const { stored: before, raw: rawBefore } = chunkRowsBytes(run);
      // modify, not put: the row is read and written inside this transaction, nothing else lost.
      await db.sessions
        .where('id')
        .equals(first.sessionId)
        .modify((row) => {
          row.storedBytes += data.byteLength - before;
          if (run.length > 1) row.rawBytes += json.byteLength - rawBefore;
        });
      return true;
    });
    if (stored) deflated += 1;
  }
  return deflated;
}

/** `${streamId}:${fromSeq}` keys by stream, then by sequence number. */
function byStreamAndSeq(a: string, b: string): number {
  const cut = (id: string) => {
    const at = id.lastIndexOf(':');
    return [id.slice(0, at), Number(id.slice(at + 1))] as const;
  };
  const [streamA, seqA] = cut(a);
  const [streamB, seqB] = cut(b);
  return streamA < streamB ? -1 : streamA > streamB ? 1 : seqA - seqB;
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
