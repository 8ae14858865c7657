// The viewer follows a session while it records (viewer/state/follow-recording.ts): these tests
// commit batches through the real write path, tell the follower the row changed as Dexie would,
// and check what reaches the replay and the panels, and when (a manual clock for the analyses).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TabreelDb } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { commitBatch } from '../../shared/storage/commit-batch';
import { createPartParser } from '../../shared/storage/create-part-parser';
import { readSessionEventParts } from '../../shared/storage/read-session-event-parts';
import { readSessionTail } from '../../shared/storage/read-session-tail';
import { recordTabClosed } from '../../shared/storage/tab-lifecycle';
import { LIVE_ANALYSIS_MIN_GAP_MS } from '../../shared/replay/next-live-analysis-at';
import { startFollowingRecording, type FollowedState } from '../../viewer/state/follow-recording';
import { manualClock } from '../fixtures/manual-clock';
import { sequentialIds } from '../fixtures/ids';
import { DEFAULT_RULES, freshDb } from '../fixtures/tabreel-db';
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

const describeArrays = (arrays: readonly Uint8Array[]) => {
  const parser = createPartParser();
  parser.add(arrays);
  return describeTimeline(parser.done([]).events);
};

/** Opens s1 as the session route does and follows it; the analysis is the events' description. */
async function follow() {
  const parser = createPartParser();
  const opened = await readSessionEventParts(db, 's1', {
    atMs: 0,
    onFirst: (part) => parser.add(part.arrays),
    onPart: (part) => parser.add(part.arrays),
    cancelled: () => false,
    yieldTask: () => Promise.resolve(),
  });
  const clock = manualClock(1000);
  const grown: Array<{ events: string; endedAt: number | null }> = [];
  const states: Array<FollowedState<string>> = [];
  let reads = 0;
  let reading: Promise<unknown> = Promise.resolve();
  const follower = startFollowingRecording<string>({
    readTail: (given) => {
      reads += 1;
      const read = readSessionTail(db, 's1', given);
      reading = read;
      return read;
    },
    given: opened.given,
    events: parser.done([]).events,
    endedAt: null,
    onGrow: (arrays, endedAt) => void grown.push({ events: describeArrays(arrays), endedAt }),
    analyze: (events, endedAt) => `${describeTimeline(events)} to ${endedAt ?? 'now'}`,
    onState: (state) => void states.push(state),
    onError: (error) => {
      throw error;
    },
    now: clock.now,
    after: (ms, run) => {
      const handle = clock.setTimer(run, ms);
      return () => clock.clearTimer(handle);
    },
  });
  /** The row as Dexie's live query hands it over after a commit; resolves once it was taken in. */
  const changed = async () => {
    follower.rowChanged((await db.sessions.get('s1')) ?? null);
    await reading;
    await Promise.resolve(); // the follower takes the read in on the next microtask
  };
  return { follower, clock, grown, states, changed, reads: () => reads };
}

describe('startFollowingRecording', () => {
  it('hands each batch to the replay at once, and analyzes no more than once a gap', async () => {
    await commit(timeline`load(/a)@0s`);
    const { follower, clock, grown, states, changed, reads } = await follow();

    await commit(timeline`click@2s`);
    await changed();
    expect(grown).toEqual([{ events: 'click@2s', endedAt: null }]);
    clock.advance(0); // the first analysis: at once
    expect(states.at(-1)?.details).toBe('load(/a)@0s click@2s to now');

    await commit(timeline`click@3s`);
    await changed();
    expect(grown.at(-1)).toEqual({ events: 'click@3s', endedAt: null });
    clock.advance(LIVE_ANALYSIS_MIN_GAP_MS - 1);
    expect(states).toHaveLength(1); // the replay has it; the panels wait for the gap
    clock.advance(1);
    expect(states.at(-1)?.details).toBe('load(/a)@0s click@2s click@3s to now');
    expect(states.at(-1)?.eventCount).toBe(5);

    // A row that did not change (a write to another field) reads nothing.
    const before = reads();
    follower.rowChanged((await db.sessions.get('s1'))!);
    expect(reads()).toBe(before);
    follower.stop();
  });

  it('turns into the ended session when the tab closes, analyzed at once, and takes a late batch', async () => {
    await commit(timeline`load(/a)@0s`);
    const { follower, clock, grown, states, changed } = await follow();
    await commit(timeline`click@2s`);
    await changed();
    clock.advance(0);
    await commit(timeline`click@3s`);
    await changed();
    expect(clock.waiting()).toEqual([LIVE_ANALYSIS_MIN_GAP_MS]);

    await recordTabClosed(db, 1, at('10s'), DEFAULT_RULES);
    await changed();
    expect(grown.at(-1)).toEqual({ events: '', endedAt: at('10s') });
    clock.advance(0); // the end does not wait for the gap
    expect(states.at(-1)?.details).toBe(`load(/a)@0s click@2s click@3s to ${at('10s')}`);
    expect(states.at(-1)?.endedAt).toBe(at('10s'));
    expect(clock.waiting()).toEqual([]);

    await commit(timeline`click@9s`); // the page's last flush, after the close
    await changed();
    expect(grown.at(-1)).toEqual({ events: 'click@9s', endedAt: at('10s') });
    clock.advance(0);
    expect(states.at(-1)?.details).toBe(`load(/a)@0s click@2s click@3s click@9s to ${at('10s')}`);
    follower.stop();
  });

  it('after stop, reads and analyzes nothing more', async () => {
    await commit(timeline`load(/a)@0s`);
    const { follower, clock, grown, states, changed } = await follow();
    follower.stop();
    await commit(timeline`click@2s`);
    await changed();
    clock.advance(10_000);
    expect(grown).toEqual([]);
    expect(states).toEqual([]);
  });
});
