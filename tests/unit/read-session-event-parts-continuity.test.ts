// The viewer reads a session in two transactions (read-session-event-parts.ts); the service worker
// may compact the session's chunks between them. These tests run the real write path and its
// compaction there, through the reader's `beforeRestRead` hook, and check what the reader gives.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChunkRow, TabreelDb } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { encodeChunk } from '../../shared/storage/chunk-codec';
import { commitBatch } from '../../shared/storage/commit-batch';
import { createPartParser } from '../../shared/storage/create-part-parser';
import {
  readSessionEventParts,
  type SessionEventParts,
} from '../../shared/storage/read-session-event-parts';
import { recordTabClosed } from '../../shared/storage/tab-lifecycle';
import { chunkRowOf } from '../fixtures/chunk-row';
import { sequentialIds } from '../fixtures/ids';
import { DEFAULT_RULES, freshDb, storedEvents } from '../fixtures/tabreel-db';
import { at, describeTimeline, T0, timeline } from '../fixtures/timeline';

let db: TabreelDb;
let newId: () => string;
let nextSeq: number;

beforeEach(() => {
  db = freshDb();
  newId = sequentialIds();
  nextSeq = 0;
});
afterEach(() => db.close());

/** Commits the next batch of tab 1's stream, as the service worker does (compaction included). */
async function commit(events: readonly TimedEvent[]) {
  await commitBatch(db, {
    tabId: 1,
    incognito: false,
    streamId: 'stream-a',
    fromSeq: nextSeq,
    events,
    rules: DEFAULT_RULES,
    privacyLevel: 'mask-inputs',
    now: T0,
    newId,
  });
  nextSeq += events.length;
}

interface Read {
  /** Each part's events in timeline syntax, the first part first. */
  parts: string[];
  /** Every part's events in the order they were given. */
  given: TimedEvent[];
  result: SessionEventParts;
}

/** Opens session s1 at `atMs` the way the viewer does, running `between` between the two reads. */
async function readParts(atMs: number, between: () => Promise<void>): Promise<Read> {
  const parts: string[] = [];
  const given: TimedEvent[] = [];
  const take = (arrays: readonly Uint8Array[]) => {
    const parser = createPartParser();
    parser.add(arrays);
    const { events } = parser.done([]);
    given.push(...events);
    parts.push(describeTimeline(events));
  };
  const result = await readSessionEventParts(db, 's1', {
    atMs,
    onFirst: (part) => take(part.arrays),
    onPart: (part) => take(part.arrays),
    cancelled: () => false,
    yieldTask: () => Promise.resolve(),
    beforeRestRead: between,
  });
  return { parts, given, result };
}

/** A page load, then one small batch a second: the session's tail of chunks not yet merged. */
async function recordTail(): Promise<void> {
  await commit(timeline`load(/a)@0s`);
  for (const second of ['2s', '3s', '4s']) await commit(timeline`click@${second}`);
  const tail = (await db.sessions.get('s1'))!.tail!;
  expect(tail.ids).toHaveLength(4); // nothing merged yet: the head row is the tail's first
}

const closeTab = async () => {
  await recordTabClosed(db, 1, at('10s'), DEFAULT_RULES);
};

describe('readSessionEventParts while the session is compacted', () => {
  it('gives every event once and in order when the tail is merged into the first part’s chunk', async () => {
    await recordTail();
    const { parts, given, result } = await readParts(0, async () => {
      await closeTab(); // the session ends: its tail is merged into its first chunk
      expect(await db.chunks.count()).toBe(1);
    });
    expect(parts[0]).toBe('load(/a)@0s');
    expect(parts.slice(1).join(' ')).toBe('click@2s click@3s click@4s');
    expect(describeTimeline(given)).toBe(describeTimeline(await storedEvents(db, 's1')));
    expect(given).toHaveLength((await db.sessions.get('s1'))!.eventCount);
    expect(result.skippedChunks).toEqual([]);
    expect(result.unreadableChunks).toEqual([]);
  });

  it('gives every event once when the merge swallows several chunks of a deep link’s first part', async () => {
    await recordTail();
    const { parts, given, result } = await readParts(3_000, closeTab);
    expect(parts[0]).toBe('load(/a)@0s click@2s click@3s');
    expect(parts.slice(1).join(' ')).toBe('click@4s');
    expect(given).toHaveLength((await db.sessions.get('s1'))!.eventCount);
    expect(result.skippedChunks).toEqual([]);
  });

  it('gives what a merge moved once, along with batches written between the reads', async () => {
    await recordTail();
    const { given, result } = await readParts(0, async () => {
      await commit(timeline`click@5s`);
      await closeTab();
      await commit(timeline`click@6s`); // a late batch to the ended session
    });
    expect(describeTimeline(given)).toBe(
      'load(/a)@0s click@2s click@3s click@4s click@5s click@6s',
    );
    expect(given).toHaveLength((await db.sessions.get('s1'))!.eventCount);
    expect(result.skippedChunks).toEqual([]);
  });

  it('gives a chunk merged after the first part once, without repeating the first part', async () => {
    const events = timeline`load(/a)@0s click@2s click@3s click@4s`;
    const rows = [chunkOf(events.slice(0, 3), 0), chunkOf(events.slice(3, 4), 3)];
    await seedSession([...rows, chunkOf(events.slice(4), 4)], events.length);
    const { given, result } = await readParts(0, async () => {
      // The chunks after the first merged into one, under the first's id (compact-chunks.ts).
      await db.chunks.delete('stream-a:4');
      await db.chunks.put(chunkOf(events.slice(3), 3));
    });
    expect(describeTimeline(given)).toBe(describeTimeline(events));
    expect(result.skippedChunks).toEqual([]);
  });
});

describe('readSessionEventParts on chunks it cannot join', () => {
  it('leaves out a chunk stored twice over part of a range, names it, and gives the rest once', async () => {
    const events = timeline`load(/a)@0s click@2s click@3s click@4s click@5s click@6s`;
    await seedSession(
      [
        chunkOf(events.slice(0, 4), 0), // seq 0–3
        chunkOf(events.slice(2, 6), 2), // seq 2–5: events 2 and 3 again
        chunkOf(events.slice(6), 6), // seq 6–7
      ],
      events.length,
    );
    const { given, result } = await readParts(0, async () => {});
    expect(describeTimeline(given)).toBe(
      describeTimeline([...events.slice(0, 4), ...events.slice(6)]),
    );
    expect(result.skippedChunks).toEqual([
      { id: 'stream-a:2', streamId: 'stream-a', fromSeq: 2, toSeq: 5, count: 4 },
    ]);
  });

  it('names a chunk rewritten between the reads over part of what was given', async () => {
    const events = timeline`load(/a)@0s click@2s click@3s`;
    await seedSession([chunkOf(events.slice(0, 3), 0), chunkOf(events.slice(3), 3)], events.length);
    const { given, result } = await readParts(0, async () => {
      // Cut differently from the chunk given first: which of its events are new is unknown.
      await db.chunks.clear();
      await db.chunks.bulkPut([chunkOf(events.slice(0, 2), 0), chunkOf(events.slice(2), 2)]);
    });
    expect(describeTimeline(given)).toBe(describeTimeline(events.slice(0, 3)));
    expect(result.skippedChunks).toEqual([
      { id: 'stream-a:2', streamId: 'stream-a', fromSeq: 2, toSeq: 4, count: 3 },
    ]);
  });
});

/** A deflated chunk of stream-a's events from `fromSeq`, in session s1. */
const chunkOf = (events: readonly TimedEvent[], fromSeq: number): ChunkRow =>
  chunkRowOf(events, { sessionId: 's1', streamId: 'stream-a', fromSeq }, encodeChunk);

/** Session s1 as the write path makes its row, holding exactly `rows`. */
async function seedSession(rows: readonly ChunkRow[], eventCount: number): Promise<void> {
  await commit(timeline`load(/a)@0s`);
  await db.chunks.clear();
  await db.chunks.bulkPut([...rows]);
  await db.sessions.update('s1', { eventCount, tail: null });
}
