import { describe, expect, it } from 'vitest';
import type { ChunkRow } from '../../shared/db/schema';
import {
  givenEventCount,
  withGivenChunks,
  type GivenChunk,
} from '../../shared/storage/given-chunks';

const range = (streamId: string, fromSeq: number, toSeq: number): GivenChunk => ({
  id: `${streamId}:${fromSeq}`,
  streamId,
  fromSeq,
  toSeq,
  count: toSeq - fromSeq + 1,
  firstTs: fromSeq * 1000,
});
const row = (streamId: string, fromSeq: number, toSeq: number) =>
  ({ ...range(streamId, fromSeq, toSeq), sessionId: 's1' }) as ChunkRow;

describe('withGivenChunks', () => {
  it('adds chunks beside the given ones', () => {
    const given = [range('a', 0, 2)];
    const next = withGivenChunks(given, [{ row: row('a', 3, 5), skip: 0 }]);
    expect(next.map((c) => c.id)).toEqual(['a:0', 'a:3']);
    expect(givenEventCount(next)).toBe(6);
    expect(given).toHaveLength(1); // not changed in place
  });

  it('lets a chunk merged from given ones stand in for them, in its own stream only', () => {
    const given = [range('a', 0, 2), range('a', 3, 5), range('b', 0, 4)];
    const next = withGivenChunks(given, [{ row: row('a', 0, 9), skip: 6 }]);
    expect(next.map((c) => `${c.id}..${c.toSeq}`)).toEqual(['b:0..4', 'a:0..9']);
    expect(givenEventCount(next)).toBe(15);
  });
});
