import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { analyzeSession } from '../../shared/analysis/analyze-session';
import { summarizeSession } from '../../shared/analysis/summarize-session';
import type { TabreelDb } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { analyzePendingSessions } from '../../shared/storage/analyze-pending-sessions';
import { commitBatch } from '../../shared/storage/commit-batch';
import type * as ReadSessionEventsModule from '../../shared/storage/read-session-events';
import { recordTabClosed } from '../../shared/storage/tab-lifecycle';
import { sequentialIds } from '../fixtures/ids';
import {
  button,
  mouseMove,
  mutation,
  pageView,
  uncaughtError,
  userClick,
} from '../fixtures/signal-events';
import { DEFAULT_RULES, freshDb } from '../fixtures/tabreel-db';
import { at } from '../fixtures/timeline';

// What happens to the database while a session's events are being read: lets a test delete or
// extend a session in the middle of a pass, as the viewer or a late batch could.
const meanwhile = vi.hoisted(() => ({ whileReading: null as null | (() => Promise<unknown>) }));

vi.mock('../../shared/storage/read-session-events', async (importOriginal) => {
  const real = await importOriginal<typeof ReadSessionEventsModule>();
  return {
    ...real,
    readSessionEvents: async (...args: Parameters<typeof real.readSessionEvents>) => {
      const read = await real.readSessionEvents(...args);
      await meanwhile.whileReading?.();
      return read;
    },
  };
});

let db: TabreelDb;
let newId: () => string;

beforeEach(() => {
  db = freshDb();
  newId = sequentialIds();
  meanwhile.whileReading = null;
});

afterEach(() => db.close());

/** Tab `tabId` records `events` on stream `streamId`, continuing its numbering. */
async function record(tabId: number, events: readonly TimedEvent[], streamId = `stream-${tabId}`) {
  const fromSeq = (await db.streams.get(streamId))?.nextSeq ?? 0;
  return commitBatch(db, {
    tabId,
    incognito: false,
    streamId,
    fromSeq,
    events,
    rules: DEFAULT_RULES,
    privacyLevel: 'mask-inputs',
    now: events[0]!.timestamp,
    newId,
  });
}

/** A calm visit: a page, a click the page answers, a mouse move. */
const visit = (path: string, start = 0): TimedEvent[] => [
  pageView(at('0s') + start, path, { navigation: 'navigate' }),
  ...userClick(at('2s') + start, button('More')),
  mutation(at('2s100ms') + start),
  mouseMove(at('5s') + start),
];

describe('analyzePendingSessions', () => {
  it('analyzes an ended session once: the analysis, its summary and health on the row', async () => {
    const events = visit('/');
    await record(1, events);
    await recordTabClosed(db, 1, at('10s'), DEFAULT_RULES);

    expect(await analyzePendingSessions(db)).toBe(1);

    const analysis = analyzeSession(events, { startedAt: at('0s'), endedAt: at('10s') });
    expect(await db.analyses.get('s1')).toEqual({
      sessionId: 's1',
      eventCount: events.length,
      analysis,
    });
    expect(await db.sessions.get('s1')).toMatchObject({
      analysisPending: 0,
      health: 'tolerable',
      summary: summarizeSession(analysis),
    });
    expect(analysis.duration.wallMs).toBe(10_000);
    expect(await analyzePendingSessions(db)).toBe(0);
  });

  it('leaves an open session alone', async () => {
    await record(1, visit('/'));
    expect(await analyzePendingSessions(db)).toBe(0);
    expect(await db.analyses.count()).toBe(0);
    expect(await db.sessions.get('s1')).toMatchObject({
      analysisPending: 0,
      summary: null,
      health: null,
    });
  });

  it('analyzes again a session that got a late event after its analysis', async () => {
    await record(1, visit('/'));
    await recordTabClosed(db, 1, at('10s'), DEFAULT_RULES);
    await analyzePendingSessions(db);

    // The tab's last batch arrives after the close: it lands in the ended session.
    await record(1, [uncaughtError(at('9s'), 'TypeError: late')]);
    expect(await db.sessions.get('s1')).toMatchObject({ analysisPending: 1, health: 'tolerable' });

    expect(await analyzePendingSessions(db)).toBe(1);
    expect(await db.analyses.get('s1')).toMatchObject({ eventCount: visit('/').length + 1 });
    expect(await db.sessions.get('s1')).toMatchObject({
      analysisPending: 0,
      health: 'abnormal',
      summary: { healthReasons: ['1 uncaught error'] },
    });
  });

  it('does not let a corrupt chunk stop the analysis: of its session or of the others', async () => {
    // Tab 1 loads two pages (two streams, two chunks); tab 2 one.
    await record(1, visit('/a'), 'stream-a');
    await record(1, [...visit('/b', 6000), uncaughtError(at('12s'), 'TypeError: b')], 'stream-b');
    await record(2, visit('/c'));
    await recordTabClosed(db, 1, at('20s'), DEFAULT_RULES);
    await recordTabClosed(db, 2, at('20s'), DEFAULT_RULES);
    await db.chunks.update('stream-a:0', { data: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) });

    expect(await analyzePendingSessions(db)).toBe(2);
    // s1 is analyzed from what is left: the second page, its error.
    const s1 = (await db.analyses.get('s1'))!.analysis;
    expect(s1.flow.pages.map((p) => new URL(p.url).pathname)).toEqual(['/b']);
    expect(s1.health.reasons).toEqual(['1 uncaught error']);
    expect(await db.sessions.get('s2')).toMatchObject({ analysisPending: 0, health: 'tolerable' });
  });

  it('skips a session deleted while it was being analyzed, and stores nothing for it', async () => {
    await record(1, visit('/'));
    await recordTabClosed(db, 1, at('10s'), DEFAULT_RULES);
    meanwhile.whileReading = () => db.sessions.delete('s1');

    expect(await analyzePendingSessions(db)).toBe(0);
    expect(await db.analyses.count()).toBe(0);
    expect(await db.sessions.count()).toBe(0);
  });

  it('keeps a session that grew while it was being analyzed pending, for the next pass', async () => {
    await record(1, visit('/'));
    await recordTabClosed(db, 1, at('10s'), DEFAULT_RULES);
    meanwhile.whileReading = async () => {
      meanwhile.whileReading = null;
      await record(1, [uncaughtError(at('9s'), 'TypeError: late')]);
    };

    expect(await analyzePendingSessions(db)).toBe(0);
    expect(await db.analyses.count()).toBe(0);
    expect(await db.sessions.get('s1')).toMatchObject({ analysisPending: 1, summary: null });

    expect(await analyzePendingSessions(db)).toBe(1);
    expect(await db.sessions.get('s1')).toMatchObject({ analysisPending: 0, health: 'abnormal' });
  });

  it('analyzes at most `limit` sessions per pass', async () => {
    for (const tabId of [1, 2, 3]) {
      await record(tabId, visit(`/${tabId}`));
      await recordTabClosed(db, tabId, at('10s'), DEFAULT_RULES);
    }
    expect(await analyzePendingSessions(db, 2)).toBe(2);
    expect(await analyzePendingSessions(db, 2)).toBe(1);
    expect(await db.sessions.where('analysisPending').equals(1).count()).toBe(0);
  });
});
