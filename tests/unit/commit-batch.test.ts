import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TabreelDb } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import {
  commitBatch,
  ForeignStreamError,
  SequenceGapError,
  skipRefusedBatch,
  type CommitBatchInput,
} from '../../shared/storage/commit-batch';
import { decodeChunk, encodeChunk, storedByteLength } from '../../shared/storage/chunk-codec';
import { recordTabClosed } from '../../shared/storage/tab-lifecycle';
import { COMPACT_TARGET_RAW_BYTES } from '../../shared/storage/compact-chunks';
import { ROW_MAX_STORED_BYTES } from '../../shared/storage/cut-batch-rows';
import { analyzeSession } from '../../shared/analysis/analyze-session';
import { sequentialIds } from '../fixtures/ids';
import { sessionStart } from '../fixtures/signal-events';
import { DEFAULT_RULES, dumpDb, freshDb, storedEvents } from '../fixtures/tabreel-db';
import { at, describeTimeline, ORIGIN, T0, timeline, timelineFrom } from '../fixtures/timeline';

const RULES = DEFAULT_RULES;

let db: TabreelDb;
let newId: () => string;

beforeEach(() => {
  db = freshDb();
  newId = sequentialIds();
});

afterEach(() => db.close());

/** Commits `events` as stream `streamId`'s events `fromSeq…` from tab 1, as the service worker would. */
function commit(events: readonly TimedEvent[], input: Partial<CommitBatchInput> = {}) {
  return commitBatch(db, {
    tabId: 1,
    incognito: false,
    streamId: 'stream-a',
    fromSeq: 0,
    events,
    rules: RULES,
    privacyLevel: 'mask-inputs',
    now: T0,
    newId,
    ...input,
  });
}

/** Each session's stored events in timeline syntax, by session id. */
async function storedTimelines(): Promise<Record<string, string>> {
  const sessions = await db.sessions.orderBy('startedAt').toArray();
  const result: Record<string, string> = {};
  for (const session of sessions) {
    result[session.id] = describeTimeline(await storedEvents(db, session.id));
  }
  return result;
}

describe('commitBatch: a first batch', () => {
  const events = timeline`load(/a)@0s click@2s input@3s mutation@4s load(/b)@10s`;

  it('stores the events in a new session with its stats', async () => {
    const result = await commit(events);

    expect(result).toEqual({
      through: events.length - 1,
      session: { id: 's1', startedAt: at('0s') },
      needsSnapshot: false,
      duplicates: 0,
      dropped: 0,
      ended: 0,
    });
    const session = await db.sessions.get('s1');
    const rawBytes = Buffer.byteLength(JSON.stringify(events));
    expect(session).toEqual({
      id: 's1',
      tabId: 1,
      incognito: false,
      startedAt: at('0s'),
      startReason: 'navigation',
      endedAt: null,
      endReason: null,
      lastEventAt: at('10s'),
      firstUrl: `${ORIGIN}/a`,
      host: 'shop.example',
      title: 'Page /a',
      pageCount: 2,
      eventCount: events.length,
      storedBytes: expect.any(Number),
      rawBytes,
      campaign: null,
      privacy: { level: 'mask-inputs' },
      pinned: 0,
      // Analyzed once it ends.
      analysisPending: 0,
      summary: null,
      health: null,
      // A small first chunk waits in the tail to be merged with the next ones.
      tail: { streamId: 'stream-a', ids: ['stream-a:0'], rawBytes },
    });
    // Stored raw until the background deflate: the budget counts what is on disk.
    expect(session!.storedBytes).toBe(rawBytes);
  });

  it('stores one chunk that decodes to exactly the events, and the stream and tab state', async () => {
    await commit(events);
    const chunks = await db.chunks.toArray();
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({
      id: 'stream-a:0',
      sessionId: 's1',
      streamId: 'stream-a',
      fromSeq: 0,
      toSeq: events.length - 1,
      firstTs: at('0s'),
      lastTs: at('10s'),
      count: events.length,
      // Raw on the write path: the background job deflates it when the worker is idle.
      encoding: 'raw',
    });
    expect(decodeChunk(chunks[0]!)).toEqual(events);
    expect(await db.streams.get('stream-a')).toEqual({
      id: 'stream-a',
      tabId: 1,
      nextSeq: events.length,
      createdAt: T0,
      closedAt: null,
    });
    expect(await db.tabs.get(1)).toMatchObject({ open: { id: 's1' }, lastSessionId: 's1' });
  });

  it('starts the session at its first event, with the privacy level and incognito flag', async () => {
    const later = timeline`click@5m scroll@6m`;
    await commit(later, { incognito: true, privacyLevel: 'mask-all-text' });
    expect(await db.sessions.get('s1')).toMatchObject({
      startedAt: at('5m'),
      startReason: 'activity',
      incognito: true,
      privacy: { level: 'mask-all-text' },
      firstUrl: '',
      pageCount: 0,
    });
  });

  it('acks passive events that start no session, storing nothing', async () => {
    const result = await commit(timeline`mutation@0s mutation@1s`);
    expect(result).toMatchObject({ through: 1, session: null, dropped: 2 });
    expect(await db.sessions.count()).toBe(0);
    expect(await db.chunks.count()).toBe(0);
    expect(await db.streams.get('stream-a')).toMatchObject({ nextSeq: 2 });
  });
});

describe('commitBatch: exactly once', () => {
  const events = timeline`load@0s click@1s..14s/1s`; // 3 + 14 = 17 events; seq 0…16

  it('stores a batch committed twice only once', async () => {
    await commit(events.slice(0, 10));
    const before = await dumpDb(db);
    const again = await commit(events.slice(0, 10));

    expect(again).toMatchObject({ through: 9, duplicates: 10, dropped: 0 });
    expect(await dumpDb(db)).toEqual(before);
  });

  it('stores only the new tail of an overlapping resend', async () => {
    await commit(events.slice(0, 10));
    const result = await commit(events.slice(0, 16));

    expect(result).toMatchObject({ through: 15, duplicates: 10 });
    const chunks = await db.chunks.orderBy('id').toArray();
    expect(chunks.map((c) => [c.fromSeq, c.toSeq])).toEqual([
      [0, 9],
      [10, 15],
    ]);
    expect(await storedEvents(db, 's1')).toEqual(events.slice(0, 16));
    expect(await db.sessions.get('s1')).toMatchObject({ eventCount: 16 });
  });

  it('refuses a batch past a gap and writes nothing', async () => {
    await commit(events.slice(0, 10));
    const before = await dumpDb(db);

    await expect(commit(events.slice(12), { fromSeq: 12 })).rejects.toBeInstanceOf(
      SequenceGapError,
    );
    expect(await dumpDb(db)).toEqual(before);
  });

  it('refuses a stream that belongs to another tab and writes nothing', async () => {
    await commit(events.slice(0, 10));
    const before = await dumpDb(db);

    const intruder = commit(timeline`load(https://evil.example/)@1m`, { tabId: 2, fromSeq: 10 });
    await expect(intruder).rejects.toBeInstanceOf(ForeignStreamError);
    expect(await dumpDb(db)).toEqual(before);
  });

  it('accepts a new stream in the same tab, continuing its session', async () => {
    await commit(timeline`load(/a)@0s click@1s`, { streamId: 'stream-a' });
    await commit(timeline`load(/b)@5s click@6s`, { streamId: 'stream-b' });
    expect(await storedTimelines()).toEqual({ s1: 'load(/a)@0s click@1s load(/b)@5s click@6s' });
    expect(await db.sessions.get('s1')).toMatchObject({ pageCount: 2, firstUrl: `${ORIGIN}/a` });
  });
});

describe('commitBatch: sessions', () => {
  it('counts the page a session cut in the middle of it begins on, as its analysis does', async () => {
    // New session by hand on /a: the popup and the list read pageCount while it records, the
    // analysis' page count once it ended; they said 0 and then 1 for the same session.
    const first = timeline`load(/a)@0s click@1s`;
    await commit(first);
    const cut = [sessionStart(at('5s'), '/a', 'manual'), ...timeline`click@6s snapshot@6s`];
    await commit(cut, { fromSeq: first.length });
    const row = await db.sessions.get('s2');
    expect(row).toMatchObject({ startReason: 'manual', pageCount: 1, firstUrl: `${ORIGIN}/a` });
    expect(analyzeSession(await storedEvents(db, 's2')).metrics.pages).toBe(1);

    await commit(timeline`load(/b)@8s`, { fromSeq: first.length + cut.length });
    expect(await db.sessions.get('s2')).toMatchObject({ pageCount: 2 });
    expect(analyzeSession(await storedEvents(db, 's2')).metrics.pages).toBe(2);
  });

  it('splits a batch that crosses the inactivity timeout into two sessions', async () => {
    const events = timeline`load@0s click@5s mutation@10s click@40m scroll@41m mutation@42m`;
    const result = await commit(events);

    expect(result).toMatchObject({
      session: { id: 's2', startedAt: at('40m') },
      needsSnapshot: true,
    });
    expect(await db.sessions.get('s1')).toMatchObject({
      endedAt: at('10s'),
      endReason: 'inactivity',
      eventCount: 5,
    });
    expect(await db.sessions.get('s2')).toMatchObject({
      startedAt: at('40m'),
      startReason: 'activity',
      endedAt: null,
      eventCount: 3,
    });
    expect(await storedTimelines()).toEqual({
      s1: 'load@0s click@5s mutation@10s',
      s2: 'click@40m scroll@41m mutation@42m',
    });
    expect([...(await storedEvents(db, 's1')), ...(await storedEvents(db, 's2'))]).toEqual(events);
  });

  it('drops passive events that arrive after the timeout, keeping their sequence numbers', async () => {
    const result = await commit(timeline`load@0s mutation@31m mutation@32m click@33m`);
    expect(result).toMatchObject({ through: 5, dropped: 2 });
    expect(await storedTimelines()).toEqual({ s1: 'load@0s', s2: 'click@33m' });
    const chunks = (await db.chunks.toArray()).sort((a, b) => a.fromSeq - b.fromSeq);
    expect(chunks.map((c) => [c.sessionId, c.fromSeq, c.toSeq])).toEqual([
      ['s1', 0, 2],
      ['s2', 5, 5],
    ]);
  });

  it('ends a session in a later batch and extends its stats', async () => {
    await commit(timeline`load@0s click@1m`);
    await commit(timeline`click@2m`, { fromSeq: 4 });
    await commit(timeline`click@1h`, { fromSeq: 5 });
    expect(await db.sessions.get('s1')).toMatchObject({
      eventCount: 5,
      lastEventAt: at('2m'),
      endedAt: at('2m'),
      endReason: 'inactivity',
    });
  });

  it("lands a closed tab's late batch in its last session", async () => {
    await commit(timeline`load@0s click@10s`);
    await recordTabClosed(db, 1, at('20s'), RULES);
    const result = await commit(timeline`click@15s mutation@18s`, { fromSeq: 4 });

    expect(result).toMatchObject({ through: 5, session: null, needsSnapshot: false });
    expect(await db.sessions.count()).toBe(1);
    expect(await storedTimelines()).toEqual({ s1: 'load@0s click@10s click@15s mutation@18s' });
    expect(await db.sessions.get('s1')).toMatchObject({
      endReason: 'tab-closed',
      endedAt: at('20s'),
      eventCount: 6,
      lastEventAt: at('18s'),
      // Merged with nothing, left in no tail: the background deflate takes it.
      tail: null,
    });
    expect(await db.chunks.where('encoding').equals('raw').count()).toBe(2);
  });

  it('keeps tabs apart: each its own session, ids unique', async () => {
    await commit(timeline`load(/one)@0s`, { tabId: 1, streamId: 'stream-1' });
    await commit(timeline`load(/two)@1s`, { tabId: 2, streamId: 'stream-2' });
    await commit(timeline`click@2s`, { tabId: 1, streamId: 'stream-1', fromSeq: 3 });
    const sessions = await db.sessions.orderBy('startedAt').toArray();
    expect(sessions.map((s) => [s.id, s.tabId, s.firstUrl, s.eventCount])).toEqual([
      ['s1', 1, `${ORIGIN}/one`, 4],
      ['s2', 2, `${ORIGIN}/two`, 3],
    ]);
  });
});

describe('commitBatch: campaign', () => {
  it('stores the campaign a session learns from a later page view, even with the split off', async () => {
    await commit(timeline`load(/a)@0s click@1s`);
    await commit(timeline`load(/b?utm_campaign=Spring)@5s`, { fromSeq: 3 + 1 });
    expect((await db.sessions.get('s1'))?.campaign).toBe('spring');
    expect(await db.sessions.count()).toBe(1);
  });
});

describe('skipRefusedBatch', () => {
  it("moves an existing stream's cursor past refused events, so the next batch is not a gap", async () => {
    await commit(timeline`load(/a)@0s`);
    await skipRefusedBatch(db, { tabId: 1, streamId: 'stream-a', fromSeq: 3, count: 2, now: T0 });
    const result = await commit(timeline`click@9s`, { fromSeq: 5 });
    expect(result.through).toBe(5);
  });

  it('leaves alone a missing stream, another tab’s stream, and a batch past a gap', async () => {
    await skipRefusedBatch(db, { tabId: 1, streamId: 'nowhere', fromSeq: 0, count: 5, now: T0 });
    expect(await db.streams.get('nowhere')).toBeUndefined();
    await commit(timeline`load(/a)@0s`);
    await skipRefusedBatch(db, { tabId: 2, streamId: 'stream-a', fromSeq: 3, count: 2, now: T0 });
    await skipRefusedBatch(db, { tabId: 1, streamId: 'stream-a', fromSeq: 9, count: 2, now: T0 });
    expect((await db.streams.get('stream-a'))?.nextSeq).toBe(3);
  });
});

describe('compaction of small chunks', () => {
  it('merges a session’s small chunks into one once they reach the target, losing nothing', async () => {
    const filler = 'x'.repeat(8 * 1024);
    const batches: TimedEvent[][] = [timeline`load(/a)@0s`];
    for (let i = 0; i < 20; i += 1) {
      batches.push([
        {
          type: 3,
          timestamp: at('1s') + i * 1000,
          data: { source: 0, texts: [{ id: i, value: filler + i }] },
        },
      ]);
    }
    let seq = 0;
    for (const batch of batches) {
      await commit(batch, { fromSeq: seq });
      seq += batch.length;
    }
    const chunks = await db.chunks.where('sessionId').equals('s1').toArray();
    expect(chunks.length).toBeLessThan(batches.length);
    const merged = chunks.find((c) => c.count > 1 && c.rawBytes >= COMPACT_TARGET_RAW_BYTES)!;
    expect(merged.toSeq - merged.fromSeq + 1).toBe(merged.count);
    expect(describeTimeline(await storedEvents(db, 's1'))).toBe(describeTimeline(batches.flat()));
    const session = (await db.sessions.get('s1'))!;
    const stored = chunks.reduce((sum, c) => sum + storedByteLength(c.data), 0);
    expect(session.storedBytes).toBe(stored);
    expect(session.eventCount).toBe(seq);
  });

  it('merges a tail of chunks deflated before v5 with raw ones, into one raw chunk', async () => {
    const first = timeline`load(/a)@0s click@1s`;
    const second = timeline`click@2s`;
    await commit(first, {
      text: {
        json: JSON.stringify(first),
        pieces: [{ from: 0, count: first.length, encoded: encodeChunk(first) }],
      },
    });
    await commit(second, { fromSeq: 4 });
    await recordTabClosed(db, 1, at('10s'), RULES);
    const chunks = await db.chunks.toArray();
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ fromSeq: 0, toSeq: 4, count: 5, encoding: 'raw' });
    expect(describeTimeline(decodeChunk(chunks[0]!))).toBe('load(/a)@0s click@1s click@2s');
    const session = (await db.sessions.get('s1'))!;
    expect(session.storedBytes).toBe(storedByteLength(chunks[0]!.data));
    expect(session.rawBytes).toBe(chunks[0]!.rawBytes);
  });

  it('merges what is left when the session ends', async () => {
    await commit(timeline`load(/a)@0s click@1s`);
    await commit(timeline`click@2s`, { fromSeq: 4 });
    await commit(timeline`click@3s`, { fromSeq: 5 });
    expect(await db.chunks.count()).toBe(3);
    await recordTabClosed(db, 1, at('10s'), RULES);
    const chunks = await db.chunks.toArray();
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ fromSeq: 0, toSeq: 5, count: 6 });
    expect(describeTimeline(decodeChunk(chunks[0]!))).toBe(
      'load(/a)@0s click@1s click@2s click@3s',
    );
    expect((await db.sessions.get('s1'))?.tail).toBeNull();
  });
});

describe('commitBatch: pipelined batches', () => {
  it('opens the next batch’s transaction once this one has started, and both commit in order', async () => {
    const events = timeline`load(/a)@0s click@1s click@2s click@3s`;
    await commit(events.slice(0, 4));
    let second: Promise<unknown> | undefined;
    const first = commit(events.slice(4, 5), {
      fromSeq: 4,
      // The service worker's lane lets the next batch go here (commit-lanes.ts `started`).
      onStarted: () => (second = commit(events.slice(5), { fromSeq: 5 })),
    });
    await expect(first).resolves.toMatchObject({ through: 4 });
    // Created after the first, it ran after the first committed: no gap, nothing lost.
    await expect(second).resolves.toMatchObject({ through: 5, duplicates: 0 });
    expect(describeTimeline(await storedEvents(db, 's1'))).toBe(describeTimeline(events));
  });
});

describe('commitBatch: storing the batch text as it came', () => {
  it('stores a whole-batch run as its text, with the same events', async () => {
    const events = timeline`load(/a)@0s click@1s`;
    const json = JSON.stringify(events);
    await commit(events, { text: { json } });
    expect(describeTimeline(await storedEvents(db, 's1'))).toBe('load(/a)@0s click@1s');
    const [chunk] = await db.chunks.toArray();
    expect(chunk!.data, 'the text as it came').toBe(json);
  });

  it('stores a large batch as rows below the value-wrapping size, one contiguous range each', async () => {
    const page = timeline`load(/a)@0s`;
    const texts = Array.from({ length: 12 }, (_, i) => ({
      type: 3,
      timestamp: at('1s') + i * 10,
      data: { source: 0, texts: [{ id: i, value: `parcel #${i} `.repeat(2_500) }] },
    }));
    const events = [...page, ...texts];
    const json = JSON.stringify(events);
    const result = await commit(events, { text: { json } });
    expect(result).toMatchObject({ through: events.length - 1, duplicates: 0 });
    const rows = (await db.chunks.toArray()).sort((a, b) => a.fromSeq - b.fromSeq);
    expect(rows.length).toBeGreaterThan(json.length / ROW_MAX_STORED_BYTES);
    expect(rows[0]!.fromSeq).toBe(0);
    rows.forEach((row, i) => {
      expect(storedByteLength(row.data)).toBeLessThanOrEqual(ROW_MAX_STORED_BYTES);
      expect(row.id).toBe(`stream-a:${row.fromSeq}`);
      expect(row.toSeq - row.fromSeq + 1).toBe(row.count);
      if (i > 0) expect(row.fromSeq).toBe(rows[i - 1]!.toSeq + 1);
      expect(decodeChunk(row)).toEqual(events.slice(row.fromSeq, row.toSeq + 1));
    });
    expect(rows.at(-1)!.toSeq).toBe(events.length - 1);
    expect(describeTimeline(await storedEvents(db, 's1'))).toBe(describeTimeline(events));
    const session = (await db.sessions.get('s1'))!;
    expect(session.storedBytes).toBe(rows.reduce((sum, r) => sum + storedByteLength(r.data), 0));
    expect(session.rawBytes).toBe(rows.reduce((sum, r) => sum + r.rawBytes, 0));
    expect(session.eventCount).toBe(events.length);
    expect(session.tail, 'a large batch is no tail to merge').toBeNull();

    // Resent whole (a lost ack): recognised by its sequence numbers, nothing written twice.
    const before = await dumpDb(db);
    await expect(commit(events, { text: { json } })).resolves.toMatchObject({
      duplicates: events.length,
    });
    expect(await dumpDb(db)).toEqual(before);
  });

  it('cuts the events it stringifies itself too (a batch only partly new)', async () => {
    const events = Array.from({ length: 10 }, (_, i) => ({
      type: 3,
      timestamp: at('1s') + i * 10,
      data: { source: 0, texts: [{ id: i, value: `note ${i} `.repeat(4_000) }] },
    }));
    const all = [...timeline`load(/a)@0s`, ...events];
    await commit(all.slice(0, 3));
    await commit(all, { text: { json: JSON.stringify(all) } });
    const rows = (await db.chunks.toArray()).sort((a, b) => a.fromSeq - b.fromSeq);
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows)
      expect(storedByteLength(row.data)).toBeLessThanOrEqual(ROW_MAX_STORED_BYTES);
    expect(describeTimeline(await storedEvents(db, 's1'))).toBe(describeTimeline(all));
  });

  it('reads an already deflated chunk the same way (chunks from before v5)', async () => {
    const events = timeline`load(/a)@0s click@1s`;
    const json = JSON.stringify(events);
    await commit(events, {
      text: { json, pieces: [{ from: 0, count: events.length, encoded: encodeChunk(events) }] },
    });
    const [chunk] = await db.chunks.toArray();
    expect(chunk!.encoding).toBeUndefined();
    expect(describeTimeline(await storedEvents(db, 's1'))).toBe('load(/a)@0s click@1s');
  });

  it('ignores the text when only part of the batch is new', async () => {
    const events = timeline`load(/a)@0s click@1s`;
    await commit(events.slice(0, 3));
    // A resend overlapping what is stored: the text covers events already there.
    await commit(events, { text: { json: JSON.stringify(events) } });
    expect(describeTimeline(await storedEvents(db, 's1'))).toBe('load(/a)@0s click@1s');
  });
});

describe('commitBatch: the person deleted the session being recorded', () => {
  it('starts a new session at the tab’s next activity instead of acking events into nothing', async () => {
    const first = timeline`load(/a)@0s click@1s`;
    await commit(first);
    await db.transaction('rw', [db.sessions, db.chunks], async () => {
      await db.chunks.where('sessionId').equals('s1').delete();
      await db.sessions.delete('s1');
    });
    const later = timelineFrom(at('2s'))`mutation@0s click@1s input@2s`;
    const result = await commit(later, { fromSeq: first.length });
    expect(result.session?.id).toBe('s2');
    expect(result.needsSnapshot).toBe(true);
    const sessions = await db.sessions.toArray();
    expect(sessions.map((s) => s.id)).toEqual(['s2']);
    // The passive mutation had no session to belong to; the click and the input are kept.
    expect(describeTimeline(await storedEvents(db, 's2'))).toBe('click@3s input@4s');
  });
});
