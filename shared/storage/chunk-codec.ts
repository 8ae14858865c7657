import { deflateSync, inflateSync, strFromU8, strToU8, type DeflateOptions } from 'fflate';
import type { TimedEvent } from '../events/tabreel-events';

// Level 6 is zlib's default: in our bench it compresses within a few percent of 9 at half the time.
export const COMPRESSION_LEVEL: NonNullable<DeflateOptions['level']> = 6;

/**
 * How a chunk's bytes are stored. Absent: deflate-raw (every chunk before schema v5, and every
 * chunk once the background job has been through it). `raw`: the UTF-8 JSON as it arrived, written
 * on the write path so that deflating never competes with commits for the worker's one thread
 * (bench S1); `shared/storage/deflate-stored-chunks.ts` deflates it when the worker is idle.
 */
export type ChunkEncoding = 'raw';

export interface EncodedChunk {
  data: Uint8Array;
  rawBytes: number;
  /** Absent for deflate-raw. */
  encoding?: ChunkEncoding;
}

/** What a reader needs of a stored chunk to get its JSON back. */
export interface StoredChunkBytes {
  data: Uint8Array;
  encoding?: ChunkEncoding;
}

/** Events → deflated JSON (imports, tests): deflated at once, nothing left for the job. */
export function encodeChunk(events: readonly TimedEvent[]): EncodedChunk {
  return encodeChunkText(JSON.stringify(events));
}

/** The JSON text of an event array → a deflated chunk, without parsing it again. */
export function encodeChunkText(json: string): EncodedChunk {
  const raw = strToU8(json);
  return { data: deflateSync(raw, { level: COMPRESSION_LEVEL }), rawBytes: raw.byteLength };
}

/** Events → a raw chunk (the write path: UTF-8 only, deflated later by the background job). */
export function encodeRawChunk(events: readonly TimedEvent[]): EncodedChunk {
  return encodeBatchText(JSON.stringify(events));
}

/**
 * A batch's text as it arrived → its chunk on the write path: UTF-8 bytes, not deflated (a
 * 256 KB batch took ~6 ms to deflate at level 2, in the same thread as the commits; S1).
 */
export function encodeBatchText(json: string): EncodedChunk {
  const data = strToU8(json);
  return { data, rawBytes: data.byteLength, encoding: 'raw' };
}

/**
 * A batch as it arrived: its JSON text, and optionally that text already encoded before the
 * transaction opened, so the transaction itself stays short.
 */
export interface BatchText {
  json: string;
  encoded?: EncodedChunk;
}

/** A stored chunk → its events. */
export function decodeChunk(chunk: StoredChunkBytes): TimedEvent[] {
  return parseChunkJson(chunkJson(chunk));
}

/** A stored chunk's JSON array text, as UTF-8 bytes (inflated if it was deflated, not parsed). */
export function chunkJson(chunk: StoredChunkBytes): Uint8Array {
  return chunk.encoding === 'raw' ? chunk.data : inflateSync(chunk.data);
}

/** Inflated chunk bytes → its events. */
export function parseChunkJson(json: Uint8Array): TimedEvent[] {
  const parsed: unknown = JSON.parse(strFromU8(json));
  if (!Array.isArray(parsed)) throw new Error('A stored chunk is not an event array.');
  return parsed as TimedEvent[];
}
