import type { ChunkRow } from '../db/schema';
import type { RestChunk } from './continue-chunk-read';

/**
 * A chunk a reader has been given: its stream's sequence range and event count (what
 * continue-chunk-read.ts needs to tell what is new), and its first timestamp (where a later read of
 * what changed since can start, read-session-tail.ts).
 */
export type GivenChunk = Pick<
  ChunkRow,
  'id' | 'streamId' | 'fromSeq' | 'toSeq' | 'count' | 'firstTs'
> & {
  /** In the session's open tail when it was given: a merge of that tail starts where it does. */
  inTail?: true;
};

const givenOf = ({ id, streamId, fromSeq, toSeq, count, firstTs }: ChunkRow): GivenChunk => ({
  id,
  streamId,
  fromSeq,
  toSeq,
  count,
  firstTs,
});

/**
 * What a reader has been given once it also took `rest` (a continuation of `given`,
 * continue-chunk-read.ts). A chunk merged from given ones (its first events skipped) stands in for
 * them, so no two given ranges of a stream overlap, as continueChunkRead requires.
 */
export function withGivenChunks(
  given: readonly GivenChunk[],
  rest: ReadonlyArray<Pick<RestChunk, 'row' | 'skip'>>,
): GivenChunk[] {
  const merged = rest.filter((chunk) => chunk.skip > 0).map((chunk) => chunk.row);
  const covered = (range: GivenChunk) =>
    merged.some(
      (row) =>
        row.streamId === range.streamId && row.fromSeq <= range.fromSeq && range.toSeq <= row.toSeq,
    );
  const kept = merged.length === 0 ? [...given] : given.filter((range) => !covered(range));
  for (const { row } of rest) kept.push(givenOf(row));
  return kept;
}

/** The events the given chunks hold between them. */
export function givenEventCount(given: readonly GivenChunk[]): number {
  return given.reduce((sum, chunk) => sum + chunk.count, 0);
}
