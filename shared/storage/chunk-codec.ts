import { deflateSync, inflateSync, strFromU8, strToU8, type DeflateOptions } from 'fflate';
import type { TimedEvent } from '../events/tabreel-events';
import type { ChunkPiece } from './cut-batch-rows';

// Level 6 is zlib's default: in our bench it compresses within a few percent of 9 at half the time.
export const COMPRESSION_LEVEL: NonNullable<DeflateOptions['level']> = 6;

/**
 * How a chunk's bytes are stored. Absent: deflate-raw (every chunk before schema v5, and every
 * chunk once the background job has been through it). `raw`: the JSON as it arrived, written on
 * the write path so that deflating never competes with commits for the worker's one thread (bench
 * S1); `shared/storage/deflate-stored-chunks.ts` deflates it when the worker is idle. A raw chunk's
 * data is the JSON text itself (the write path) or its UTF-8 bytes (merged tails, older rows).
 */
export type ChunkEncoding = 'raw';

/**
 * A chunk's stored data: deflate-raw bytes, or with `encoding: 'raw'` the JSON's UTF-8 bytes or
 * its text. The text is what the write path stores: no encoding pass, and IndexedDB copies a string
 * in about half the time of the same bytes (probe in the extension's worker, 600 KB: 1.9 vs 6 ms).
 */
export type ChunkData = Uint8Array | string;

export interface EncodedChunk {
  data: ChunkData;
  rawBytes: number;
  /** Absent for deflate-raw. */
  encoding?: ChunkEncoding;
  /**
   * `storedByteLength(data)`, when the encoder already knew it: the transaction then need not scan
   * the text again (a regex pass over the whole batch, ~1 ms a MB, S1).
   */
  storedBytes?: number;
}

/** What a reader needs of a stored chunk to get its JSON back. */
export interface StoredChunkBytes {
  data: ChunkData;
  encoding?: ChunkEncoding;
}

/** Events → deflated JSON (imports, tests): deflated at once, nothing left for the job. */
export function encodeChunk(events: readonly TimedEvent[]): DeflatedChunk {
  return encodeChunkText(JSON.stringify(events));
}

/** The JSON text of an event array → a deflated chunk, without parsing it again. */
export function encodeChunkText(json: string): DeflatedChunk {
  const raw = strToU8(json);
  return { data: deflateSync(raw, { level: COMPRESSION_LEVEL }), rawBytes: raw.byteLength };
}

/** A chunk deflated at once (imports, tests): its data is bytes. */
export interface DeflatedChunk extends EncodedChunk {
  data: Uint8Array;
}

/** Events → a raw chunk (the write path: UTF-8 only, deflated later by the background job). */
export function encodeRawChunk(events: readonly TimedEvent[]): EncodedChunk {
  return encodeBatchText(JSON.stringify(events));
}

/**
 * A batch's text as it arrived → its chunk on the write path: the text itself, neither deflated
 * (a 256 KB batch took ~6 ms at level 2, in the same thread as the commits; S1) nor encoded.
 */
export function encodeBatchText(json: string, ascii = isAscii(json)): EncodedChunk {
  // One scan answers both sizes for ASCII text (nearly all of it): no other pass in the transaction.
  if (ascii)
    return { data: json, rawBytes: json.length, encoding: 'raw', storedBytes: json.length };
  return {
    data: json,
    rawBytes: utf8ByteLength(json),
    encoding: 'raw',
    storedBytes: storedByteLength(json),
  };
}

// eslint-disable-next-line no-control-regex -- Latin-1 starts at NUL
const BEYOND_LATIN1 = /[^\x00-\xff]/;

/**
 * The size a chunk's data counts for in the session's stored bytes (the storage budget). Text as
 * the browser keeps it: one byte a character while all are Latin-1, else two (UTF-16): a single
 * curly quote doubles a mostly-ASCII batch.
 */
export function storedByteLength(data: ChunkData): number {
  if (typeof data !== 'string') return data.byteLength;
  return BEYOND_LATIN1.test(data) ? data.length * 2 : data.length;
}

// Recorded text is nearly always ASCII: one scan answers that, without an encoding pass.
// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
const NON_ASCII = /[^\x00-\x7f]/;

/** Whether text is all ASCII (its UTF-8 and stored sizes are then its length). */
export const isAscii = (text: string): boolean => !NON_ASCII.test(text);

/** Whether text is all Latin-1 (the browser then keeps it at one byte a character). */
export const isLatin1 = (text: string): boolean => !BEYOND_LATIN1.test(text);

/** UTF-8 length of a string, without encoding it (a lone surrogate counts 3, as TextEncoder's U+FFFD). */
export function utf8ByteLength(text: string): number {
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        bytes += 4;
        i += 1;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * A batch as it arrived: its JSON text, and optionally that text already cut into its rows before
 * the transaction opened (cut-batch-rows.ts), so the transaction itself stays short.
 */
export interface BatchText {
  json: string;
  /** null: the text could not be cut as it is (the transaction stores the parsed events). */
  pieces?: ChunkPiece[] | null;
}

/** A stored chunk → its events. */
export function decodeChunk(chunk: StoredChunkBytes): TimedEvent[] {
  return parseChunkJson(chunkJson(chunk));
}

/** A stored chunk's JSON array text, as UTF-8 bytes (inflated if it was deflated, not parsed). */
export function chunkJson(chunk: StoredChunkBytes): Uint8Array {
  if (typeof chunk.data === 'string') {
    if (chunk.encoding !== 'raw') throw new Error('A deflated chunk holds text.');
    return strToU8(chunk.data);
  }
  return chunk.encoding === 'raw' ? chunk.data : inflateSync(chunk.data);
}

/** Inflated chunk bytes → its events. */
export function parseChunkJson(json: Uint8Array): TimedEvent[] {
  const parsed: unknown = JSON.parse(strFromU8(json));
  if (!Array.isArray(parsed)) throw new Error('A stored chunk is not an event array.');
  return parsed as TimedEvent[];
}
