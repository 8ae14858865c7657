import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { TimedEvent } from '../events/tabreel-events';

// Level 6 is zlib's default: in our bench it compresses within a few percent of 9 at half the time.
const COMPRESSION_LEVEL = 6;

export interface EncodedChunk {
  data: Uint8Array;
  rawBytes: number;
}

/** Events → deflated JSON. Synchronous on purpose: it runs inside an IndexedDB transaction. */
export function encodeChunk(events: readonly TimedEvent[]): EncodedChunk {
  return encodeChunkText(JSON.stringify(events));
}

/** The JSON text of an event array → a chunk, without parsing it again. */
export function encodeChunkText(json: string): EncodedChunk {
  const raw = strToU8(json);
  return { data: deflateSync(raw, { level: COMPRESSION_LEVEL }), rawBytes: raw.byteLength };
}

/**
 * A batch as it arrived: its JSON text, and optionally that text already deflated (raw deflate,
 * the same format fflate writes) by a faster native compressor before the transaction opened.
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
