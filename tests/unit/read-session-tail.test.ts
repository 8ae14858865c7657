// A session open in the viewer while it records: the viewer reads what it gained since
// (read-session-tail.ts) after each batch. These tests run the real write path, its compaction and
// the tab's closing between the reads, and check that every event is given once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TabreelDb } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { commitBatch } from '../../shared/storage/commit-batch';
import { createPartParser } from '../../shared/storage/create-part-parser';
import type { GivenChunk } from '../../shared/storage/given-chunks';
import { mergeChunkRows } from '../../shared/storage/merge-chunk-rows';
import { joinJsonArrays } from '../../shared/storage/join-json-arrays';
import { chunkJson } from '../../shared/storage/chunk-codec';
import { readSessionEventParts } from '../../shared/storage/read-session-event-parts';
import { readSessionTail } from '../../shared/storage/read-session-tail';
import { recordTabClosed } from '../../shared/storage/tab-lifecycle';
import { sequentialIds } from '../fixtures/ids';
import { DEFAULT_RULES, freshDb, storedEvents } from '../fixtures/tabreel-db';
import { at, describeTimeline, T0, timeline } from '../fixtures/timeline';

let db: TabreelDb;
let newId: () => string;
const nextSeq = new Map<string, number>();

beforeEach(() => {
  db = freshDb();
  newId = sequentialIds();
  nextSeq.clear();
});
afterEach(() => db.close());

/** Commits the next batch of tab 1's stream, as the service worker does (compaction included). */
async function commit(events: readonly TimedEvent[], streamId = 'stream-a') {
  const fromSeq = nextSeq.get(streamId) ?? 0;
  await commitBatch(db, {
    tabId: 1,
    incognito: false,
    streamId,
    fromSeq,
    events,
    rules: DEFAULT_RULES,
    privacyLevel: 'mask-inputs',
    now: T0,
    newId,
  });
  nextSeq.set(streamId, fromSeq + events.length);
}

const describeArrays = (arrays: readonly Uint8Array[]) => {
  const parser = createPartParser();
  parser.add(arrays);
  return describeTimeline(parser.done([]).events);
};

/** Opens session s1 as the viewer does; returns what it was given. */
async function open(): Promise<{ seen: string[]; given: GivenChunk[] }> {
  const seen: string[] = [];
  const result = await readSessionEventParts(db, 's1', {
    atMs: 0,
    onFirst: (part) => void seen.push(describeArrays(part.arrays)),
    onPart: (part) => void seen.push(describeArrays(part.arrays)),
    cancelled: () => false,
    yieldTask: () => Promise.resolve(),
  });
  return { seen: seen.filter(Boolean), given: result.given };
}

describe('readSessionTail', () => {
  it('reads nothing new when the session gained nothing', async () => {
    await commit(timeline`load(/a)@0s click@1s`);
    const { given } = await open();
    const tail = await readSessionTail(db, 's1', given);
    expect(tail.count).toBe(0);
    expect(tail.arrays).toEqual([]);
    expect(tail.row?.endedAt).toBeNull();
  });

  it('gives each batch committed since, once, batch after batch', async () => {
    await commit(timeline`load(/a)@0s`);
    let { given } = await open();
    await commit(timeline`click@2s`);
    await commit(timeline`click@3s`);
    let tail = await readSessionTail(db, 's1', given);
    expect(describeArrays(tail.arrays)).toBe('click@2s click@3s');
    expect(tail.count).toBe(2);
    given = tail.given;
    await commit(timeline`click@4s`);
    tail = await readSessionTail(db, 's1', given);
    expect(describeArrays(tail.arrays)).toBe('click@4s');
    expect(tail.given.reduce((sum, c) => sum + c.count, 0)).toBe(tail.row!.eventCount);
  });

  it('gives only the new events of a tail merged since, and of a new page load', async () => {
    await commit(timeline`load(/a)@0s`);
    await commit(timeline`click@1s`);
    const { given } = await open();
    await commit(timeline`click@2s`);
    // A new page load is a new stream: the old stream's tail is merged into its first chunk.
    await commit(timeline`load(/b)@3s`, 'stream-b');
    expect((await db.chunks.where('streamId').equals('stream-a').count()) === 1).toBe(true);
    const tail = await readSessionTail(db, 's1', given);
    expect(describeArrays(tail.arrays)).toBe('click@2s load(/b)@3s');
    expect(tail.skippedChunks).toEqual([]);
  });

  it('sees the session end when its tab closes, with its tail merged and a late batch', async () => {
    await commit(timeline`load(/a)@0s`);
    await commit(timeline`click@1s`);
    let { given } = await open();
    await commit(timeline`click@2s`);
    let tail = await readSessionTail(db, 's1', given);
    given = tail.given;
    await recordTabClosed(db, 1, at('10s'), DEFAULT_RULES);
    tail = await readSessionTail(db, 's1', given);
    expect(tail.count).toBe(0);
    expect(tail.row?.endedAt).toBe(at('10s'));
    given = tail.given;
    await commit(timeline`click@9s`); // the page's last flush, after the close was recorded
    tail = await readSessionTail(db, 's1', given);
    expect(describeArrays(tail.arrays)).toBe('click@9s');
    expect(tail.given.reduce((sum, c) => sum + c.count, 0)).toBe(tail.row!.eventCount);
  });

  it('reads the whole session again when a merge reached further back than the open tail', async () => {
    await commit(timeline`load(/a)@0s`);
    await commit(timeline`click@1s`);
    await commit(timeline`click@2s`);
    const { given } = await open();
    await commit(timeline`click@3s`);
    // Every chunk of the stream merged into its first (as a deflate over raw rows would), out of
    // the tail's bookkeeping: the near read misses it, the count does not add up.
    const parts = await db.chunks.where('sessionId').equals('s1').sortBy('fromSeq');
    const json = joinJsonArrays(parts.map(chunkJson));
    await db.transaction('rw', db.chunks, db.sessions, async () => {
      await db.chunks.bulkDelete(parts.slice(1).map((p) => p.id));
      await db.chunks.put(
        mergeChunkRows(parts, { data: json, rawBytes: json.byteLength, encoding: 'raw' }),
      );
      await db.sessions.update('s1', { tail: null });
    });
    const tail = await readSessionTail(db, 's1', given);
    expect(describeArrays(tail.arrays)).toBe('click@3s');
    expect(tail.given).toHaveLength(1);
    expect(describeTimeline(await storedEvents(db, 's1'))).toBe(
      'load(/a)@0s click@1s click@2s click@3s',
    );
  });

  it('reads what the page recording now can still change, not all it recorded before', async () => {
    // Batches of 40 KB (a custom event padded): page /b's stored rows grow past its open tail.
    const padded = (second: number) => [
      {
        type: 5,
        timestamp: at(`${second}s`),
        data: { tag: 'pad', payload: { text: 'x'.repeat(40_000) } },
      },
    ];
    await commit(timeline`load(/a)@0s click@1s`);
    await commit(timeline`load(/b)@2s`, 'stream-b');
    for (let second = 3; second <= 60; second += 1) await commit(padded(second), 'stream-b');
    let { given } = await open();
    const rows = await db.chunks.count();
    let read = 0;
    db.chunks.hook('reading', (row) => {
      read += 1;
      return row;
    });
    const reads: number[] = [];
    for (let second = 61; second <= 70; second += 1) {
      await commit(padded(second), 'stream-b');
      read = 0;
      const tail = await readSessionTail(db, 's1', given);
      expect(tail.count).toBe(1);
      given = tail.given;
      reads.push(read);
    }
    // Each read: the open tail (a few rows, merged at 128 KB) and what came since; never the whole
    // page (every row after page /a's last chunk, as when every stream's last chunk was pinned).
    expect(Math.max(...reads), `rows read per batch of ${rows}: ${reads.join(' ')}`).toBeLessThan(
      8,
    );
    expect(rows).toBeGreaterThan(16);
  });

  it('says the session is gone once it was deleted', async () => {
    await commit(timeline`load(/a)@0s`);
    const { given } = await open();
    await db.sessions.delete('s1');
    expect((await readSessionTail(db, 's1', given)).row).toBeNull();
  });
});
