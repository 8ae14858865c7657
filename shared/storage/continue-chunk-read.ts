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

const overlaps = (a: ChunkRange, b: ChunkRange) =>
  a.streamId === b.streamId && a.fromSeq <= b.toSeq && b.fromSeq <= a.toSeq;

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
  const givenInOrder = [...given].sort(byStreamThenSeq);
  const taken: ChunkRange[] = [];
  const skipOf = new Map<ChunkRow, number>();
  const skipped: SkippedChunk[] = [];
  for (const row of [...rows].sort(byStreamThenSeq)) {
    const skip = alreadyGiven(row, givenInOrder);
    if (skip === null || taken.some((other) => overlaps(other, row))) {
      const { id, streamId, fromSeq, toSeq, count } = row;
      skipped.push({ id, streamId, fromSeq, toSeq, count });
      continue;
    }
    taken.push(row);
    if (skip < row.count) skipOf.set(row, skip);
  }
  const rest = rows.flatMap((row) => {
    const skip = skipOf.get(row);
    return skip === undefined ? [] : [{ row, skip }];
  });
  return { rest, skipped };
}

/**
 * How many of `row`'s first events were given already: 0 beside the given chunks, all of them
 * inside one, the given ones' count when they are its start without a hole. Null: it cannot tell.
 */
function alreadyGiven(row: ChunkRange, given: readonly ChunkRange[]): number | null {
  const inside = given.filter((range) => overlaps(range, row));
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
