import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TabreelDb } from '../../shared/db/schema';
import { DAY_MS, DEFAULT_SETTINGS, HOUR_MS } from '../../shared/settings/settings';
import {
  enforceBudget,
  MB_BYTES,
  storageBudgetOf,
  type StorageBudget,
} from '../../shared/storage/enforce-budget';
import { fakeDisk } from '../fixtures/fake-disk';
import { seedStoredSession, storedIds } from '../fixtures/seed-stored-session';
import { dumpDb, freshDb } from '../fixtures/tabreel-db';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const MB = MB_BYTES;
const daysAgo = (days: number) => NOW - days * DAY_MS;
const hoursAgo = (hours: number) => NOW - hours * HOUR_MS;

/** 90 days, 1 GB: the defaults. */
const DEFAULT_BUDGET: StorageBudget = storageBudgetOf(DEFAULT_SETTINGS);

let db: TabreelDb;

beforeEach(() => {
  db = freshDb();
});

afterEach(() => db.close());

/** A session that ran for an hour and ended `endedDaysAgo` days ago, storing `mb` MB. */
const ended = (id: string, endedDaysAgo: number, mb: number, pinned = false) =>
  seedStoredSession(db, {
    id,
    startedAt: daysAgo(endedDaysAgo) - HOUR_MS,
    endedAt: daysAgo(endedDaysAgo),
    bytes: mb * MB,
    chunkBytes: 16,
    pinned,
  });

/** A session still recording, started `startedDaysAgo` days ago. */
const open = (id: string, startedDaysAgo: number, mb: number) =>
  seedStoredSession(db, {
    id,
    startedAt: daysAgo(startedDaysAgo),
    endedAt: null,
    bytes: mb * MB,
    chunkBytes: 16,
  });

describe('storageBudgetOf', () => {
  it('reads days and megabytes (1 MB = 1024 × 1024 bytes) from the settings', () => {
    expect(storageBudgetOf(DEFAULT_SETTINGS)).toEqual({
      retentionMs: 90 * DAY_MS,
      budgetBytes: 1024 * 1024 * 1024,
    });
    expect(storageBudgetOf({ retentionDays: 1, storageBudgetMb: 10 })).toEqual({
      retentionMs: DAY_MS,
      budgetBytes: 10_485_760,
    });
  });
});

describe('enforceBudget: retention', () => {
  it('deletes ended, unpinned sessions that ended before the retention, with their chunks and analyses', async () => {
    await ended('expired', 91, 1);
    await ended('exactly-90-days', 90, 2);
    await ended('pinned-old', 200, 3, true);
    await open('open-old', 120, 4);
    await ended('recent', 1, 5);

    const eviction = await enforceBudget(db, { ...DEFAULT_BUDGET, now: NOW });

    expect(eviction).toEqual({
      ids: ['expired'],
      count: 1,
      bytes: 1 * MB,
      expired: 1,
      remainingBytes: 14 * MB,
    });
    expect(await storedIds(db)).toEqual({
      sessions: ['exactly-90-days', 'open-old', 'pinned-old', 'recent'],
      chunks: ['exactly-90-days', 'open-old', 'pinned-old', 'recent'],
      // An open session has no analysis yet.
      analyses: ['exactly-90-days', 'pinned-old', 'recent'],
    });
  });

  it('counts age from the end: a long session that ended recently is kept', async () => {
    await seedStoredSession(db, {
      id: 'week-long',
      startedAt: daysAgo(8),
      endedAt: hoursAgo(12),
      bytes: MB,
      chunkBytes: 16,
    });
    const eviction = await enforceBudget(db, {
      retentionMs: 7 * DAY_MS,
      budgetBytes: 10 * MB,
      now: NOW,
    });
    expect(eviction.ids).toEqual([]);
  });
});

describe('enforceBudget: size', () => {
  it('deletes the oldest ended, unpinned sessions until the total is within the budget', async () => {
    // In start order: a pinned one, then s1, an open one, s2, s3, s4. 14 MB against 10 MB.
    await ended('pinned', 10, 3, true);
    await ended('s1', 9, 2);
    await open('open', 8, 4);
    await ended('s2', 7, 2);
    await ended('s3', 6, 2);
    await ended('s4', 5, 1);

    const eviction = await enforceBudget(db, {
      retentionMs: 90 * DAY_MS,
      budgetBytes: 10 * MB,
      now: NOW,
    });

    // s1 and s2 bring it to exactly 10 MB: at the budget is within it.
    expect(eviction).toEqual({
      ids: ['s1', 's2'],
      count: 2,
      bytes: 4 * MB,
      expired: 0,
      remainingBytes: 10 * MB,
    });
    expect((await storedIds(db)).sessions).toEqual(['open', 'pinned', 's3', 's4']);
  });

  it('never deletes a pinned or an open session, even when they alone exceed the budget', async () => {
    await ended('pinned', 3, 8, true);
    await open('open', 2, 5);
    await ended('ended', 1, 1);

    const eviction = await enforceBudget(db, {
      retentionMs: 90 * DAY_MS,
      budgetBytes: 10 * MB,
      now: NOW,
    });

    expect(eviction).toEqual({
      ids: ['ended'],
      count: 1,
      bytes: 1 * MB,
      expired: 0,
      remainingBytes: 13 * MB,
    });
    expect(await storedIds(db)).toEqual({
      sessions: ['open', 'pinned'],
      chunks: ['open', 'pinned'],
      analyses: ['pinned'],
    });
  });

  it('applies the retention first; what it frees counts toward the size', async () => {
    await ended('a-expired', 100, 6);
    await ended('b', 30, 3);
    await ended('c', 20, 3);
    await ended('d', 10, 3);

    const eviction = await enforceBudget(db, {
      retentionMs: 90 * DAY_MS,
      budgetBytes: 5 * MB,
      now: NOW,
    });

    // 15 MB: the expired 6 MB leaves 9 MB, then b (6 MB), then c (3 MB).
    expect(eviction).toEqual({
      ids: ['a-expired', 'b', 'c'],
      count: 3,
      bytes: 12 * MB,
      expired: 1,
      remainingBytes: 3 * MB,
    });
    expect((await storedIds(db)).sessions).toEqual(['d']);
  });

  it('writes nothing when everything is within the budget and the retention', async () => {
    await ended('a', 89, 4);
    await ended('b', 1, 6);
    await open('c', 0, 0);
    const before = await dumpDb(db);

    const eviction = await enforceBudget(db, {
      retentionMs: 90 * DAY_MS,
      budgetBytes: 10 * MB,
      now: NOW,
    });

    expect(eviction).toEqual({ ids: [], count: 0, bytes: 0, expired: 0, remainingBytes: 10 * MB });
    expect(await dumpDb(db)).toEqual(before);
  });
});

describe('enforceBudget: all or nothing', () => {
  it('leaves every session, chunk and analysis in place when a delete fails', async () => {
    const disk = fakeDisk(db, 100 * MB);
    await ended('old', 100, 1);
    await ended('older', 120, 1);
    const before = await dumpDb(db);
    const analysesBefore = await db.analyses.toArray();

    // The chunks and analyses are deleted first, then the rows: make the rows' delete fail.
    disk.failNextWrite('sessions');
    await expect(enforceBudget(db, { ...DEFAULT_BUDGET, now: NOW })).rejects.toMatchObject({
      name: 'QuotaExceededError',
    });

    expect(await dumpDb(db)).toEqual(before);
    expect(await db.analyses.toArray()).toEqual(analysesBefore);
    expect(disk.used()).toBe(2 * 16);
  });
});
