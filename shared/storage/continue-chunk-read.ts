import type { ChunkRow } from '../db/schema';

/** What a chunk already given to the reader covered: its stream's sequence range and event count. */
export type ChunkRange = Pick<ChunkRow, 'id' | 'streamId' | 'fromSeq' | 'toSeq' | 'count'>;

/** A chunk still to give, without its first `skip` events (they were given in another chunk). */
export interface RestChunk {
  row: ChunkRow;
  skip: number;
}

/** A chunk left out: its sequence range overlaps what was given or another chunk's. */
export interface SkippedChunk {
  id: string;
  streamId: string;
  fromSeq: number;
  toSeq: number;
  /** The events it holds (some may have been given already through another chunk). */
  count: number;
}

export interface ChunkContinuation {
  /** Every event of `rows` not given yet, each once, in the order of `rows`. */
  rest: RestChunk[];
  /** Chunks that could not be joined without giving some events twice or skipping some. */
  skipped: SkippedChunk[];
}

const byStreamThenSeq = (a: ChunkRange, b: ChunkRange) =>
  a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.fromSeq - b.fromSeq;

/**
 * What of `rows` (one consistent read of a session's chunks) continues the chunks already `given`,
 * by each stream's sequence numbers: a chunk beside them is given whole, one inside a given chunk not
 * again, and one that a compaction merged from given chunks and later ones (`compact-chunks.ts`
 * keeps the first part's id and range start) without the given ones' events, which are its first
 * ones. Anything else that overlaps (a range cut differently, or two stored chunks holding the same
 * events) is left out and named: giving it would repeat events, and only part of it is new.
 */
export function continueChunkRead(
  given: readonly ChunkRange[],
  rows: readonly ChunkRow[],
): ChunkContinuation {
  const givenByStream = new Map<string, ChunkRange[]>();
  for (const range of [...given].sort(byStreamThenSeq)) {
    const list = givenByStream.get(range.streamId) ?? [];
    list.push(range);
    givenByStream.set(range.streamId, list);
  }
  /** Per stream, the highest sequence number of a chunk taken: rows come in sequence order. */
  const takenTo = new Map<string, number>();
  const skipOf = new Map<ChunkRow, number>();
  const skipped: SkippedChunk[] = [];
  for (const row of [...rows].sort(byStreamThenSeq)) {
    const skip = alreadyGiven(row, givenByStream.get(row.streamId) ?? []);
    const before = takenTo.get(row.streamId);
    if (skip === null || (before !== undefined && row.fromSeq <= before)) {
      const { id, streamId, fromSeq, toSeq, count } = row;
      skipped.push({ id, streamId, fromSeq, toSeq, count });
      continue;
    }
    takenTo.set(row.streamId, Math.max(before ?? -Infinity, row.toSeq));
    if (skip < row.count) skipOf.set(row, skip);
  }
  const rest = rows.flatMap((row) => {
    const skip = skipOf.get(row);
    return skip === undefined ? [] : [{ row, skip }];
  });
  return { rest, skipped };
}

/**
 * How many of `row`'s first events were given already (`given`: its stream's given chunks, in
 * sequence order, none overlapping another): 0 beside them, all inside one, the given ones' count
 * when they are its start without a hole. Null: it cannot tell.
 */
function alreadyGiven(row: ChunkRange, given: readonly ChunkRange[]): number | null {
  // The first given range that ends at or after the row starts: a binary search (long sessions).
  let low = 0;
  let high = given.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (given[middle]!.toSeq < row.fromSeq) low = middle + 1;
    else high = middle;
  }
  const inside: ChunkRange[] = [];
  for (let i = low; i < given.length && given[i]!.fromSeq <= row.toSeq; i++) inside.push(given[i]!);
  if (inside.length === 0) return 0;
  const [first] = inside;
  if (inside.length === 1 && first!.fromSeq <= row.fromSeq && row.toSeq <= first!.toSeq)
    return row.count;
  if (first!.fromSeq !== row.fromSeq || inside.at(-1)!.toSeq > row.toSeq) return null;
  // A hole between given ranges may have held events of `row`: where they sit in it is unknown.
  for (let i = 1; i < inside.length; i++)
    if (inside[i]!.fromSeq !== inside[i - 1]!.toSeq + 1) return null;
  const count = inside.reduce((sum, range) => sum + range.count, 0);
  return count <= row.count ? count : null;
}
