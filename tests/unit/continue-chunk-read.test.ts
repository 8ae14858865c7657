import { describe, expect, it } from 'vitest';
import type { ChunkRow } from '../../shared/db/schema';
import { continueChunkRead } from '../../shared/storage/continue-chunk-read';

/** A chunk row by what matters here: `stream:from-to`, one event per sequence number. */
function chunk(range: string, count?: number): ChunkRow {
  const [, streamId, from, to] = /^(\w+):(\d+)-(\d+)$/.exec(range)!;
  const fromSeq = Number(from);
  const toSeq = Number(to);
  return {
    id: `${streamId}:${fromSeq}`,
    sessionId: 's1',
    streamId: streamId!,
    fromSeq,
    toSeq,
    firstTs: fromSeq,
    lastTs: toSeq,
    count: count ?? toSeq - fromSeq + 1,
    rawBytes: 0,
    data: '[]',
  };
}

const rest = (given: string[], rows: string[]) => {
  const result = continueChunkRead(
    given.map((r) => chunk(r)),
    rows.map((r) => chunk(r)),
  );
  return {
    rest: result.rest.map(({ row, skip }) => `${row.streamId}:${row.fromSeq}-${row.toSeq}/${skip}`),
    skipped: result.skipped.map((c) => `${c.streamId}:${c.fromSeq}-${c.toSeq}`),
  };
};

describe('continueChunkRead', () => {
  it('gives chunks beside the given ones whole, and the given ones not again', () => {
    expect(rest(['a:0-9', 'b:0-4'], ['a:0-9', 'b:0-4', 'a:10-19', 'b:5-9'])).toEqual({
      rest: ['a:10-19/0', 'b:5-9/0'],
      skipped: [],
    });
  });

  it('gives a chunk merged from given ones and later ones without the given events', () => {
    expect(rest(['a:0-9', 'a:10-14'], ['a:0-29'])).toEqual({ rest: ['a:0-29/15'], skipped: [] });
  });

  it('finds the given chunks a merged one starts with among many (a deep link)', () => {
    const given = Array.from({ length: 10 }, (_, i) => `a:${i * 10}-${i * 10 + 9}`);
    const rows = [...given.slice(0, 5), 'a:50-129', 'b:0-4'];
    expect(rest(given, rows)).toEqual({ rest: ['a:50-129/50', 'b:0-4/0'], skipped: [] });
  });

  it('keeps a gap in a stream (a refused batch) as it is', () => {
    expect(rest(['a:0-9'], ['a:0-9', 'a:20-29'])).toEqual({ rest: ['a:20-29/0'], skipped: [] });
  });

  it('names what it cannot join: a range cut elsewhere, a hole inside a merge, a chunk twice', () => {
    expect(rest(['a:0-9'], ['a:5-14']).skipped).toEqual(['a:5-14']);
    expect(rest(['a:0-9', 'a:20-29'], ['a:0-39']).skipped).toEqual(['a:0-39']);
    expect(rest([], ['a:0-9', 'a:5-9', 'a:10-12'])).toEqual({
      rest: ['a:0-9/0', 'a:10-12/0'],
      skipped: ['a:5-9'],
    });
  });

  it('a merged chunk holding fewer events than were given from it is named', () => {
    const result = continueChunkRead([chunk('a:0-9')], [chunk('a:0-19', 5)]);
    expect(result.skipped.map((c) => c.id)).toEqual(['a:0']);
  });
});
