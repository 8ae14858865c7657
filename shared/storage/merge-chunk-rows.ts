import type { ChunkRow } from '../db/schema';
import { storedByteLength } from './chunk-codec';

/**
 * Consecutive chunk rows of one stream and session as one row holding `data` (their events joined,
 * as `encoding` says): the first row's id and start, the last one's end. The tail compaction and
 * the background deflate both merge rows so.
 */
export function mergeChunkRows(
  parts: readonly ChunkRow[],
  merged: Pick<ChunkRow, 'data' | 'rawBytes' | 'encoding'>,
): ChunkRow {
  const { encoding: _encoding, ...first } = parts[0]!;
  return {
    ...first,
    toSeq: parts[parts.length - 1]!.toSeq,
    firstTs: Math.min(...parts.map((part) => part.firstTs)),
    lastTs: Math.max(...parts.map((part) => part.lastTs)),
    count: parts.reduce((sum, part) => sum + part.count, 0),
    ...merged,
  };
}

/** What rows count for in their session's totals (stored and raw bytes), before a merge. */
export function chunkRowsBytes(parts: readonly ChunkRow[]): { stored: number; raw: number } {
  return {
    stored: parts.reduce((sum, part) => sum + storedByteLength(part.data), 0),
    raw: parts.reduce((sum, part) => sum + part.rawBytes, 0),
  };
}
