import { Dexie } from 'dexie';
import { ANALYSIS_VERSION } from '../../shared/analysis/analyze-session';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_NAME, openTabreelDb, type TabreelDb } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { analyzePendingSessions } from '../../shared/storage/analyze-pending-sessions';
import { encodeBatchText, encodeChunk } from '../../shared/storage/chunk-codec';
import { readSessionEvents } from '../../shared/storage/read-session-events';
import { mouseMove, pageView, uncaughtError } from '../fixtures/signal-events';
import { at, ORIGIN } from '../fixtures/timeline';

/** The schema as version 1 shipped it: a copy, so a later edit of schema.ts cannot change it. */
const V1_STORES = {
  sessions: 'id, startedAt, tabId, host, endedAt, pinned, [tabId+startedAt]',
  chunks: 'id, sessionId, [sessionId+firstTs], streamId',
  streams: 'id, tabId, closedAt',
  tabs: 'tabId',
};

/** A session row as version 1 wrote it: no analysis fields at all. */
function v1Session(id: string, endedAt: number | null) {
  return {
    id,
    tabId: 1,
    incognito: false,
    startedAt: at('0s'),
    startReason: 'navigation',
    endedAt,
    endReason: endedAt === null ? null : 'tab-closed',
    lastEventAt: at('5s'),
    firstUrl: `${ORIGIN}/`,
    host: 'shop.example',
    title: 'Page /',
    pageCount: 1,
    eventCount: 3,
    storedBytes: 100,
    rawBytes: 300,
    campaign: null,
    privacy: { level: 'mask-inputs' },
    pinned: 0,
    tail: null,
  };
}

const events: TimedEvent[] = [
  pageView(at('0s'), '/'),
  mouseMove(at('2s')),
  uncaughtError(at('5s'), 'TypeError: old bug'),
];

let indexedDB: IDBFactory;
let db: TabreelDb | null;

beforeEach(async () => {
  indexedDB = new IDBFactory();
  const v1 = new Dexie(DATABASE_NAME, { indexedDB, IDBKeyRange });
  v1.version(1).stores(V1_STORES);
  await v1.table('sessions').bulkPut([v1Session('ended', at('10s')), v1Session('open', null)]);
  const { data, rawBytes } = encodeChunk(events);
  await v1.table('chunks').put({
    id: 'stream-a:0',
    sessionId: 'ended',
    streamId: 'stream-a',
    fromSeq: 0,
    toSeq: 2,
    firstTs: at('0s'),
    lastTs: at('5s'),
    count: 3,
    rawBytes,
    data,
  });
  v1.close();
  db = null;
});

afterEach(() => db?.close());

const openCurrent = async () => {
  db = openTabreelDb({ indexedDB, IDBKeyRange });
  await db.open();
  return db;
};

describe('schema v1 → v2 (queueEndedSessionsForAnalysis)', () => {
  it('queues ended sessions for analysis, not open ones, with no summary or health yet', async () => {
    const current = await openCurrent();
    // Opened at the current version: every upgrade from v1 on has run.
    expect(current.verno).toBe(5);
    expect(await current.sessions.get('ended')).toEqual({
      ...v1Session('ended', at('10s')),
      analysisPending: 1,
      summary: null,
      health: null,
    });
    expect(await current.sessions.get('open')).toEqual({
      ...v1Session('open', null),
      analysisPending: 0,
      summary: null,
      health: null,
    });
  });

  it('indexes the pending flag, keeps the chunks and adds an empty analyses table', async () => {
    const current = await openCurrent();
    expect(await current.sessions.where('analysisPending').equals(1).primaryKeys()).toEqual([
      'ended',
    ]);
    expect(await current.chunks.where('sessionId').equals('ended').count()).toBe(1);
    expect(await current.analyses.count()).toBe(0);
  });

  it('lets the next analysis pass analyze the sessions that ended before analysis existed', async () => {
    const current = await openCurrent();
    expect(await analyzePendingSessions(current)).toBe(1);
    expect(await current.sessions.get('ended')).toMatchObject({
      analysisPending: 0,
      health: 'abnormal',
      summary: { healthReasons: ['1 uncaught error'], pages: 1 },
    });
    expect((await current.sessions.get('open'))?.summary).toBeNull();
  });
});

/** The schema as version 2 shipped it: a copy, so a later edit of schema.ts cannot change it. */
const V2_STORES = {
  ...V1_STORES,
  sessions:
    'id, startedAt, tabId, host, endedAt, pinned, [tabId+startedAt], health, analysisPending, *tags',
  analyses: 'sessionId',
};

describe('schema v2 → v3 (captured assets)', () => {
  it('keeps every session, chunk and analysis and adds empty asset tables, indexed for the queue', async () => {
    const factory = new IDBFactory();
    const v2 = new Dexie(DATABASE_NAME, { indexedDB: factory, IDBKeyRange });
    v2.version(1).stores(V1_STORES);
    v2.version(2).stores(V2_STORES);
    const session = {
      ...v1Session('old', at('10s')),
      analysisPending: 0,
      summary: null,
      health: null,
    };
    await v2.table('sessions').put(session);
    await v2.table('analyses').put({ sessionId: 'old', eventCount: 3, analysis: { version: 2 } });
    v2.close();

    const current = openTabreelDb({ indexedDB: factory, IDBKeyRange });
    await current.open();
    try {
      expect(current.verno).toBeGreaterThanOrEqual(3);
      // Kept as it was; v4 then queues it for analysis (it has no summary under the v3 rules).
      expect(await current.sessions.get('old')).toEqual({ ...session, analysisPending: 1 });
      expect(await current.analyses.count()).toBe(1);
      expect(await current.assets.count()).toBe(0);
      expect(await current.assetRefs.count()).toBe(0);
      // The tables answer the queries capture and GC make.
      await current.assetRefs.add({
        sessionId: 'old',
        url: 'https://shop.example/a.png',
        status: 'pending',
        hash: null,
        size: 0,
        attempts: 0,
        queuedAt: 1,
      });
      expect(await current.assetRefs.where('status').equals('pending').count()).toBe(1);
      expect(await current.assetRefs.where('sessionId').equals('old').count()).toBe(1);
      expect(
        await current.assetRefs.where('url').equals('https://shop.example/a.png').count(),
      ).toBe(1);
    } finally {
      current.close();
    }
  });
});

describe('schema v2 → v4 (queueStaleSummaries)', () => {
  beforeEach(async () => {
    // Start over from a v2 database whose sessions were analysed under the version 2 rules.
    indexedDB = new IDBFactory();
    const v2 = new Dexie(DATABASE_NAME, { indexedDB, IDBKeyRange });
    v2.version(1).stores(V1_STORES);
    v2.version(2).stores(V2_STORES);
    const analysed = (id: string, analysisVersion: number) => ({
      ...v1Session(id, at('10s')),
      analysisPending: 0,
      health: 'tolerable',
      summary: { analysisVersion, pages: 1 },
    });
    await v2
      .table('sessions')
      .bulkPut([
        analysed('old-rules', 2),
        analysed('current-rules', 3),
        { ...v1Session('open', null), analysisPending: 0, summary: null, health: null },
      ]);
    const { data, rawBytes } = encodeChunk(events);
    await v2.table('chunks').put({
      id: 'stream-b:0',
      sessionId: 'old-rules',
      streamId: 'stream-b',
      fromSeq: 0,
      toSeq: 2,
      firstTs: at('0s'),
      lastTs: at('5s'),
      count: 3,
      rawBytes,
      data,
    });
    v2.close();
  });

  it('queues sessions analysed under older rules, keeping their summary until the next pass', async () => {
    const current = await openCurrent();
    expect(current.verno).toBe(5);
    expect(await current.sessions.where('analysisPending').equals(1).primaryKeys()).toEqual([
      'old-rules',
    ]);
    expect((await current.sessions.get('old-rules'))?.summary?.analysisVersion).toBe(2);
  });

  it('gives the re-analysed session the facts the metrics overview reads', async () => {
    const current = await openCurrent();
    expect(await analyzePendingSessions(current)).toBe(1);
    const row = await current.sessions.get('old-rules');
    expect(row?.analysisPending).toBe(0);
    expect(row?.summary?.analysisVersion).toBe(ANALYSIS_VERSION);
    expect(row?.summary?.facts?.routes).toEqual(['shop.example/']);
  });
});

/** The schema as version 4 shipped it (v3 added the asset tables; v4 changed no index). */
const V4_STORES = {
  ...V2_STORES,
  assets: 'hash',
  assetRefs: '[sessionId+url], sessionId, hash, url, status',
};

describe('schema v4 → v5 (raw chunks, deflated in the background)', () => {
  beforeEach(async () => {
    indexedDB = new IDBFactory();
    const v4 = new Dexie(DATABASE_NAME, { indexedDB, IDBKeyRange });
    v4.version(4).stores(V4_STORES);
    await v4.table('sessions').put({
      ...v1Session('ended', at('10s')),
      analysisPending: 0,
      summary: null,
      health: null,
    });
    const { data, rawBytes } = encodeChunk(events);
    await v4.table('chunks').put({
      id: 'stream-a:0',
      sessionId: 'ended',
      streamId: 'stream-a',
      fromSeq: 0,
      toSeq: 2,
      firstTs: at('0s'),
      lastTs: at('5s'),
      count: 3,
      rawBytes,
      data,
    });
    v4.close();
  });

  it('reads the chunks stored before it as deflated, and none waits for the background deflate', async () => {
    const current = await openCurrent();
    expect(current.verno).toBe(5);
    expect(await current.chunks.where('encoding').equals('raw').count()).toBe(0);
    expect((await readSessionEvents(current, 'ended')).events).toEqual(events);
  });

  it('indexes a raw chunk written after it, and only while it is raw', async () => {
    const current = await openCurrent();
    const raw = encodeBatchText(JSON.stringify(events));
    await current.chunks.put({
      ...(await current.chunks.get('stream-a:0'))!,
      id: 'stream-b:0',
      streamId: 'stream-b',
      data: raw.data,
      encoding: 'raw',
    });
    expect(await current.chunks.where('encoding').equals('raw').primaryKeys()).toEqual([
      'stream-b:0',
    ]);
    expect((await readSessionEvents(current, 'ended')).events).toEqual(
      events.flatMap((e) => [e, e]),
    );
  });
});
