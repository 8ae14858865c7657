import { describe, expect, it, vi } from 'vitest';
import {
  FLUSH_INTERVAL_MS,
  MAX_BATCH_BYTES,
  MAX_BATCHES_IN_FLIGHT,
  MAX_BYTES_IN_FLIGHT,
  MAX_FINAL_BATCH_BYTES,
  MAX_PENDING_HAND_OVERS,
  createOutbox,
  type OutboxOptions,
} from '../../shared/delivery/outbox';
import {
  isBatchAck,
  MAX_BATCH_EVENTS,
  MAX_BATCH_PARTS,
  parseBatchMessage,
  type BatchAck,
  type BatchMessage,
} from '../../shared/messages/content-to-background';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { manualClock } from '../fixtures/manual-clock';
import { describeTimeline, timeline } from '../fixtures/timeline';

const STREAM = 'stream-0001';

interface SentBatch {
  message: BatchMessage;
  reply: (value: unknown) => Promise<void>;
  fail: (error: unknown) => Promise<void>;
}

/** Lets the outbox's promise callbacks run (they are queued behind the reply). */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An outbox on a clock the test moves, sending to a service worker the test answers by hand. */
function setup(options: Partial<OutboxOptions> = {}) {
  return setupOutbox(options);
}

function setupOutbox(options: Partial<OutboxOptions> = {}) {
  const clock = manualClock();
  const sent: SentBatch[] = [];
  const onRejected = vi.fn();
  const onAck = vi.fn();
  const outbox = createOutbox({
    send: (message) =>
      new Promise((resolve, reject) => {
        sent.push({
          message,
          reply: async (value) => {
            resolve(value);
            await settled();
          },
          fail: async (error) => {
            reject(error);
            await settled();
          },
        });
      }),
    isAck: isBatchAck,
    onRejected,
    onAck,
    streamId: STREAM,
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    ...options,
  });
  const push = (events: TimedEvent[], urgent = false) => {
    for (const event of events) outbox.push(`[${JSON.stringify(event)}]`, 1, urgent);
  };
  const last = () => sent[sent.length - 1]!;
  const ack = (batch: SentBatch, through = batch.message.fromSeq + batch.message.count - 1) =>
    batch.reply({ ok: true, through, session: null, needsSnapshot: false } satisfies BatchAck);
  return { outbox, clock, sent, push, last, ack, onRejected, onAck };
}

/** A batch as the test reads it: where it starts, and its events in timeline syntax. */
const shown = (batch: SentBatch) => ({
  fromSeq: batch.message.fromSeq,
  count: batch.message.count,
  events: describeTimeline(JSON.parse(batch.message.events) as TimedEvent[]),
});

describe('outbox: order and acks', () => {
  it('sends events in order with contiguous sequence numbers', async () => {
    const { push, clock, sent, ack, last } = setup();
    push(timeline`click@0s input@1s scroll@2s`);
    clock.advance(FLUSH_INTERVAL_MS);
    expect(sent.map(shown)).toEqual([
      { fromSeq: 0, count: 3, events: 'click@0s input@1s scroll@2s' },
    ]);
    expect(last().message.streamId).toBe(STREAM);
    expect(parseBatchMessage(last().message), 'the service worker accepts it').not.toBeNull();

    await ack(last());
    push(timeline`key@3s click@4s`);
    clock.advance(FLUSH_INTERVAL_MS);
    expect(shown(last())).toEqual({ fromSeq: 3, count: 2, events: 'key@3s click@4s' });
  });

  it('forgets an event only after an ack that covers it', async () => {
    const { outbox, push, clock, last, ack, onAck } = setup();
    push(timeline`click@0s click@1s click@2s`);
    clock.advance(FLUSH_INTERVAL_MS);
    expect(outbox.pending()).toBe(3);

    await ack(last(), 0);
    expect(outbox.pending()).toBe(2);
    expect(onAck).toHaveBeenCalledWith(expect.objectContaining({ ok: true, through: 0 }));

    clock.advance(FLUSH_INTERVAL_MS);
    expect(shown(last())).toEqual({ fromSeq: 1, count: 2, events: 'click@1s click@2s' });
    await ack(last());
    expect(outbox.pending()).toBe(0);
  });

  it('keeps one normal batch in flight at a time', () => {
    const { push, clock, sent } = setup();
    push(timeline`click@0s`);
    clock.advance(FLUSH_INTERVAL_MS);
    push(timeline`click@1s`, true);
    clock.advance(10 * FLUSH_INTERVAL_MS);
    expect(sent).toHaveLength(1);
  });

  it('sends what arrived during a batch in the next one, once the first is acked', async () => {
    const { push, clock, sent, last, ack } = setup();
    push(timeline`click@0s`);
    clock.advance(FLUSH_INTERVAL_MS);
    push(timeline`mutation@1s mutation@2s`);
    await ack(last());
    clock.advance(FLUSH_INTERVAL_MS);
    expect(sent.map(shown)).toEqual([
      { fromSeq: 0, count: 1, events: 'click@0s' },
      { fromSeq: 1, count: 2, events: 'mutation@1s mutation@2s' },
    ]);
  });
});

describe('outbox: lost replies and refusals', () => {
  it.each([
    ['no reply (the service worker died)', (batch: SentBatch) => batch.reply(undefined)],
    [
      'a rejected send',
      (batch: SentBatch) => batch.fail(new Error('Receiving end does not exist')),
    ],
    ['a reply that is not an ack', (batch: SentBatch) => batch.reply({ ok: true })],
    [
      'a failed write',
      (batch: SentBatch) => batch.reply({ ok: false, retry: true, error: 'Disk full' }),
    ],
  ])('after %s, resends the same events from the same seq after a delay', async (_, answer) => {
    const { outbox, push, clock, sent, onRejected } = setup();
    push(timeline`click@0s click@1s`);
    clock.advance(FLUSH_INTERVAL_MS);
    await answer(sent[0]!);

    expect(outbox.pending()).toBe(2);
    expect(sent).toHaveLength(1);
    expect(clock.waiting()).toEqual([100]);
    clock.advance(99);
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.message).toEqual(sent[0]!.message);
    expect(onRejected).not.toHaveBeenCalled();
  });

  it('waits longer after each failure in a row, and starts over after an ack', async () => {
    const { push, clock, sent, last, ack } = setup();
    push(timeline`click@0s`);
    clock.advance(FLUSH_INTERVAL_MS);
    const delays: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      await last().reply(undefined);
      delays.push(clock.waiting()[0]!);
      clock.advance(clock.waiting()[0]!);
    }
    expect(delays).toEqual([100, 250, 500, 1000, 2000, 2000]);
    expect(sent.map((batch) => batch.message.fromSeq)).toEqual([0, 0, 0, 0, 0, 0, 0]);

    await ack(last());
    push(timeline`click@1s`);
    clock.advance(FLUSH_INTERVAL_MS);
    await last().reply(undefined);
    expect(clock.waiting()).toEqual([100]);
  });

  it('drops events the service worker refuses for good, and says so', async () => {
    const { outbox, push, clock, sent, last, onRejected } = setup();
    push(timeline`click@0s click@1s click@2s`);
    clock.advance(FLUSH_INTERVAL_MS);
    await last().reply({ ok: false, retry: false, error: 'Not recorded here: paused.' });

    expect(outbox.pending()).toBe(0);
    expect(onRejected).toHaveBeenCalledWith('Not recorded here: paused.', 3);
    clock.advance(10 * FLUSH_INTERVAL_MS);
    expect(sent).toHaveLength(1);

    // Sequence numbers are never reused.
    push(timeline`click@3s`);
    clock.advance(FLUSH_INTERVAL_MS);
    expect(shown(last())).toMatchObject({ fromSeq: 3, count: 1 });
  });
});

describe('outbox: when it sends', () => {
  it('waits for the flush interval after a normal push', () => {
    const { push, clock, sent } = setup();
    push(timeline`mutation@0s`);
    clock.advance(FLUSH_INTERVAL_MS - 1);
    expect(sent).toHaveLength(0);
    clock.advance(1);
    expect(sent).toHaveLength(1);
  });

  it('flushes at once after an urgent push, taking what waited with it', () => {
    const { push, clock, sent } = setup();
    push(timeline`mutation@0s`);
    expect(clock.waiting()).toEqual([FLUSH_INTERVAL_MS]);
    push(timeline`click@1s`, true);
    expect(clock.waiting()).toEqual([0]);
    clock.advance(0);
    expect(sent.map(shown)).toEqual([{ fromSeq: 0, count: 2, events: 'mutation@0s click@1s' }]);
  });

  it('sends nothing when there is nothing to send', () => {
    const { outbox, clock, sent } = setup();
    outbox.flush();
    outbox.flush({ force: true });
    clock.advance(10 * FLUSH_INTERVAL_MS);
    expect(sent).toHaveLength(0);
  });

  it('force-flushes even with a batch in flight, from the lowest unacked seq', async () => {
    const { outbox, push, clock, sent, last, ack } = setup();
    push(timeline`click@0s click@1s`);
    clock.advance(FLUSH_INTERVAL_MS);
    await ack(last()); // 0..1 committed
    push(timeline`click@2s click@3s`);
    clock.advance(FLUSH_INTERVAL_MS); // 2..3 in flight
    push(timeline`mutation@4s`);

    outbox.flush();
    expect(sent).toHaveLength(2);
    outbox.flush({ force: true });
    expect(sent.map(shown)).toEqual([
      { fromSeq: 0, count: 2, events: 'click@0s click@1s' },
      { fromSeq: 2, count: 2, events: 'click@2s click@3s' },
      { fromSeq: 2, count: 3, events: 'click@2s click@3s mutation@4s' },
    ]);

    // The forced batch is acked first; the older one's late ack changes nothing.
    await ack(sent[2]!);
    expect(outbox.pending()).toBe(0);
    await ack(sent[1]!);
    expect(outbox.pending()).toBe(0);
    push(timeline`click@5s`);
    clock.advance(FLUSH_INTERVAL_MS);
    expect(shown(last())).toMatchObject({ fromSeq: 5, count: 1 });
  });
});

describe('outbox: batch size', () => {
  /** An event whose JSON is about `bytes` long. */
  const eventOfSize = (bytes: number, timestamp: number) =>
    JSON.stringify({ type: 3, timestamp, data: { source: 0, pad: 'x'.repeat(bytes - 60) } });
  const size = Math.floor(MAX_BYTES_IN_FLIGHT * 0.3);

  it('never sends a normal batch over MAX_BYTES_IN_FLIGHT', async () => {
    const { outbox, clock, sent, ack } = setup();
    for (let i = 0; i < 5; i += 1) outbox.push(`[${eventOfSize(size, i)}]`, 1, false);
    clock.advance(0);
    await ack(sent[0]!);
    clock.advance(0);
    await ack(sent[1]!);
    clock.advance(FLUSH_INTERVAL_MS);
    // The first two made a full batch and went at once; the other three piled up behind them and
    // went together, within the window.
    expect(sent.map((b) => [b.message.fromSeq, b.message.count])).toEqual([
      [0, 2],
      [2, 3],
    ]);
    for (const batch of sent)
      expect(batch.message.events.length).toBeLessThanOrEqual(MAX_BYTES_IN_FLIGHT);
  });

  it('sends a single event bigger than MAX_BYTES_IN_FLIGHT on its own', () => {
    const { outbox, clock, last } = setup();
    outbox.push(`[${eventOfSize(MAX_BYTES_IN_FLIGHT + 1024, 0)}]`, 1, false);
    outbox.push(`[${eventOfSize(100, 1)}]`, 1, false);
    clock.advance(FLUSH_INTERVAL_MS);
    expect(last().message).toMatchObject({ fromSeq: 0, count: 1 });
    expect(last().message.events.length).toBeGreaterThan(MAX_BYTES_IN_FLIGHT);
  });

  it('keeps a forced flush within what the worker takes, to the character', () => {
    const { outbox, sent } = setup();
    // Two hand-overs whose joined text is exactly MAX_FINAL_BATCH_BYTES + 1 characters long.
    const first = `[${'1,'.repeat(MAX_FINAL_BATCH_BYTES / 4 - 1)}1]`;
    const second = `[${'2,'.repeat(MAX_FINAL_BATCH_BYTES / 4 - 1)}2]`;
    expect(first.length - 1 + (second.length - 1) + 1).toBe(MAX_FINAL_BATCH_BYTES + 1);
    outbox.push(first, 1, false);
    outbox.push(second, 1, false);
    outbox.flush({ force: true });
    expect(sent[0]!.message.events).toBe(first);
  });

  it('puts everything in one batch on a forced flush (the page is going away)', () => {
    const { outbox, last } = setup();
    for (let i = 0; i < 4; i += 1) outbox.push(`[${eventOfSize(size, i)}]`, 1, false);
    outbox.flush({ force: true });
    expect(last().message).toMatchObject({ fromSeq: 0, count: 4 });
  });
});

describe('outbox: a window counted in bytes', () => {
  // The mechanism, with a window of four full batches (the default holds two: outbox.ts).
  const WINDOW = 4 * MAX_BATCH_BYTES;
  const setup = (options: Partial<OutboxOptions> = {}) =>
    setupOutbox({ maxBytesInFlight: WINDOW, ...options });
  /** One event just over an eighth of the window (a 128 KB paragraph): two fill a batch. */
  const eighth = (i: number) =>
    `[${JSON.stringify({ type: 3, timestamp: i, data: { pad: 'x'.repeat(WINDOW / 8 - 20) } })}]`;
  const spans = (sent: SentBatch[]) => sent.map((b) => [b.message.fromSeq, b.message.count]);

  it(`sends a batch once MAX_BATCH_BYTES wait, and keeps ${MAX_BATCHES_IN_FLIGHT} in flight`, () => {
    const { outbox, clock, sent } = setup();
    outbox.push(eighth(0), 1, false);
    clock.advance(0);
    expect(sent, 'less than a full batch waits for the interval').toHaveLength(0);
    outbox.push(eighth(1), 1, false);
    // In the push itself, not on a timer: a busy page's timer waits behind its own tasks.
    expect(spans(sent)).toEqual([[0, 2]]);
    for (let i = 2; i < 12; i += 1) outbox.push(eighth(i), 1, false);
    clock.advance(10 * FLUSH_INTERVAL_MS);
    expect(spans(sent), 'nothing more while one is in flight').toEqual([[0, 2]]);
  });

  it('sends everything that piled up during a round trip in the next message, up to the window', async () => {
    const { outbox, clock, sent, ack } = setup();
    for (let i = 0; i < 2; i += 1) outbox.push(eighth(i), 1, false);
    clock.advance(0);
    // Eleven events (~1.4 MB) arrive while the first message is out.
    for (let i = 2; i < 13; i += 1) outbox.push(eighth(i), 1, false);
    await ack(sent[0]!);
    // Sent as the ack is taken, without a timer in between.
    expect(spans(sent)).toEqual([
      [0, 2],
      [2, 7],
    ]);
    expect(sent[1]!.message.events.length).toBeLessThanOrEqual(WINDOW);
    await ack(sent[1]!);
    clock.advance(0);
    expect(spans(sent), 'the rest, at once: it is a full batch').toEqual([
      [0, 2],
      [2, 7],
      [9, 4],
    ]);
    await ack(sent[2]!);
    expect(outbox.pending()).toBe(0);
  });

  it('with several messages allowed, stops at the window in bytes, not the message count', async () => {
    const { outbox, clock, sent, ack } = setup({ maxInFlight: 8 });
    const inFlight = () => sent.filter((b) => !acked.has(b));
    const acked = new Set<SentBatch>();
    const charsInFlight = () => inFlight().reduce((n, b) => n + b.message.events.length, 0);
    for (let i = 0; i < 12; i += 1) outbox.push(eighth(i), 1, false);
    clock.advance(0);
    // Full batches go as they fill, until the window is full: the bytes stop them, not the count.
    expect(spans(sent).slice(0, 3)).toEqual([
      [0, 2],
      [2, 2],
      [4, 2],
    ]);
    expect(inFlight().length).toBeLessThan(8);
    expect(
      sent.reduce((n, b) => n + b.message.count, 0),
      'some events wait for room in the window',
    ).toBeLessThan(12);
    expect(charsInFlight() - sent.at(-1)!.message.events.length).toBeLessThan(WINDOW);
    for (let round = 0; round < 20 && outbox.pending() > 0; round += 1) {
      const next = inFlight()[0];
      if (!next) {
        clock.advance(FLUSH_INTERVAL_MS); // the last partial batch goes when due
        continue;
      }
      acked.add(next);
      await ack(next);
      clock.advance(0);
      // A message goes only while the window has room: what was in flight before it stays under.
      expect(charsInFlight() - sent.at(-1)!.message.events.length).toBeLessThan(WINDOW);
    }
    expect(outbox.pending()).toBe(0);
    expect(
      sent.reduce((n, b) => n + b.message.count, 0),
      'each event once',
    ).toBe(12);
  });
});

describe('outbox: stream id', () => {
  it('makes up a stream id the service worker accepts when none is given', () => {
    const { outbox } = setup({ streamId: undefined });
    expect(outbox.streamId).toMatch(/^[0-9a-f]{32}$/);
    expect(setup({ streamId: undefined }).outbox.streamId).not.toBe(outbox.streamId);
  });
});

describe('outbox: no needless waiting', () => {
  it('sends an urgent event that arrived during a batch right after that batch is acked', async () => {
    const { push, clock, sent, ack } = setup();
    push(timeline`mutation@0s`);
    clock.advance(FLUSH_INTERVAL_MS);
    expect(sent).toHaveLength(1);
    push(timeline`click@1s`, true);
    clock.advance(0);
    expect(sent).toHaveLength(1); // one batch in flight at a time
    await ack(sent[0]!);
    clock.advance(0);
    expect(sent.map(shown)[1]).toEqual({ fromSeq: 1, count: 1, events: 'click@1s' });
  });

  it('sends what the window left behind right after the ack, not an interval later', async () => {
    const { outbox, clock, sent, ack } = setup();
    const big = 'x'.repeat(MAX_BYTES_IN_FLIGHT / 2);
    for (let i = 0; i < 3; i += 1)
      outbox.push(`[${JSON.stringify({ type: 5, timestamp: i, data: { big } })}]`, 1, false);
    clock.advance(0);
    // A message fills the window with one event; the rest is a full batch: it goes after the ack.
    expect(sent.map((b) => [b.message.fromSeq, b.message.count])).toEqual([[0, 1]]);
    await ack(sent[0]!);
    clock.advance(0);
    expect(sent.map((b) => [b.message.fromSeq, b.message.count])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    await ack(sent[1]!);
    clock.advance(0);
    expect(sent.map((b) => b.message.fromSeq)).toEqual([0, 1, 2]);
  });
});

describe('outbox: several batches in flight under load', () => {
  const big = (i: number) =>
    JSON.stringify({ type: 5, timestamp: i, data: { big: 'x'.repeat(MAX_BATCH_BYTES / 2) } });
  // Two messages of one event each in flight: a window of two events, as the relay once used.
  const twoInFlight = { maxInFlight: 2, maxBytesInFlight: MAX_BATCH_BYTES / 2 + 200 };

  it('sends full batches as soon as they fill, at most maxInFlight at a time', async () => {
    const { outbox, clock, sent, ack } = setup(twoInFlight);
    for (let i = 0; i < 6; i += 1) outbox.push(`[${big(i)}]`, 1, false);
    clock.advance(0);
    expect(sent.map((b) => b.message.fromSeq)).toEqual([0, 1]);
    await ack(sent[0]!);
    clock.advance(0);
    expect(sent.map((b) => b.message.fromSeq)).toEqual([0, 1, 2]);
    await ack(sent[1]!);
    await ack(sent[2]!);
    clock.advance(0);
    expect(sent.map((b) => b.message.fromSeq)).toEqual([0, 1, 2, 3, 4]);
    expect(outbox.pending()).toBe(3);
  });

  it('takes acks in any order, and tells the page only the newest', async () => {
    const { outbox, clock, sent, ack, onAck } = setup(twoInFlight);
    for (let i = 0; i < 3; i += 1) outbox.push(`[${big(i)}]`, 1, false);
    clock.advance(0);
    await ack(sent[1]!); // covers 0 and 1
    expect(outbox.pending()).toBe(1);
    await ack(sent[0]!); // late: changes nothing
    expect(outbox.pending()).toBe(1);
    expect(onAck.mock.calls.map(([a]) => (a as BatchAck).through)).toEqual([1]);
    clock.advance(FLUSH_INTERVAL_MS);
    expect(sent.map((b) => b.message.fromSeq)).toEqual([0, 1, 2]);
  });

  it('after a failure, waits once and sends everything unacked again from the lowest seq', async () => {
    const { outbox, clock, sent, ack } = setup(twoInFlight);
    for (let i = 0; i < 3; i += 1) outbox.push(`[${big(i)}]`, 1, false);
    clock.advance(0);
    expect(sent.map((b) => b.message.fromSeq)).toEqual([0, 1]);
    await sent[0]!.reply(undefined); // the worker died
    // The batch behind it is refused as a gap: that is the same failure, not a second wait.
    await sent[1]!.reply({ ok: false, retry: true, error: 'expected event 0 next, got 1' });
    expect(clock.waiting()).toEqual([100]);
    clock.advance(99);
    expect(sent).toHaveLength(2);
    clock.advance(1);
    expect(sent.map((b) => b.message.fromSeq)).toEqual([0, 1, 0, 1]);
    await ack(sent[2]!);
    await ack(sent[3]!);
    clock.advance(FLUSH_INTERVAL_MS);
    expect(sent.map((b) => b.message.fromSeq)).toEqual([0, 1, 0, 1, 2]);
    await ack(sent[4]!);
    expect(outbox.pending()).toBe(0);
  });

  it('an ack for a batch still in flight from before a failure counts', async () => {
    const { outbox, clock, sent, ack } = setup(twoInFlight);
    for (let i = 0; i < 3; i += 1) outbox.push(`[${big(i)}]`, 1, false);
    clock.advance(0);
    await sent[0]!.fail(new Error('Receiving end does not exist'));
    await ack(sent[1]!); // both were committed after all: the reply alone was lost
    expect(outbox.pending()).toBe(1);
    clock.advance(10 * FLUSH_INTERVAL_MS);
    expect(sent.map((b) => b.message.fromSeq)).toEqual([0, 1, 2]);
  });
});

describe('outbox: bounded', () => {
  it('refuses events past its size limit, and takes them again once acked', async () => {
    const { outbox, clock, sent, ack } = setup({ maxPendingChars: 100 });
    expect(outbox.push(`[${'x'.repeat(60)}]`, 1, false)).toBe(true);
    expect(outbox.push(`[${'y'.repeat(60)}]`, 1, false)).toBe(false);
    clock.advance(FLUSH_INTERVAL_MS);
    await ack(sent[0]!);
    expect(outbox.push(`[${'y'.repeat(60)}]`, 1, false)).toBe(true);
  });

  it('refuses hand-overs past its count limit, however small they are', () => {
    const { outbox } = setup();
    const tiny = '[{"type":0,"timestamp":0}]'; // as short as the relay takes
    for (let i = 0; i < MAX_PENDING_HAND_OVERS; i++) expect(outbox.push(tiny, 1, false)).toBe(true);
    expect(outbox.push(tiny, 1, false)).toBe(false);
    expect(outbox.pending()).toBe(MAX_PENDING_HAND_OVERS);
  });

  it('forgets everything on clear and sends nothing more', () => {
    const { outbox, clock, sent, push } = setup();
    push(timeline`click@0s input@1s`);
    outbox.clear();
    clock.advance(FLUSH_INTERVAL_MS * 5);
    expect(sent).toHaveLength(0);
    expect(outbox.pending()).toBe(0);
  });
});

describe('outbox: hand-overs of several events', () => {
  const arrayOf = (events: TimedEvent[]) => JSON.stringify(events);

  it('numbers the events of each hand-over in turn and sends a lone one as it came', async () => {
    const { outbox, clock, sent, ack, last } = setup();
    const first = arrayOf(timeline`click@0s input@1s scroll@2s`);
    outbox.push(first, 3, false);
    clock.advance(FLUSH_INTERVAL_MS);
    expect(last().message.events, 'no copy of a lone hand-over').toBe(first);
    await ack(last());
    outbox.push(arrayOf(timeline`key@3s`), 1, false);
    outbox.push(arrayOf(timeline`click@4s mutation@5s`), 2, false);
    clock.advance(FLUSH_INTERVAL_MS);
    expect(sent.map(shown)).toEqual([
      { fromSeq: 0, count: 3, events: 'click@0s input@1s scroll@2s' },
      { fromSeq: 3, count: 3, events: 'key@3s click@4s mutation@5s' },
    ]);
    expect(parseBatchMessage(last().message), 'the service worker accepts it').not.toBeNull();
    expect(outbox.pending()).toBe(3);
  });

  it('sends a hand-over acked only in part again whole, from its first event', async () => {
    const { outbox, clock, sent, ack, last } = setup();
    outbox.push(arrayOf(timeline`click@0s`), 1, false);
    outbox.push(arrayOf(timeline`input@1s scroll@2s key@3s`), 3, false);
    clock.advance(FLUSH_INTERVAL_MS);
    // The worker had stored up to seq 2 (inside the second hand-over) when it answered.
    await ack(last(), 2);
    expect(outbox.pending()).toBe(3);
    clock.advance(FLUSH_INTERVAL_MS);
    expect(shown(last())).toEqual({ fromSeq: 1, count: 3, events: 'input@1s scroll@2s key@3s' });
    await ack(last());
    expect(outbox.pending()).toBe(0);
    expect(sent).toHaveLength(2);
  });

  it('keeps hand-overs whole when cutting batches at the window', async () => {
    const { outbox, clock, sent, ack } = setup();
    const quarter = 'x'.repeat(MAX_BYTES_IN_FLIGHT / 4);
    const handOver = (at: number) =>
      arrayOf([0, 1].map((i) => ({ type: 5, timestamp: at + i, data: { quarter } }) as TimedEvent));
    outbox.push(handOver(0), 2, false);
    outbox.push(handOver(10), 2, false);
    clock.advance(0);
    await ack(sent[0]!);
    clock.advance(0);
    expect(sent.map((b) => [b.message.fromSeq, b.message.count])).toEqual([
      [0, 2],
      [2, 2],
    ]);
  });
});

describe('outbox: where each hand-over sits in a joined batch', () => {
  const arrayOf = (events: TimedEvent[]) => JSON.stringify(events);

  it('tells each joined hand-over’s count and length, so the worker can check each alone', () => {
    const { outbox, clock, last } = setup();
    const texts = [
      arrayOf(timeline`click@0s`),
      '[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]', // a page's forged hand-over
      arrayOf(timeline`input@1s scroll@2s`),
    ];
    outbox.push(texts[0]!, 1, false);
    outbox.push(texts[1]!, 1, false);
    outbox.push(texts[2]!, 2, false);
    clock.advance(FLUSH_INTERVAL_MS);
    expect(last().message).toMatchObject({ fromSeq: 0, count: 4 });
    expect(last().message.parts).toEqual([
      [1, texts[0]!.length],
      [1, texts[1]!.length],
      [2, texts[2]!.length],
    ]);
    expect(parseBatchMessage(last().message), 'the service worker accepts it').not.toBeNull();
  });

  it('sends a lone hand-over without parts (the message it always was)', () => {
    const { outbox, clock, last } = setup();
    outbox.push(arrayOf(timeline`click@0s input@1s`), 2, false);
    clock.advance(FLUSH_INTERVAL_MS);
    expect(last().message).not.toHaveProperty('parts');
  });

  it('never joins more events than a batch may carry (a forged count cannot stall the stream)', async () => {
    const { outbox, clock, sent, ack, last } = setup();
    outbox.push(arrayOf(timeline`click@0s`), 1, false);
    // Claims a million events: alone it is refused and skipped; joined it would make the batch
    // unreadable, and its place in the stream unknown to the worker.
    outbox.push(`[${'0,'.repeat(MAX_BATCH_EVENTS / 2)}0]`, MAX_BATCH_EVENTS, false);
    // The page is going away: everything in one message, but for this cap.
    outbox.flush({ force: true });
    expect(sent.length).toBeGreaterThan(0);
    for (const batch of sent) {
      expect(batch.message).toMatchObject({ fromSeq: 0, count: 1 });
      expect(parseBatchMessage(batch.message)).not.toBeNull();
    }
    for (const batch of [...sent]) await ack(batch);
    clock.advance(0);
    expect(last().message).toMatchObject({ fromSeq: 1, count: MAX_BATCH_EVENTS });
    expect(parseBatchMessage(last().message)).not.toBeNull();
  });

  it('never joins more hand-overs than a batch may list', () => {
    const { outbox, last } = setup();
    const text = arrayOf(timeline`click@0s`);
    for (let i = 0; i < MAX_BATCH_PARTS + 10; i++) outbox.push(text, 1, false);
    outbox.flush({ force: true });
    const forced = last().message;
    expect(forced.parts).toHaveLength(MAX_BATCH_PARTS);
    expect(forced.count).toBe(MAX_BATCH_PARTS);
    expect(parseBatchMessage(forced)).not.toBeNull();
  });
});
