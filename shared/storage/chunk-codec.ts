import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { TimedEvent } from '../events/tabreel-events';

// Level 6 is zlib's default: in our bench it compresses within a few percent of 9 at half the time.
const COMPRESSION_LEVEL = 6;
/**
 * A batch on the write path is deflated at level 2: measured in Chromium 156 on a 256 KB batch,
 * 3.5–5.8 ms against 6.3–11 ms at level 6 and 7–13 ms for the native CompressionStream, for
 * 8–15% more bytes. Small batches are merged into chunks deflated at level 6 anyway
 * (compact-chunks.ts), so only chunks of 128 KB and more keep the faster level's size.
 */
export const BATCH_COMPRESSION_LEVEL = 2;

export interface EncodedChunk {
  data: Uint8Array;
  rawBytes: number;
}

/** Events → deflated JSON. Synchronous on purpose: it runs inside an IndexedDB transaction. */
export function encodeChunk(events: readonly TimedEvent[]): EncodedChunk {
  return encodeChunkText(JSON.stringify(events));
}

/** The JSON text of an event array → a chunk, without parsing it again. */
export function encodeChunkText(json: string, level: 2 | 6 = COMPRESSION_LEVEL): EncodedChunk {
  const raw = strToU8(json);
  return { data: deflateSync(raw, { level }), rawBytes: raw.byteLength };
}

/** A batch's text as it arrived → its chunk, at the write path's faster level, before the transaction. */
export function encodeBatchText(json: string): EncodedChunk {
  return encodeChunkText(json, BATCH_COMPRESSION_LEVEL);
}

/**
 * A batch as it arrived: its JSON text, and optionally that text already deflated (raw deflate)
 * before the transaction opened, so the transaction itself stays short.
 */
export interface BatchText {
  json: string;
  deflated?: EncodedChunk;
}

export function decodeChunk(data: Uint8Array): TimedEvent[] {
  return parseChunkJson(inflateChunk(data));
}

/** A chunk's JSON array text, as UTF-8 bytes (inflated, not parsed). */
export function inflateChunk(data: Uint8Array): Uint8Array {
  return inflateSync(data);
}

/** Inflated chunk bytes → its events. */
export function parseChunkJson(json: Uint8Array): TimedEvent[] {
  const parsed: unknown = JSON.parse(strFromU8(json));
  if (!Array.isArray(parsed)) throw new Error('A stored chunk is not an event array.');
  return parsed as TimedEvent[];
}
