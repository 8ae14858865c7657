// The relay's outbox against a service worker that stores with commitBatch: DESIGN §2's promise,
// "never lose an event, never store one twice", end to end without a browser.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TabreelDb } from '../../shared/db/schema';
import { createOutbox, FLUSH_INTERVAL_MS, type OutboxOptions } from '../../shared/delivery/outbox';
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

/** The relay's outbox over the fake worker, on the test's clock (the worker's send read per call). */
function outboxTo(
  worker: { send(message: BatchMessage): Promise<unknown> },
  clock: ReturnType<typeof manualClock>,
  options: Pick<OutboxOptions, 'streamId'> & Partial<OutboxOptions>,
) {
  return createOutbox({
    send: (message) => worker.send(message),
    isAck: isBatchAck,
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    ...options,
  });
}

/** Lets the outbox resend, an interval at a time, until the worker has acked everything. */
async function drain(
  outbox: { pending(): number },
  worker: { idle(): Promise<void> },
  clock: ReturnType<typeof manualClock>,
): Promise<void> {
  await worker.idle();
  for (let round = 0; round < 100 && outbox.pending() > 0; round += 1) {
    clock.advance(FLUSH_INTERVAL_MS);
    await worker.idle();
  }
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
    const outbox = outboxTo(worker, clock, { streamId: 'stream-round-trip' });
    const events = timeline`load@0s click@1s..20s/1s mutation@21s..40s/1s key@41s`;

    for (const [i, event] of events.entries()) {
      outbox.push(`[${JSON.stringify(event)}]`, 1, i % 7 === 0);
      if (i % 5 === 0) clock.advance(FLUSH_INTERVAL_MS / 2);
      if (i === 30) outbox.flush({ force: true }); // a second batch while one is in flight
      await worker.idle();
    }
    await drain(outbox, worker, clock);

    expect(outbox.pending()).toBe(0);
    expect(worker.lost()).toBeGreaterThan(0);
    expect(describeTimeline(await everythingStored())).toBe(describeTimeline(events));
  });

  it('stores every event exactly once from hand-overs of several events, replies lost', async () => {
    const lanes = createCommitLanes();
    const worker = fakeServiceWorker({ loseReply: (n) => n % 3 === 1, lanes });
    const clock = manualClock();
    const outbox = outboxTo(worker, clock, {
      streamId: 'stream-hand-overs',
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
    await drain(outbox, worker, clock);

    expect(outbox.pending()).toBe(0);
    expect(worker.lost()).toBeGreaterThan(0);
    expect(describeTimeline(await everythingStored())).toBe(describeTimeline(events));
  });

  it('stores every event exactly once with several small batches in flight and replies lost', async () => {
    const lanes = createCommitLanes();
    const worker = fakeServiceWorker({ loseReply: (n) => n % 4 === 0, lanes });
    const clock = manualClock();
    const outbox = outboxTo(worker, clock, {
      streamId: 'stream-pipelined',
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
    await drain(outbox, worker, clock);

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
    const outbox = outboxTo(worker, clock, {
      streamId: 'stream-byte-window',
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
    await drain(outbox, worker, clock);

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
    const outbox = outboxTo(worker, clock, { streamId: 'stream-paused' });
    const push = async (events: TimedEvent[]) => {
      for (const event of events) outbox.push(`[${JSON.stringify(event)}]`, 1, true);
      clock.advance(0);
      await worker.idle();
    };

    await push(timeline`load@0s click@1s`);
    worker.setPaused(true);
    // Handed over before the page heard of the pause: kept by the page while the session is open
    // (it would go with the stop's marker), and stored once recording resumes.
    await push(timeline`click@2s`);
    worker.setPaused(false);
    await push(timeline`mark:resume@10s snapshot@10s click@11s`);
    for (let round = 0; round < 10; round += 1) {
      clock.advance(2 * FLUSH_INTERVAL_MS);
      await worker.idle();
    }

    expect(outbox.pending()).toBe(0);
    expect(describeTimeline(await everythingStored())).toBe(
      'load@0s click@1s click@2s mark:resume@10s snapshot@10s click@11s',
    );
  });
});

// Recording stops in a tab (DESIGN §3): the recorder's last hand-over ends with a stop marker, and
// the tab's session ends with it. The worker's settings already say "paused" when it arrives.
describe('delivery: the stop ends the tab’s session', () => {
  /** The tab's sessions as `[endReason, endedAt offset, events]`, oldest first. */
  async function sessionsStored() {
    const rows = await db.sessions.orderBy('startedAt').toArray();
    return Promise.all(
      rows.map(async (row) => [
        row.endReason,
        row.endedAt === null ? null : row.endedAt - T0,
        describeTimeline(await storedEvents(db, row.id)),
      ]),
    );
  }

  function pausedPage(options: Parameters<typeof fakeServiceWorker>[0] = {}) {
    const worker = fakeServiceWorker(options);
    const clock = manualClock();
    const outbox = outboxTo(worker, clock, { streamId: 'stream-stop' });
    /** Hands events over as the recorder does (one text), and lets the outbox send them. */
    const handOver = async (events: TimedEvent[], force = false) => {
      outbox.push(JSON.stringify(events), events.length, true);
      if (force) outbox.flush({ force: true });
      clock.advance(0);
      await worker.idle();
    };
    return { worker, clock, outbox, handOver };
  }

  it('stores the stop’s hand-over while paused and ends the session there; the resume starts anew', async () => {
    const { worker, clock, outbox, handOver } = pausedPage();
    await handOver(timeline`load@0s click@1s`);
    worker.setPaused(true);
    // What the recorder held at the pause, then its stop marker, all in the relay's forced flush.
    await handOver(timeline`click@2s mutation@2s100ms stop:paused@2s200ms`, true);
    expect(await sessionsStored()).toEqual([
      ['paused', 2200, 'load@0s click@1s click@2s mutation@2s100ms stop:paused@2s200ms'],
    ]);
    expect((await db.sessions.toArray())[0]?.analysisPending).toBe(1);

    worker.setPaused(false);
    await handOver(timeline`mark:resume@10s snapshot@10s click@11s`);
    await drain(outbox, worker, clock);
    expect(outbox.pending()).toBe(0);
    expect(await sessionsStored()).toEqual([
      ['paused', 2200, 'load@0s click@1s click@2s mutation@2s100ms stop:paused@2s200ms'],
      [null, null, 'mark:resume@10s snapshot@10s click@11s'],
    ]);
  });

  it('ends it once when the stop’s batch comes twice (its reply lost) and after a worker restart', async () => {
    // Batch 2, the stop's, is committed but its reply lost; batch 3 (its resend) dies unanswered
    // with the worker before the commit; batch 4 is the resend a new worker acks.
    const { worker, clock, outbox, handOver } = pausedPage({
      loseReply: (n) => n === 2,
      dieBefore: (n) => n === 3,
    });
    await handOver(timeline`load@0s click@1s`);
    worker.setPaused(true);
    await handOver(timeline`click@2s stop:excluded-site@2s50ms`, true);
    await drain(outbox, worker, clock);
    expect(worker.lost()).toBe(2);
    expect(outbox.pending()).toBe(0);
    expect(await sessionsStored()).toEqual([
      ['excluded-site', 2050, 'load@0s click@1s click@2s stop:excluded-site@2s50ms'],
    ]);
    expect((await db.sessions.toArray()).map((row) => row.eventCount)).toEqual([6]);
  });

  it('ends it when the stop’s batch arrives after a restart found the tab state in the database', async () => {
    const sender = { tabId: 1, frameId: 0, url: 'https://shop.example/', incognito: false };
    const receive = (fromSeq: number, events: TimedEvent[], paused: boolean) =>
      receiveBatch(db, {
        message: {
          type: 'batch',
          streamId: 'stream-late',
          fromSeq,
          count: events.length,
          events: JSON.stringify(events),
        },
        sender,
        settings: { ...DEFAULT_SETTINGS, paused },
        now: T0,
        newId: sequentialIds(),
        sleep: async () => {},
      });
    await receive(0, timeline`load@0s click@1s`, false);
    const late = await receive(4, timeline`click@2s stop:paused@3s`, true);
    expect(late.reply).toMatchObject({ ok: true, through: 5, session: null });
    expect(late.analysisDue).toBe(true);
    expect(await sessionsStored()).toEqual([
      ['paused', 3000, 'load@0s click@1s click@2s stop:paused@3s'],
    ]);
  });

  it('while paused, a resend whose stretch up to the stop was stored writes nothing more', async () => {
    const receive = (events: TimedEvent[], paused: boolean) =>
      receiveBatch(db, {
        message: {
          type: 'batch',
          streamId: 'stream-stop-resend',
          fromSeq: 0,
          count: events.length,
          events: JSON.stringify(events),
        },
        sender: { tabId: 1, frameId: 0, url: 'https://shop.example/', incognito: false },
        settings: { ...DEFAULT_SETTINGS, paused },
        now: T0,
        newId: sequentialIds(),
        sleep: async () => {},
      });
    // The worker stored the stretch up to the stop, then died before moving past the rest.
    await receive(timeline`load@0s stop:paused@2s`, false);
    const resent = await receive(timeline`load@0s stop:paused@2s click@3s`, true);
    // Acked, and no sign of a disk with room (the storage guard reads `wrote` so).
    expect([resent.reply.ok, resent.wrote]).toEqual([true, false]);
    expect((await db.streams.get('stream-stop-resend'))?.nextSeq).toBe(5);
    expect(await sessionsStored()).toEqual([['paused', 2000, 'load@0s stop:paused@2s']]);
  });

  it('while paused, stores up to the stop and refuses what follows it; the stream moves on', async () => {
    const sender = { tabId: 1, frameId: 0, url: 'https://shop.example/', incognito: false };
    const paused = { ...DEFAULT_SETTINGS, paused: true };
    const receive = (fromSeq: number, events: TimedEvent[], settings = paused) =>
      receiveBatch(db, {
        message: {
          type: 'batch',
          streamId: 'stream-after-stop',
          fromSeq,
          count: events.length,
          events: JSON.stringify(events),
        },
        sender,
        settings,
        now: T0,
        newId: sequentialIds(),
        sleep: async () => {},
      });
    await receive(0, timeline`load@0s`, DEFAULT_SETTINGS);
    const mixed = await receive(3, timeline`click@1s stop:paused@2s click@3s mutation@4s`);
    expect(mixed.reply).toMatchObject({ ok: true, through: 6 });
    expect(mixed.wrote).toBe(true);
    // No stop in it: refused, as any batch while paused.
    const after = await receive(7, timeline`click@5s`);
    expect(after.reply).toMatchObject({ ok: false, retry: false });
    expect((await db.streams.get('stream-after-stop'))?.nextSeq).toBe(8);
    expect(await sessionsStored()).toEqual([['paused', 2000, 'load@0s click@1s stop:paused@2s']]);
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

  /** One batch joined from hand-overs, as the relay's outbox builds it (with its parts). */
  const joined = (fromSeq: number, texts: Array<[count: number, text: string]>) => ({
    type: 'batch',
    streamId: 'stream-resend',
    fromSeq,
    count: texts.reduce((sum, [count]) => sum + count, 0),
    events: `[${texts.map(([, text]) => text.slice(1, -1)).join(',')}]`,
    parts: texts.map(([count, text]) => [count, text.length]),
  });
  const FORGED: [number, string] = [1, '[{"type":99,"timestamp":1,"FAKE":1}]'];
  const real = (events: TimedEvent[]): [number, string] => [events.length, JSON.stringify(events)];

  it('acks a joined batch whole, storing its real hand-overs and counting its forged one', async () => {
    const result = await receive(
      joined(0, [real(timeline`load(/a)@0s`), FORGED, real(timeline`click@1s`)]),
    );
    const through = timeline`load(/a)@0s`.length + 1;
    expect(result.reply).toMatchObject({ ok: true, through });
    expect(result.rejected).toMatch(
      /1 of 3 hand-overs refused: Batch event 0 is not an rrweb event/,
    );
    expect(result.wrote).toBe(true);
    expect((await db.streams.get('stream-resend'))?.nextSeq).toBe(through + 1);
    const next = await receive(batch(through + 1, timeline`click@2s`));
    expect(next.reply, 'the next batch is no gap').toMatchObject({ ok: true });
    expect(describeTimeline(await everythingStored())).toBe(
      describeTimeline(timeline`load(/a)@0s click@1s click@2s`),
    );
  });

  it('stores a joined batch once when the worker stopped after its first stretch and it came again', async () => {
    const first = timeline`load(/a)@0s`;
    const message = joined(0, [real(first), FORGED, real(timeline`click@1s`)]);
    // The worker committed the first stretch, then died: the relay sends the same batch again.
    await receive(batch(0, first));
    const again = await receive(message);
    expect(again.reply).toMatchObject({ ok: true, through: first.length + 1 });
    const thrice = await receive(message); // and its reply was lost too
    expect(thrice.reply).toMatchObject({ ok: true, through: first.length + 1 });
    expect(describeTimeline(await everythingStored())).toBe(
      describeTimeline(timeline`load(/a)@0s click@1s`),
    );
  });

  it('refuses a joined batch of forged hand-overs only, and moves its stream past it', async () => {
    await receive(batch(0, timeline`click@0s`));
    const result = await receive(joined(1, [FORGED, [2, '["FAKE one","FAKE two, not events"]']]));
    expect(result.reply).toMatchObject({ ok: false, retry: false });
    expect((await receive(batch(4, timeline`click@1s`))).reply).toMatchObject({ ok: true });
  });

  it('refuses a batch whose parts do not describe its text', async () => {
    const message = joined(0, [real(timeline`click@0s`), real(timeline`click@1s`)]);
    const result = await receive({ ...message, parts: [message.parts[0], [1, 99]] });
    expect(result.reply).toMatchObject({ ok: false, retry: false });
    expect(await db.chunks.count()).toBe(0);
  });

  it('moves past a batch refused for its size, so the next one is not a gap', async () => {
    await receive(batch(0, timeline`load(/a)@0s`));
    const huge = { ...batch(3, timeline`click@1s`), events: 'x'.repeat(33 * 1024 * 1024) };
    expect((await receive(huge)).reply).toMatchObject({ ok: false, retry: false });
    const after = await receive(batch(4, timeline`click@2s`));
    expect(after.reply).toMatchObject({ ok: true, through: 4 });
  });
});

// A page can fire the recorder's hand-over event itself. Joined with the recorder's real hand-overs
// into one batch, a forged one must cost only its own events: never a real one, never a stall.
describe("delivery: a page's forged hand-overs", () => {
  const fake = (at: number) => `{"type":3,"timestamp":${at},"data":{"source":0,"FAKE":1}}`;
  /** Well-formed hand-overs (the relay takes them) that the service worker must refuse. */
  const FORGED = {
    'a wrong count': { text: `[${fake(1)},${fake(2)}]`, count: 1 },
    'items that are not events': { text: '["FAKE not an event","FAKE nor this one"]', count: 2 },
    'an event of no rrweb type': { text: '[{"type":99,"timestamp":1,"FAKE":1}]', count: 1 },
    'text that is not JSON': { text: `[${fake(1)}]]] FAKE [[]`, count: 1 },
  };
  type Push = { real: TimedEvent[] } | { forged: { text: string; count: number } };

  /** The recorder's hand-overs and a page's forged ones, in `pushes` order, through one outbox. */
  async function deliver(
    pushes: Push[],
    options: { force?: boolean; loseReply?: (n: number) => boolean; maxBatchBytes?: number } = {},
  ) {
    const lanes = createCommitLanes();
    const worker = fakeServiceWorker({
      lanes,
      ...(options.loseReply ? { loseReply: options.loseReply } : {}),
    });
    const clock = manualClock();
    const outbox = outboxTo(worker, clock, {
      streamId: 'stream-forged',
      ...(options.maxBatchBytes ? { maxBatchBytes: options.maxBatchBytes } : {}),
    });
    const sent: BatchMessage[] = [];
    const send = worker.send;
    worker.send = (message) => {
      sent.push(message);
      return send(message);
    };
    for (const push of pushes) {
      if ('real' in push) outbox.push(JSON.stringify(push.real), push.real.length, false);
      else outbox.push(push.forged.text, push.forged.count, false);
    }
    if (options.force) outbox.flush({ force: true });
    await drain(outbox, worker, clock);
    await worker.idle();
    const real = pushes.flatMap((push) => ('real' in push ? push.real : []));
    return { outbox, sent, real, stored: await everythingStored() };
  }

  it.each(Object.entries(FORGED))(
    'stores every real event around a forged hand-over with %s',
    async (_, forged) => {
      const { outbox, sent, real, stored } = await deliver([
        { real: timeline`load@0s snapshot@0s` },
        { forged },
        { real: timeline`click@1s input@2s` },
      ]);
      expect(sent[0]!.parts, 'the three went as one batch').toHaveLength(3);
      expect(outbox.pending()).toBe(0);
      expect(describeTimeline(stored)).toBe(describeTimeline(real));
    },
  );

  it('stores the real events when the forged hand-overs come first, last, and several in a row', async () => {
    const forged = Object.values(FORGED);
    const { outbox, sent, real, stored } = await deliver([
      { forged: forged[0]! },
      { real: timeline`load@0s snapshot@0s` },
      { forged: forged[1]! },
      { forged: forged[2]! },
      { real: timeline`click@1s` },
      { real: timeline`input@2s` },
      { forged: forged[3]! },
    ]);
    expect(sent).toHaveLength(1);
    expect(outbox.pending()).toBe(0);
    expect(describeTimeline(stored)).toBe(describeTimeline(real));
    expect(JSON.stringify(await db.chunks.toArray())).not.toContain('FAKE');
  });

  it('stores the real events of a forced flush (the page going away) with forged ones in it', async () => {
    const forged = Object.values(FORGED);
    const { sent, real, stored } = await deliver(
      [
        { real: timeline`load@0s snapshot@0s` },
        { forged: forged[0]! },
        { real: timeline`click@1s` },
        { forged: forged[3]! },
        { real: timeline`input@2s` },
      ],
      { force: true },
    );
    // The forced flush alone stored it all: a page that is gone gets no second chance.
    expect(sent).toHaveLength(1);
    expect(describeTimeline(stored)).toBe(describeTimeline(real));
  });

  it('keeps a forged pair from swallowing the real hand-over between them', async () => {
    // Parsed as one array, the first opens an event the second closes, with the real hand-over
    // inside it, and the counts add up: the batch would be acked and the real clicks gone.
    const opener = {
      text: `[{"type":5,"timestamp":${T0},"data":{"tag":"FAKE","payload":[0]`,
      count: 1,
    };
    const closer = { text: `[0]}},${[1, 2, 3].map((i) => fake(T0 + i)).join(',')}]`, count: 1 };
    const between = timeline`click@1s click@2s`;
    expect(
      JSON.parse(
        `[${[opener.text, JSON.stringify(between), closer.text].map((t) => t.slice(1, -1)).join(',')}]`,
      ),
      'the joined text parses, with as many events as the counts say',
    ).toHaveLength(opener.count + between.length + closer.count);
    const { real, stored } = await deliver([
      { real: timeline`load@0s snapshot@0s` },
      { forged: opener },
      { real: between },
      { forged: closer },
    ]);
    expect(describeTimeline(stored)).toBe(describeTimeline(real));
  });

  it('stores every real event exactly once with forged hand-overs, batches cut small and replies lost', async () => {
    const forged = Object.values(FORGED);
    const pushes: Push[] = [];
    const events = timeline`load@0s click@1s..30s/1s`;
    for (const [i, event] of events.entries()) {
      pushes.push({ real: [event] });
      if (i % 3 === 1) pushes.push({ forged: forged[i % forged.length]! });
    }
    const { outbox, sent, real, stored } = await deliver(pushes, {
      loseReply: (n) => n % 3 === 0,
      maxBatchBytes: 700,
    });
    expect(sent.filter((message) => message.parts).length).toBeGreaterThan(1);
    expect(outbox.pending()).toBe(0);
    expect(describeTimeline(stored)).toBe(describeTimeline(real));
  });
});
