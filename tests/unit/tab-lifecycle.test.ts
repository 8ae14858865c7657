import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TabreelDb } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { commitBatch } from '../../shared/storage/commit-batch';
import {
  CLOSED_STREAM_RETENTION_MS,
  expireIdleTab,
  recordBrowserStart,
  recordManualEnd,
  recordTabClosed,
  sweepSessions,
} from '../../shared/storage/tab-lifecycle';
import { sequentialIds } from '../fixtures/ids';
import { DEFAULT_RULES, freshDb } from '../fixtures/tabreel-db';
import { at, duration, timeline } from '../fixtures/timeline';

const RULES = DEFAULT_RULES;

let db: TabreelDb;
let newId: () => string;

beforeEach(() => {
  db = freshDb();
  newId = sequentialIds();
});

afterEach(() => db.close());

/** Tab `tabId` records `events` on its own stream (`stream-<tabId>`), continuing its numbering. */
async function record(tabId: number, events: readonly TimedEvent[]) {
  const streamId = `stream-${tabId}`;
  const fromSeq = (await db.streams.get(streamId))?.nextSeq ?? 0;
  return commitBatch(db, {
    tabId,
    incognito: false,
    streamId,
    fromSeq,
    events,
    rules: RULES,
    privacyLevel: 'mask-inputs',
    now: events[0]!.timestamp,
    newId,
  });
}

const ends = async () =>
  (await db.sessions.orderBy('id').toArray()).map((s) => [s.id, s.endReason, s.endedAt]);

describe('recordTabClosed', () => {
  it('ends an active session as tab-closed, at the close', async () => {
    await record(1, timeline`load@0s click@1m`);
    const ended = await recordTabClosed(db, 1, at('2m'), RULES);
    expect(ended).toEqual({ id: 's1', endedAt: at('2m'), reason: 'tab-closed' });
    expect(await ends()).toEqual([['s1', 'tab-closed', at('2m')]]);
    expect(await db.tabs.get(1)).toMatchObject({ open: null, closedAt: at('2m') });
    expect(await db.streams.get('stream-1')).toMatchObject({ closedAt: at('2m') });
  });

  it('ends an already idle session as inactivity, at its last event', async () => {
    await record(1, timeline`load@0s click@1m mutation@5m`);
    await recordTabClosed(db, 1, at('2h'), RULES);
    expect(await ends()).toEqual([['s1', 'inactivity', at('5m')]]);
  });

  it('leaves other tabs alone', async () => {
    await record(1, timeline`load@0s`);
    await record(2, timeline`load@1s`);
    await recordTabClosed(db, 1, at('1m'), RULES);
    expect(await ends()).toEqual([
      ['s1', 'tab-closed', at('1m')],
      ['s2', null, null],
    ]);
  });
});

describe('recordManualEnd', () => {
  it('ends the open session as manual; the next user event starts another', async () => {
    await record(1, timeline`load@0s click@1m`);
    expect(await recordManualEnd(db, 1)).toMatchObject({ id: 's1', reason: 'manual' });
    const next = await record(1, timeline`click@2m`);
    expect(next).toMatchObject({ session: { id: 's2' }, needsSnapshot: true });
    expect(await ends()).toEqual([
      ['s1', 'manual', at('1m')],
      ['s2', null, null],
    ]);
  });

  it('does nothing in a tab without a session', async () => {
    expect(await recordManualEnd(db, 9)).toBeNull();
    expect(await db.sessions.count()).toBe(0);
  });
});

describe('expireIdleTab', () => {
  it('ends the tab’s session past its inactivity limit, at its last event, as the sweep would', async () => {
    await record(1, timeline`load@0s click@1m`);
    await record(2, timeline`load@0s click@1m`);
    expect(await expireIdleTab(db, 1, at('31m'), RULES)).toEqual({
      id: 's1',
      endedAt: at('1m'),
      reason: 'inactivity',
    });
    // Only the tab asked about: the other ends at the sweep.
    expect(await ends()).toEqual([
      ['s1', 'inactivity', at('1m')],
      ['s2', null, null],
    ]);
  });

  it('never ends a session short of its limit, even by a millisecond', async () => {
    await record(1, timeline`load@0s click@1m`);
    expect(await expireIdleTab(db, 1, at('31m') - 1, RULES)).toBeNull();
    expect(await ends()).toEqual([['s1', null, null]]);
  });

  it('ends a session past its maximum duration', async () => {
    await record(1, timeline`load@0s click@10m..1h/10m`);
    const ended = await expireIdleTab(db, 1, at('1h5m'), {
      ...RULES,
      maxDurationMs: duration('1h'),
    });
    expect(ended?.reason).toBe('max-duration');
  });

  it('writes nothing for a tab with no open session', async () => {
    expect(await expireIdleTab(db, 7, at('1h'), RULES)).toBeNull();
    expect(await db.tabs.get(7)).toBeUndefined();
  });
});

describe('sweepSessions', () => {
  it('ends idle sessions only, at their last event', async () => {
    await record(1, timeline`load@0s click@1m`); // idle since 1m
    await record(2, timeline`load@0s click@25m`); // active

    const ended = await sweepSessions(db, at('31m'), RULES);
    expect(ended).toEqual([{ id: 's1', endedAt: at('1m'), reason: 'inactivity' }]);
    expect(await ends()).toEqual([
      ['s1', 'inactivity', at('1m')],
      ['s2', null, null],
    ]);
    expect(await db.tabs.get(1)).toMatchObject({ open: null, lastSessionId: 's1' });
  });

  it('lets the next user event after a sweep start a new session that needs a snapshot', async () => {
    await record(1, timeline`load@0s`);
    await sweepSessions(db, at('40m'), RULES);
    const next = await record(1, timeline`mutation@41m click@42m`);
    expect(next).toMatchObject({ session: { id: 's2' }, needsSnapshot: true, dropped: 1 });
  });

  it('ends sessions past their maximum duration', async () => {
    await record(1, timeline`load@0s click@10m..1h/10m`);
    const ended = await sweepSessions(db, at('1h5m'), { ...RULES, maxDurationMs: duration('1h') });
    expect(ended.map((e) => e.reason)).toEqual(['max-duration']);
  });

  it("forgets closed tabs' streams after the retention time, and only those", async () => {
    await record(1, timeline`load@0s`);
    await record(2, timeline`load@0s`);
    await recordTabClosed(db, 1, at('1m'), RULES);

    await sweepSessions(db, at('1m') + CLOSED_STREAM_RETENTION_MS, RULES);
    expect((await db.streams.toArray()).map((s) => s.id).sort()).toEqual(['stream-1', 'stream-2']);
    await sweepSessions(db, at('1m') + CLOSED_STREAM_RETENTION_MS + 1, RULES);
    expect((await db.streams.toArray()).map((s) => s.id)).toEqual(['stream-2']);
  });
});

describe('recordBrowserStart', () => {
  it('ends every open session as tab-closed and forgets all tabs', async () => {
    await record(1, timeline`load@0s click@1m`);
    await record(2, timeline`load@0s click@2m`);
    await record(3, timeline`load@0s`);
    await recordTabClosed(db, 3, at('3m'), RULES);

    const now = at('1d');
    expect(await recordBrowserStart(db, now)).toBe(2);
    expect(await ends()).toEqual([
      ['s1', 'tab-closed', at('1m')],
      ['s2', 'tab-closed', at('2m')],
      ['s3', 'tab-closed', at('3m')],
    ]);
    expect(await db.tabs.count()).toBe(0);
    const streams = await db.streams.orderBy('id').toArray();
    expect(streams.map((s) => [s.id, s.closedAt])).toEqual([
      ['stream-1', now],
      ['stream-2', now],
      ['stream-3', at('3m')],
    ]);
  });

  it('starts fresh sessions afterwards, even for a reused tab id', async () => {
    await record(1, timeline`load@0s click@1m`);
    await recordBrowserStart(db, at('1h'));
    const result = await commitBatch(db, {
      tabId: 1,
      incognito: false,
      streamId: 'stream-after-restart',
      fromSeq: 0,
      events: timeline`load@1h1m`,
      rules: RULES,
      privacyLevel: 'mask-inputs',
      now: at('1h1m'),
      newId,
    });
    expect(result.session).toEqual({ id: 's2', startedAt: at('1h1m') });
  });

  it('keeps what restored tabs recorded after the browser started, before this ran', async () => {
    await record(1, timeline`load@0s click@1m`);
    await recordTabClosed(db, 2, at('2m'), RULES); // a closed tab: its id may be reused now
    // Tab 3 is restored and records at 1h, before the start-up handler runs at 1h5s.
    await record(3, timeline`load@1h click@1h2s`);
    expect(await recordBrowserStart(db, at('1h5s'), at('1h'))).toBe(1);
    expect((await db.tabs.toArray()).map((t) => t.tabId)).toEqual([3]);
    const restored = await db.sessions.where('tabId').equals(3).first();
    expect(restored?.endedAt).toBeNull();
    expect((await db.streams.get('stream-3'))?.closedAt).toBeNull();
  });
});
