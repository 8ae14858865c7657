import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TabreelDb } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { commitBatch } from '../../shared/storage/commit-batch';
import { decodeChunk, storedByteLength } from '../../shared/storage/chunk-codec';
import {
  DEFLATE_MERGE_RAW_BYTES,
  DEFLATE_SLICE_BYTES,
  deflateInSlices,
  deflateStoredChunks,
} from '../../shared/storage/deflate-stored-chunks';
import { readSessionEvents } from '../../shared/storage/read-session-events';
import { recordTabClosed } from '../../shared/storage/tab-lifecycle';
import { deflateSync, inflateSync } from 'fflate';
import { sequentialIds } from '../fixtures/ids';
import { DEFAULT_RULES, freshDb } from '../fixtures/tabreel-db';
import { at, T0, timeline } from '../fixtures/timeline';

let db: TabreelDb;
let newId: () => string;
let seq: number;

beforeEach(() => {
  db = freshDb();
  newId = sequentialIds();
  seq = 0;
});

afterEach(() => db.close());

const idle = () => Promise.resolve();
/** Over the merge target (compact-chunks.ts), so a chunk of it is final, not in a tail. */
const BIG_CHARS = 160_000;

/** A mutation event carrying `chars` of text that compresses well, as a page's DOM does. */
function textEvent(second: number, chars: number): TimedEvent {
  const words = 'order shipped invoice refund customer parcel '.repeat(Math.ceil(chars / 45));
  return {
    type: 3,
    timestamp: at('1s') + second * 1000,
    data: { source: 0, texts: [{ id: second, value: words.slice(0, chars) }] },
  };
}

/** Commits `events` as the next batch of a tab's stream (tab 1's), as the service worker would. */
async function commit(
  events: TimedEvent[],
  tab = { tabId: 1, streamId: 'stream-a' },
): Promise<void> {
  await commitBatch(db, {
    tabId: tab.tabId,
    incognito: false,
    streamId: tab.streamId,
    fromSeq: tab.tabId === 1 ? seq : 0,
    events,
    text: { json: JSON.stringify(events) },
    rules: DEFAULT_RULES,
    privacyLevel: 'mask-inputs',
    now: T0,
    newId,
  });
  if (tab.tabId === 1) seq += events.length;
}

const rawIds = () => db.chunks.where('encoding').equals('raw').primaryKeys();

/** What the session row says is stored against what its chunks hold. */
async function storedBytes(sessionId: string) {
  const chunks = await db.chunks.where('sessionId').equals(sessionId).toArray();
  return {
    row: (await db.sessions.get(sessionId))!.storedBytes,
    chunks: chunks.reduce((sum, c) => sum + storedByteLength(c.data), 0),
  };
}

describe('deflateStoredChunks', () => {
  it('deflates the raw chunks, the events unchanged and the session’s bytes counted again', async () => {
    const events = [...timeline`load(/a)@0s`, textEvent(1, 200_000)];
    await commit(events);
    // Stored in rows below IndexedDB's value-wrapping size, cut at an event boundary.
    expect(await rawIds()).toEqual(['stream-a:0', 'stream-a:3']);
    const before = await storedBytes('s1');

    expect(await deflateStoredChunks(db, { idle })).toBe(1);

    expect(await rawIds()).toEqual([]);
    const after = await storedBytes('s1');
    expect(after.row).toBe(after.chunks);
    expect(after.row).toBeLessThan(before.row / 10);
    const [chunk] = await db.chunks.toArray();
    expect(chunk!.encoding).toBeUndefined();
    expect(decodeChunk(chunk!)).toEqual(events);
    expect((await readSessionEvents(db, 's1')).events).toEqual(events);
    // Nothing left: a second pass does nothing.
    expect(await deflateStoredChunks(db, { idle })).toBe(0);
  });

  it('deflates a stream’s consecutive rows together, up to the merge size, the events unchanged', async () => {
    // Three batches of ~300 KB: each stored as rows below the value-wrapping size.
    const batches = [0, 1, 2].map((b) =>
      Array.from({ length: 10 }, (_, i) => textEvent(b * 10 + i + 1, 30_000)),
    );
    batches[0]!.unshift(...timeline`load(/a)@0s`);
    for (const batch of batches) await commit(batch);
    const rows = await rawIds();
    expect(rows.length).toBeGreaterThan(10);

    const deflated = await deflateStoredChunks(db, { idle });
    expect(deflated).toBeLessThan(rows.length);
    expect(await rawIds()).toEqual([]);
    const chunks = (await db.chunks.toArray()).sort((a, b) => a.fromSeq - b.fromSeq);
    expect(chunks).toHaveLength(deflated);
    chunks.forEach((chunk, i) => {
      expect(chunk.rawBytes).toBeLessThanOrEqual(DEFLATE_MERGE_RAW_BYTES);
      expect(chunk.toSeq - chunk.fromSeq + 1).toBe(chunk.count);
      expect(chunk.id).toBe(`stream-a:${chunk.fromSeq}`);
      if (i > 0) expect(chunk.fromSeq).toBe(chunks[i - 1]!.toSeq + 1);
    });
    const all = batches.flat();
    expect((await readSessionEvents(db, 's1')).events).toEqual(all);
    const bytes = await storedBytes('s1');
    expect(bytes.row).toBe(bytes.chunks);
    const session = (await db.sessions.get('s1'))!;
    expect(session.rawBytes).toBe(chunks.reduce((sum, c) => sum + c.rawBytes, 0));
    // One array's JSON per chunk: the events' JSON and a pair of brackets in place of a comma each.
    expect(session.rawBytes).toBe(Buffer.byteLength(JSON.stringify(all)) + chunks.length - 1);
  });

  it('leaves the small chunks of an open session’s tail raw until they are merged, then deflates the merge', async () => {
    await commit(timeline`load(/a)@0s click@1s`);
    await commit(timeline`click@2s`);
    expect(await rawIds()).toHaveLength(2);
    expect(await deflateStoredChunks(db, { idle })).toBe(0);
    expect(await rawIds()).toHaveLength(2);

    await recordTabClosed(db, 1, at('10s'), DEFAULT_RULES);
    expect(await rawIds()).toEqual(['stream-a:0']); // merged, still raw
    expect(await deflateStoredChunks(db, { idle })).toBe(1);
    expect(await rawIds()).toEqual([]);
    const bytes = await storedBytes('s1');
    expect(bytes.row).toBe(bytes.chunks);
    expect((await readSessionEvents(db, 's1')).events).toEqual(
      timeline`load(/a)@0s click@1s click@2s`,
    );
  });

  it('deflates a finished chunk behind more open-session tail chunks than one pass deflates', async () => {
    // Tab 1 stays open: 60 small batches, every one a raw chunk of its session's tail.
    await commit(timeline`load(/a)@0s`);
    for (let i = 1; i < 60; i += 1) await commit([textEvent(i, 100)]);
    // Tab 2's one big chunk is final; its id sorts after all of tab 1's.
    await commit([...timeline`load(/b)@0s`, textEvent(1, BIG_CHARS)], {
      tabId: 2,
      streamId: 'stream-b',
    });
    expect(await rawIds()).toHaveLength(62); // tab 2's batch: two rows, deflated as one

    expect(await deflateStoredChunks(db, { idle })).toBe(1);
    const left = await rawIds();
    expect(left).toHaveLength(60);
    expect(left.every((id) => String(id).startsWith('stream-a:'))).toBe(true);
  });

  it('waits for an idle worker before each chunk, before its write, and between slices of a huge one', async () => {
    await commit([...timeline`load(/a)@0s`, textEvent(1, BIG_CHARS)]);
    let waits = 0;
    const counting = () => Promise.resolve(void (waits += 1));
    await deflateStoredChunks(db, { idle: counting });
    expect(waits).toBe(3); // before looking for raw chunks, before the chunk, before its write
    // A hide flush can hold MBs in one chunk: deflated in slices, with a wait between each two.
    waits = 0;
    await commit([textEvent(2, 3 * DEFLATE_SLICE_BYTES)]);
    const huge = (await db.chunks.where('encoding').equals('raw').first())!;
    await deflateStoredChunks(db, { idle: counting });
    const slices = Math.ceil(storedByteLength(huge.data) / DEFLATE_SLICE_BYTES);
    expect(slices).toBeGreaterThan(1);
    expect(waits).toBe(3 + slices - 1);
  });

  it('keeps a chunk raw and whole when the worker dies in the middle, and deflates it once on the next pass', async () => {
    const events = [...timeline`load(/a)@0s`, textEvent(1, BIG_CHARS)];
    await commit(events);
    const before = await db.chunks.toArray();
    let waits = 0;
    // The worker is stopped after the deflate, before its write: the pass never resumes.
    const dying = () => {
      waits += 1;
      return waits === 3 ? Promise.reject(new Error('worker stopped')) : Promise.resolve();
    };
    await expect(deflateStoredChunks(db, { idle: dying })).rejects.toThrow('worker stopped');
    expect(await db.chunks.toArray()).toEqual(before);

    expect(await deflateStoredChunks(db, { idle })).toBe(1);
    expect(await db.chunks.count()).toBe(1);
    expect((await readSessionEvents(db, 's1')).events).toEqual(events);
    const bytes = await storedBytes('s1');
    expect(bytes.row).toBe(bytes.chunks);
  });

  it('writes nothing back for a chunk that was merged or deleted while it was being deflated', async () => {
    await commit([...timeline`load(/a)@0s`, textEvent(1, BIG_CHARS)]);
    await commit([textEvent(2, BIG_CHARS)]);
    let waits = 0;
    // Between the first chunk’s deflate and its write, its session is deleted (the viewer).
    const deleting = async () => {
      waits += 1;
      if (waits === 3) {
        await db.chunks.where('sessionId').equals('s1').delete();
        await db.sessions.delete('s1');
      }
    };
    expect(await deflateStoredChunks(db, { idle: deleting })).toBe(0);
    expect(await db.chunks.count()).toBe(0);
    expect(await db.sessions.count()).toBe(0);
  });

  it('counts a late batch written to the session during the deflate, losing neither', async () => {
    const first = [...timeline`load(/a)@0s`, textEvent(1, BIG_CHARS)];
    const late = [textEvent(2, BIG_CHARS)];
    await commit(first);
    let waits = 0;
    const batchMeanwhile = async () => {
      waits += 1;
      if (waits === 3) await commit(late);
    };
    expect(await deflateStoredChunks(db, { idle: batchMeanwhile })).toBe(1);
    expect(await deflateStoredChunks(db, { idle })).toBe(1);
    const bytes = await storedBytes('s1');
    expect(bytes.row).toBe(bytes.chunks);
    expect((await readSessionEvents(db, 's1')).events).toEqual([...first, ...late]);
  });
});

describe('deflateInSlices', () => {
  it('makes deflate-raw that inflates to the input, small or sliced', async () => {
    for (const chars of [100_000, 3 * DEFLATE_SLICE_BYTES]) {
      const input = new TextEncoder().encode(JSON.stringify([textEvent(1, chars)]));
      const out = await deflateInSlices(input, idle);
      expect(Buffer.from(inflateSync(out)).equals(Buffer.from(input))).toBe(true);
      expect(out.byteLength).toBeLessThan(input.byteLength / 10);
    }
  });

  it('stores no more than a one-shot level 6 deflate for a chunk of ordinary size', async () => {
    const input = new TextEncoder().encode(JSON.stringify([textEvent(1, 200_000)]));
    const out = await deflateInSlices(input, idle);
    expect(out.byteLength).toBe(deflateSync(input, { level: 6 }).byteLength);
  });
});
