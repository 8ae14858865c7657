import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChunkRow, TabreelDb } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { encodeChunk } from '../../shared/storage/chunk-codec';
import { createPartParser } from '../../shared/storage/create-part-parser';
import {
  readSessionEventParts,
  type EventTextPart,
} from '../../shared/storage/read-session-event-parts';
import { freshDb } from '../fixtures/tabreel-db';

const T0 = 1_700_000_000_000;
let db: TabreelDb;

beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

/** One event a second; chunk i holds seconds [i*per, (i+1)*per). */
async function seed(chunks: number, per: number, bigEvents = false): Promise<void> {
  const rows: ChunkRow[] = [];
  for (let i = 0; i < chunks; i++) {
    const events: TimedEvent[] = Array.from({ length: per }, (_, k) => ({
      type: 3,
      timestamp: T0 + (i * per + k) * 1000,
      data: { source: 1, pad: bigEvents ? 'x'.repeat(20_000) : '' },
    })) as unknown as TimedEvent[];
    const { data, rawBytes } = encodeChunk(events);
    rows.push({
      id: `s1-stream:${i * per}`,
      sessionId: 's1',
      streamId: 's1-stream',
      fromSeq: i * per,
      toSeq: i * per + per - 1,
      firstTs: events[0]!.timestamp,
      lastTs: events[per - 1]!.timestamp,
      count: per,
      rawBytes,
      data,
    });
  }
  await db.chunks.bulkPut(rows);
}

const secondsOf = (part: EventTextPart) => {
  const parser = createPartParser();
  parser.add(part.arrays);
  return parser.done([]).events.map((e) => (e.timestamp - T0) / 1000);
};

async function readParts(atMs: number) {
  const parts: Array<{ first: boolean; seconds: number[]; last: boolean }> = [];
  const all = await readSessionEventParts(db, 's1', {
    atMs,
    onFirst: (part) => void parts.push({ first: true, seconds: secondsOf(part), last: part.last }),
    onPart: (part) => void parts.push({ first: false, seconds: secondsOf(part), last: part.last }),
    cancelled: () => false,
    yieldTask: () => Promise.resolve(),
  });
  return { parts, all };
}

describe('readSessionEventParts', () => {
  it('gives the first chunk first, then the rest in time order, the last part saying so', async () => {
    await seed(4, 3);
    const { parts, all } = await readParts(0);
    expect(parts[0]).toEqual({ first: true, seconds: [0, 1, 2], last: false });
    expect(parts.slice(1).flatMap((p) => p.seconds)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(parts.at(-1)!.last).toBe(true);
    expect(parts.slice(1, -1).every((p) => !p.last)).toBe(true);
    expect(all.arrays).toHaveLength(4);
  });

  it('opening at a moment, the first part holds every chunk that starts by then', async () => {
    await seed(4, 3);
    const { parts } = await readParts(6_000);
    expect(parts[0]!.seconds).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parts.slice(1).flatMap((p) => p.seconds)).toEqual([9, 10, 11]);
  });

  it('splits a large rest into parts of about a megabyte', async () => {
    await seed(12, 10, true); // ~200 KB of JSON per chunk
    const { parts } = await readParts(0);
    const rest = parts.slice(1);
    expect(rest.length).toBeGreaterThan(1);
    expect(rest.flatMap((p) => p.seconds)).toHaveLength(110);
  });

  it('an only chunk comes first, then an empty last part', async () => {
    await seed(1, 2);
    const { parts } = await readParts(0);
    expect(parts).toEqual([
      { first: true, seconds: [0, 1], last: false },
      { first: false, seconds: [], last: true },
    ]);
  });

  it('opening exactly where a later chunk starts, or past the last one, the first part reaches it', async () => {
    await seed(2, 3);
    expect((await readParts(3_000)).parts).toEqual([
      { first: true, seconds: [0, 1, 2, 3, 4, 5], last: false },
      { first: false, seconds: [], last: true },
    ]);
    expect((await readParts(60_000)).parts[0]!.seconds).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('chunks that start at the same moment (two page loads) all come first', async () => {
    await seed(3, 2);
    // A second stream whose first chunk starts with the session's first one, and one later.
    for (const [i, from] of [0, 10].entries()) {
      const events = [{ type: 3, timestamp: T0 + from * 1000, data: { source: 1 } }];
      const { data, rawBytes } = encodeChunk(events as unknown as TimedEvent[]);
      await db.chunks.put({
        id: `s1-other:${i}`,
        sessionId: 's1',
        streamId: 's1-other',
        fromSeq: i,
        toSeq: i,
        firstTs: T0 + from * 1000,
        lastTs: T0 + from * 1000,
        count: 1,
        rawBytes,
        data,
      });
    }
    const { parts } = await readParts(0);
    expect(parts[0]).toEqual({ first: true, seconds: [0, 0, 1], last: false });
    expect(parts.slice(1).flatMap((p) => p.seconds)).toEqual([2, 3, 4, 5, 10]);
  });

  it('a session without chunks is one empty last part', async () => {
    const { parts } = await readParts(0);
    expect(parts).toEqual([{ first: true, seconds: [], last: true }]);
  });

  it('a corrupt chunk is reported, the others read; an unparsable one is counted by the parser', async () => {
    await seed(3, 2);
    await db.chunks.update('s1-stream:2', { data: new Uint8Array([0xde, 0xad]) });
    const { parts, all } = await readParts(0);
    expect(parts.flatMap((p) => p.seconds)).toEqual([0, 1, 4, 5]);
    expect(all.unreadableChunks).toEqual(['s1-stream:2']);
    const parser = createPartParser();
    parser.add([new TextEncoder().encode('[{"oops]')]);
    expect(parser.done(['x']).unreadableChunks).toEqual(['x', 'chunk 1']);
  });

  it('stops before the next part once cancelled', async () => {
    await seed(12, 10, true);
    let parts = 0;
    await readSessionEventParts(db, 's1', {
      atMs: 0,
      onFirst: () => void (parts += 1),
      onPart: () => void (parts += 1),
      cancelled: () => parts >= 2,
      yieldTask: () => Promise.resolve(),
    });
    expect(parts).toBe(2);
  });
});
