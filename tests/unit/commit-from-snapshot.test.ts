// The write path's snapshot (commit-batch.ts `known`): a tab's next batch issues its writes from
// the rows its previous commit wrote, without waiting for reads; the same transaction reads them
// first and, if anything changed them meanwhile, rolls back and commits from fresh reads. Each
// case compares every row with what a commit without any snapshot stores.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import {
  commitBatch,
  SequenceGapError,
  type CommitBatchInput,
  type CommitBatchResult,
  type CommitSnapshot,
} from '../../shared/storage/commit-batch';
import { recordTabClosed, sweepSessions } from '../../shared/storage/tab-lifecycle';
import { deflateStoredChunks } from '../../shared/storage/deflate-stored-chunks';
import { createCommitSnapshots } from '../../shared/delivery/commit-snapshots';
import { sequentialIds } from '../fixtures/ids';
import { DEFAULT_RULES, dumpDb, freshDb, storedEvents } from '../fixtures/tabreel-db';
import { at, describeTimeline, timeline, timelineFrom } from '../fixtures/timeline';

const RULES = DEFAULT_RULES;

/** One database, its id source, and the snapshot each commit leaves (as the service worker keeps it). */
function writer() {
  const db = freshDb();
  const newId = sequentialIds();
  let known: CommitSnapshot | undefined;
  const commit = async (
    events: readonly TimedEvent[],
    input: Partial<CommitBatchInput> & { useSnapshot?: boolean } = {},
  ): Promise<CommitBatchResult> => {
    const { useSnapshot = true, ...rest } = input;
    const result = await commitBatch(db, {
      tabId: 1,
      incognito: false,
      streamId: 'stream-a',
      fromSeq: 0,
      events,
      rules: RULES,
      privacyLevel: 'mask-inputs',
      now: at('0s'),
      newId,
      ...(useSnapshot && known ? { known } : {}),
      ...rest,
    });
    known = result.snapshot;
    return result;
  };
  return { db, commit, snapshot: () => known };
}

let a: ReturnType<typeof writer>; // commits with the snapshot
let b: ReturnType<typeof writer>; // the same steps, always from fresh reads

beforeEach(() => {
  a = writer();
  b = writer();
});
afterEach(() => {
  a.db.close();
  b.db.close();
});

/** Runs a step on both databases: what `a` (snapshots) stores must equal what `b` (reads) stores. */
async function both<T>(step: (w: ReturnType<typeof writer>, fresh: boolean) => Promise<T>) {
  const withSnapshot = await step(a, false);
  const fromReads = await step(b, true);
  return { withSnapshot, fromReads };
}

const sameRows = async () => expect(await dumpDb(a.db)).toEqual(await dumpDb(b.db));

const first = timeline`load(/a)@0s click@1s input@2s`; // seq 0…4
const next = timelineFrom(at('3s'))`click@0s mutation@1s`; // seq 5…6
const later = timelineFrom(at('10s'))`click@0s input@1s`; // seq 7…8

describe('commitBatch from the worker’s snapshot', () => {
  it('commits the next batch of the stream without reads first, storing the same rows', async () => {
    await both((w) => w.commit(first));
    const { withSnapshot, fromReads } = await both((w, fresh) =>
      w.commit(next, { fromSeq: 5, useSnapshot: !fresh }),
    );
    expect(withSnapshot.fromKnown).toBe(true);
    expect(fromReads.fromKnown).toBeUndefined();
    const { snapshot: _a, fromKnown: _k, ...ack } = withSnapshot;
    const { snapshot: _b, ...ackFromReads } = fromReads;
    expect(ack).toEqual(ackFromReads);
    await sameRows();
    expect(a.snapshot()).toEqual({
      stream: await a.db.streams.get('stream-a'),
      tab: await a.db.tabs.get(1),
      session: await a.db.sessions.get('s1'),
    });
  });

  it('keeps a large batch’s rows and the session’s byte counts the same', async () => {
    const texts = Array.from({ length: 6 }, (_, i) => ({
      type: 3,
      timestamp: at('4s') + i,
      data: { source: 0, texts: [{ id: i, value: `line ${i} `.repeat(4_000) }] },
    }));
    await both((w) => w.commit(first));
    const result = await both((w, fresh) =>
      w.commit(texts, { fromSeq: 5, text: { json: JSON.stringify(texts) }, useSnapshot: !fresh }),
    );
    expect(result.withSnapshot.fromKnown).toBe(true);
    await sameRows();
  });

  it('reads again when the sweep ended the session meanwhile', async () => {
    await both((w) => w.commit(first));
    await both((w) => sweepSessions(w.db, at('40m'), RULES));
    const late = timelineFrom(at('41m'))`click@0s input@1s`;
    const { withSnapshot } = await both((w) => w.commit(late, { fromSeq: 5 }));
    expect(withSnapshot.fromKnown, 'the snapshot was stale').toBeUndefined();
    expect(withSnapshot.session?.id).toBe('s2');
    await sameRows();
    expect(describeTimeline(await storedEvents(a.db, 's1'))).toBe(describeTimeline(first));
    expect((await a.db.sessions.get('s1'))?.endReason).toBe('inactivity');
  });

  it('reads again when the tab closed meanwhile (a late batch joins the ended session)', async () => {
    await both((w) => w.commit(first));
    await both((w) => recordTabClosed(w.db, 1, at('5s'), RULES));
    const { withSnapshot } = await both((w) => w.commit(next, { fromSeq: 5 }));
    expect(withSnapshot).toMatchObject({ session: null, through: 6 });
    expect(withSnapshot.fromKnown).toBeUndefined();
    await sameRows();
  });

  it('keeps what the person changed in the session row meanwhile (pinned it)', async () => {
    await both((w) => w.commit(first));
    await both((w) => w.db.sessions.update('s1', { pinned: 1 }));
    await both((w) => w.commit(next, { fromSeq: 5 }));
    expect((await a.db.sessions.get('s1'))?.pinned).toBe(1);
    await sameRows();
  });

  it('keeps the byte counts the background deflate wrote meanwhile', async () => {
    const big = (from: number) =>
      Array.from({ length: 3 }, (_, i) => ({
        type: 3,
        timestamp: at('4s') + from + i,
        data: { source: 0, texts: [{ id: i, value: `row ${from + i} `.repeat(12_000) }] },
      }));
    await both((w) => w.commit(first));
    await both((w) => w.commit(big(0), { fromSeq: 5 }));
    const deflated = await both((w) =>
      deflateStoredChunks(w.db, { idle: () => Promise.resolve() }),
    );
    expect(deflated.withSnapshot, 'the large batch’s rows were deflated').toBeGreaterThan(0);
    const { withSnapshot } = await both((w) => w.commit(big(10), { fromSeq: 8 }));
    expect(withSnapshot.fromKnown).toBeUndefined();
    await sameRows();
    const session = (await a.db.sessions.get('s1'))!;
    const chunks = await a.db.chunks.where('sessionId').equals('s1').toArray();
    const stored = chunks.reduce(
      (sum, c) => sum + (typeof c.data === 'string' ? c.data.length : c.data.byteLength),
      0,
    );
    expect(session.storedBytes).toBe(stored);
  });

  it('recognises a batch another worker stored meanwhile as a resend, storing nothing twice', async () => {
    await both((w) => w.commit(first));
    const stale = a.snapshot();
    // A second worker life took the next batch (its ack was lost); this worker still holds its
    // snapshot from before and gets the same batch again.
    await both((w) => w.commit(next, { fromSeq: 5, useSnapshot: false }));
    const before = await dumpDb(a.db);
    const again = await a.commit(next, { fromSeq: 5, ...(stale ? { known: stale } : {}) });
    expect(again).toMatchObject({ through: 6, duplicates: next.length });
    expect(again.fromKnown).toBeUndefined();
    expect(await dumpDb(a.db)).toEqual(before);
  });

  it('refuses a batch past a gap, and writes nothing, whatever the snapshot says', async () => {
    await a.commit(first);
    const before = await dumpDb(a.db);
    await expect(a.commit(later, { fromSeq: 7 })).rejects.toBeInstanceOf(SequenceGapError);
    expect(await dumpDb(a.db)).toEqual(before);
  });

  it('reads for a second stream in the same tab, and continues its session', async () => {
    await both((w) => w.commit(first));
    const reload = timeline`load(/b)@5s click@6s`;
    const { withSnapshot } = await both((w) => w.commit(reload, { streamId: 'stream-b' }));
    expect(withSnapshot.fromKnown).toBeUndefined();
    expect(withSnapshot.session?.id).toBe('s1');
    const { withSnapshot: third } = await both((w) =>
      w.commit(timelineFrom(at('7s'))`click@0s`, { streamId: 'stream-b', fromSeq: reload.length }),
    );
    expect(third.fromKnown, 'the new stream’s own next batch uses its snapshot').toBe(true);
    await sameRows();
  });

  it('reads after the session being recorded was deleted', async () => {
    await both((w) => w.commit(first));
    await both((w) =>
      w.db.transaction('rw', [w.db.sessions, w.db.chunks], async () => {
        await w.db.chunks.where('sessionId').equals('s1').delete();
        await w.db.sessions.delete('s1');
      }),
    );
    const { withSnapshot } = await both((w) => w.commit(later, { fromSeq: 5 }));
    expect(withSnapshot.session?.id).toBe('s2');
    await sameRows();
  });
});

describe('createCommitSnapshots', () => {
  it('keeps one snapshot per tab, forgets on request, and the oldest past its limit', () => {
    const snapshots = createCommitSnapshots(2);
    const snap = (tabId: number) =>
      ({
        stream: { id: `s${tabId}`, tabId, nextSeq: 1, createdAt: 0, closedAt: null },
        tab: { tabId, open: null, lastSessionId: null, closedAt: null },
        session: null,
      }) satisfies CommitSnapshot;
    snapshots.set(1, snap(1));
    snapshots.set(2, snap(2));
    snapshots.set(1, snap(1)); // used again: now the newest
    snapshots.set(3, snap(3));
    expect(snapshots.get(2)).toBeUndefined();
    expect(snapshots.get(1)?.stream.id).toBe('s1');
    snapshots.forget(1);
    expect(snapshots.get(1)).toBeUndefined();
    expect(snapshots.get(3)?.stream.id).toBe('s3');
  });
});
