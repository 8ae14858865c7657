// The relay's outbox against a service worker that stores with commitBatch: DESIGN §2's promise,
// "never lose an event, never store one twice", end to end without a browser.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TabreelDb } from '../../shared/db/schema';
import { createOutbox, FLUSH_INTERVAL_MS } from '../../shared/delivery/outbox';
import { receiveBatch } from '../../shared/delivery/receive-batch';
import { createCommitLanes, type CommitLanes } from '../../shared/delivery/commit-lanes';
import { DEFAULT_SETTINGS } from '../../shared/settings/settings';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import {
  isBatchAck,
  type BatchMessage,
  type BatchReply,
} from '../../shared/messages/content-to-background';
import { sequentialIds } from '../fixtures/ids';
import { manualClock } from '../fixtures/manual-clock';
import { freshDb, storedEvents } from '../fixtures/tabreel-db';
import { describeTimeline, T0, timeline } from '../fixtures/timeline';

let db: TabreelDb;

beforeEach(() => {
  db = freshDb();
});

afterEach(() => db.close());

/**
 * What handle-batch does with a batch, minus the browser: refuse for good while paused, store
 * otherwise, ask for a resend after a gap. `loseReply(n)` makes the worker die after committing
 * its n-th batch, before answering; `dieBefore(n)` makes it die before that batch is committed.
 */
function fakeServiceWorker(
  options: {
    loseReply?: (n: number) => boolean;
    dieBefore?: (n: number) => boolean;
    lanes?: CommitLanes;
  } = {},
) {
  const newId = sequentialIds();
  const inFlight: Array<Promise<unknown>> = [];
  let received = 0;
  let lost = 0;
  let paused = false;

  const handle = async (message: BatchMessage): Promise<BatchReply> => {
    // As handle-batch does: the lane's place is taken when the message arrives.
    const turn = options.lanes?.enter(1);
    const settings = { ...DEFAULT_SETTINGS, paused };
    try {
      const { reply } = await receiveBatch(db, {
        message,
        sender: { tabId: 1, frameId: 0, url: 'https://shop.example/', incognito: false },
        settings,
        now: T0,
        newId,
        sleep: async () => {},
        ...(turn ? { turn: turn.ready } : {}),
      });
      return reply;
    } finally {
      turn?.leave();
    }
  };

  return {
    send(message: BatchMessage): Promise<unknown> {
      const n = (received += 1);
      if (options.dieBefore?.(n)) {
        lost += 1;
        const none = Promise.resolve(undefined);
        inFlight.push(none);
        return none;
      }
      const reply = handle(message).then((answer) => {
        if (!options.loseReply?.(n)) return answer;
        lost += 1;
        return undefined;
      });
      inFlight.push(reply);
      return reply;
    },
    /** Waits until every batch sent so far has been stored and answered. */
    async idle() {
      while (inFlight.length > 0) await inFlight.shift();
      await new Promise((resolve) => setImmediate(resolve));
    },
    lost: () => lost,
    setPaused(value: boolean) {
      paused = value;
    },
  };
}

async function everythingStored(): Promise<TimedEvent[]> {
  const sessions = await db.sessions.orderBy('startedAt').toArray();
  const all: TimedEvent[] = [];
  for (const session of sessions) all.push(...(await storedEvents(db, session.id)));
  return all;
}

describe('delivery, outbox to database', () => {
  it('stores every event exactly once when replies get lost after the commit', async () => {
    const worker = fakeServiceWorker({ loseReply: (n) => n % 3 === 0 });
    const clock = manualClock();
    const outbox = createOutbox({
      send: (message) => worker.send(message),
      isAck: isBatchAck,
      streamId: 'stream-round-trip',
      now: clock.now,
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
    });
    const events = timeline`load@0s click@1s..20s/1s mutation@21s..40s/1s key@41s`;

    for (const [i, event] of events.entries()) {
      outbox.push(`[${JSON.stringify(event)}]`, 1, i % 7 === 0);
      if (i % 5 === 0) clock.advance(FLUSH_INTERVAL_MS / 2);
      if (i === 30) outbox.flush({ force: true }); // a second batch while one is in flight
      await worker.idle();
    }
    for (let round = 0; round < 50 && outbox.pending() > 0; round += 1) {
      clock.advance(FLUSH_INTERVAL_MS);
      await worker.idle();
    }

    expect(outbox.pending()).toBe(0);
    expect(worker.lost()).toBeGreaterThan(0);
    expect(describeTimeline(await everythingStored())).toBe(describeTimeline(events));
  });

  it('stores every event exactly once from hand-overs of several events, replies lost', async () => {
    const lanes = createCommitLanes();
    const worker = fakeServiceWorker({ loseReply: (n) => n % 3 === 1, lanes });
    const clock = manualClock();
    const outbox = createOutbox({
      send: (message) => worker.send(message),
      isAck: isBatchAck,
      streamId: 'stream-hand-overs',
      now: clock.now,
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
      maxBatchBytes: 400, // a few hand-overs a batch, several in flight
      maxInFlight: 2,
      maxBytesInFlight: 800,
    });
    const events = timeline`load@0s click@1s..20s/1s mutation@21s..40s/1s key@41s`;

    // The recorder hands over 1, 2, 3 or 4 events at a time, as one array text each.
    for (let from = 0, size = 1; from < events.length; from += size, size = (size % 4) + 1) {
      const handOver = events.slice(from, from + size);
      outbox.push(JSON.stringify(handOver), handOver.length, from % 3 === 0);
      if (from % 5 === 0) clock.advance(FLUSH_INTERVAL_MS / 2);
      if (from === 30) outbox.flush({ force: true });
      await worker.idle();
    }
    for (let round = 0; round < 50 && outbox.pending() > 0; round += 1) {
      clock.advance(FLUSH_INTERVAL_MS);
      await worker.idle();
    }

    expect(outbox.pending()).toBe(0);
    expect(worker.lost()).toBeGreaterThan(0);
    expect(describeTimeline(await everythingStored())).toBe(describeTimeline(events));
  });

  it('stores every event exactly once with several small batches in flight and replies lost', async () => {
    const lanes = createCommitLanes();
    const worker = fakeServiceWorker({ loseReply: (n) => n % 4 === 0, lanes });
    const clock = manualClock();
    const outbox = createOutbox({
      send: (message) => worker.send(message),
      isAck: isBatchAck,
      streamId: 'stream-pipelined',
      now: clock.now,
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
      maxBatchBytes: 300, // a few events a batch: many batches, several in flight
      maxInFlight: 3,
      maxBytesInFlight: 900,
    });
    const events = timeline`load@0s mutation@1s..60s/1s click@61s..80s/1s`;

    // Pushed in bursts without waiting for the worker: batches overlap in its lane.
    for (const [i, event] of events.entries()) {
      outbox.push(`[${JSON.stringify(event)}]`, 1, i % 11 === 0);
      if (i % 9 === 0) clock.advance(0);
    }
    for (let round = 0; round < 100 && outbox.pending() > 0; round += 1) {
      await worker.idle();
      clock.advance(FLUSH_INTERVAL_MS);
    }

    expect(outbox.pending()).toBe(0);
    expect(worker.lost()).toBeGreaterThan(0);
    expect(lanes.size()).toBe(0);
    expect(describeTimeline(await everythingStored())).toBe(describeTimeline(events));
  });

  it('stores every event exactly once when one message carries what piled up, the worker dying before and after commits', async () => {
    const lanes = createCommitLanes();
    const worker = fakeServiceWorker({
      loseReply: (n) => n % 4 === 2,
      dieBefore: (n) => n % 5 === 3,
      lanes,
    });
    const clock = manualClock();
    // The relay's policy at a small scale: one message in flight, carrying up to the window.
    const outbox = createOutbox({
      send: (message) => worker.send(message),
      isAck: isBatchAck,
      streamId: 'stream-byte-window',
      now: clock.now,
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
      maxBatchBytes: 300,
      maxBytesInFlight: 1500,
    });
    const sizes: number[] = [];
    const send = worker.send.bind(worker);
    worker.send = (message) => {
      sizes.push(message.count);
      return send(message);
    };
    const events = timeline`load@0s mutation@1s..80s/1s click@81s..100s/1s`;

    // The recorder hands over 1–3 events at a time, in bursts the worker does not keep up with.
    for (let from = 0, size = 1; from < events.length; from += size, size = (size % 3) + 1) {
      const handOver = events.slice(from, from + size);
      outbox.push(JSON.stringify(handOver), handOver.length, false);
      if (from % 13 === 0) {
        clock.advance(0);
        await worker.idle();
      }
    }
    for (let round = 0; round < 100 && outbox.pending() > 0; round += 1) {
      await worker.idle();
      clock.advance(FLUSH_INTERVAL_MS);
    }

    expect(outbox.pending()).toBe(0);
    expect(worker.lost()).toBeGreaterThan(1);
    expect(Math.max(...sizes), 'messages carried several hand-overs').toBeGreaterThan(3);
    expect(lanes.size()).toBe(0);
    expect(describeTimeline(await everythingStored())).toBe(describeTimeline(events));
  });

  // A batch refused for good (here: recording paused) must not leave a hole that makes every later
  // batch of the page wait for it forever.
  it('keeps recording a page after a pause and resume', async () => {
    const worker = fakeServiceWorker();
    const clock = manualClock();
    const outbox = createOutbox({
      send: (message) => worker.send(message),
      isAck: isBatchAck,
      streamId: 'stream-paused',
      now: clock.now,
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
    });
    const push = async (events: TimedEvent[]) => {
      for (const event of events) outbox.push(`[${JSON.stringify(event)}]`, 1, true);
      clock.advance(0);
      await worker.idle();
    };

    await push(timeline`load@0s click@1s`);
    worker.setPaused(true);
    await push(timeline`click@2s`); // refused and dropped: the user paused
    worker.setPaused(false);
    await push(timeline`mark:resume@10s snapshot@10s click@11s`);
    for (let round = 0; round < 10; round += 1) {
      clock.advance(2 * FLUSH_INTERVAL_MS);
      await worker.idle();
    }

    expect(outbox.pending()).toBe(0);
    expect(describeTimeline(await everythingStored())).toBe(
      'load@0s click@1s mark:resume@10s snapshot@10s click@11s',
    );
  });
});

describe('receiveBatch: a write that keeps failing', () => {
  it('retries, then answers retry:true and reports the failure, storing nothing', async () => {
    const message = {
      type: 'batch',
      streamId: 'stream-failing',
      fromSeq: 0,
      count: 2,
      events: JSON.stringify(timeline`load(/a)@0s`.slice(0, 2)),
    };
    const sleeps: number[] = [];
    db.close(); // every transaction now fails, as with a full disk or an aborted write
    const result = await receiveBatch(db, {
      message,
      sender: { tabId: 1, frameId: 0, url: 'https://shop.example/', incognito: false },
      settings: DEFAULT_SETTINGS,
      now: T0,
      newId: sequentialIds(),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    expect(sleeps).toEqual([50, 250]);
    expect(result.reply).toMatchObject({ ok: false, retry: true });
    expect(result.writeFailure).toMatch(/DatabaseClosed/);
    await db.open();
    expect(await db.chunks.count()).toBe(0);
  });
});

describe('receiveBatch: resends and refusals keep the stream moving', () => {
  const sender = { tabId: 1, frameId: 0, url: 'https://shop.example/', incognito: false };
  const receive = (message: unknown, newId = sequentialIds()) =>
    receiveBatch(db, {
      message,
      sender,
      settings: DEFAULT_SETTINGS,
      now: T0,
      newId,
      sleep: async () => {},
    });
  const batch = (fromSeq: number, events: TimedEvent[]) => ({
    type: 'batch',
    streamId: 'stream-resend',
    fromSeq,
    count: events.length,
    events: JSON.stringify(events),
  });

  it('still asks for a snapshot when the reply that asked was lost and the batch is resent', async () => {
    const first = await receive(batch(0, timeline`click@0s`));
    expect(first.reply).toMatchObject({ ok: true, needsSnapshot: true });
    const resent = await receive(batch(0, timeline`click@0s`));
    expect(resent.reply).toMatchObject({ ok: true, through: 0, needsSnapshot: true });
    // Once a full snapshot is stored, the request ends.
    const next = await receive(batch(1, timeline`snapshot@1s`));
    expect(next.reply).toMatchObject({ ok: true, needsSnapshot: false });
  });

  it('moves past a batch refused for its size, so the next one is not a gap', async () => {
    await receive(batch(0, timeline`load(/a)@0s`));
    const huge = { ...batch(3, timeline`click@1s`), events: 'x'.repeat(33 * 1024 * 1024) };
    expect((await receive(huge)).reply).toMatchObject({ ok: false, retry: false });
    const after = await receive(batch(4, timeline`click@2s`));
    expect(after.reply).toMatchObject({ ok: true, through: 4 });
  });
});
