import {
  MAX_BATCH_EVENTS,
  MAX_BATCH_PARTS,
  type BatchAck,
  type BatchMessage,
} from '../messages/content-to-background';

/**
 * A batch this large is full: it goes at once rather than within the flush interval. The recorder
 * also cuts its hand-over texts at this size, so one message never has to split a text.
 */
export const MAX_BATCH_BYTES = 256 * 1024;
/**
 * Messages in flight at once. One: a second message of the tab would wait in the worker behind the
 * first one's transaction, and that wait was most of S1's slow commits (p95 25–37 ms with two).
 */
export const MAX_BATCHES_IN_FLIGHT = 1;
/**
 * The window, counted in characters: a message carries everything that waited, up to this, so the
 * more piles up during a round trip the more the next one takes and the backlog drains whatever the
 * round trip costs (with two 190 KB batches per round trip S1's backlog grew to 5–7 MB). 512 KB, not
 * 1 MB: a commit's time follows its bytes (IndexedDB's copy and write), and in S1 side by side the
 * p95 fell 24–25 → 21–22 ms, capacity 28–32 MB/s either way, the backlog still bounded; 256 KB
 * (one hand-over a message) could not carry the page's rate (docs/benchmarks.md, S1).
 */
export const MAX_BYTES_IN_FLIGHT = 512 * 1024;
/** On the way out (page hidden) everything unacked goes in one message, up to this. */
export const MAX_FINAL_BATCH_BYTES = 32 * 1024 * 1024;
export const FLUSH_INTERVAL_MS = 1000;
/**
 * Past this many unacked characters (the service worker cannot store: disk full, extension gone)
 * the outbox refuses more, so a page cannot grow without bound; the relay stops recording.
 */
export const MAX_PENDING_CHARS = 64 * 1024 * 1024;
/** Past this many unacked hand-overs the outbox refuses more, as past MAX_PENDING_CHARS. */
export const MAX_PENDING_HAND_OVERS = 100_000;
const RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000];

export interface OutboxOptions {
  send: (message: BatchMessage) => Promise<unknown>;
  isAck: (reply: unknown) => reply is BatchAck;
  onAck?: (ack: BatchAck) => void;
  /** A refusal the service worker says not to retry (input it will never accept). */
  onRejected?: (error: string, count: number) => void;
  streamId?: string;
  flushIntervalMs?: number;
  maxPendingChars?: number;
  maxBatchBytes?: number;
  maxInFlight?: number;
  maxBytesInFlight?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface Outbox {
  readonly streamId: string;
  /**
   * Takes `count` events as one JSON array's text (the recorder hands them over a batch at a
   * time, already joined). false: the outbox is full and did not take them.
   */
  push(arrayText: string, count: number, urgent: boolean): boolean;
  /** `force`: send everything unacked now, in flight or not (the page is going away). */
  flush(options?: { force?: boolean }): void;
  /** Events not yet acked (a batch of them counts until all of it is acked). */
  pending(): number;
  /** Forgets everything unacked and stops sending (the extension is gone). */
  clear(): void;
}

/**
 * The relay's outbox: numbers events, sends them in order and forgets an event only after an
 * explicit ack that it is committed. A lost reply (the service worker died) is retried with the
 * same sequence numbers; the service worker skips what it already has, so nothing is stored twice.
 *
 * Under load, full batches (cut at `maxBatchBytes`) go as soon as they fill, up to `maxInFlight`
 * at once; what is left over (a partial batch) goes when its time is due and nothing else is in
 * flight, so a quiet page still sends one small batch a second, one at a time. Acks may come back
 * in any order: each one covers everything up to its `through`.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const streamId = options.streamId ?? randomStreamId();
  const interval = options.flushIntervalMs ?? FLUSH_INTERVAL_MS;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer =
    options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const maxPending = options.maxPendingChars ?? MAX_PENDING_CHARS;
  const maxBatch = options.maxBatchBytes ?? MAX_BATCH_BYTES;
  const maxInFlight = options.maxInFlight ?? MAX_BATCHES_IN_FLIGHT;
  const maxBytesInFlight = options.maxBytesInFlight ?? MAX_BYTES_IN_FLIGHT;
  const now = options.now ?? Date.now;
  // Each item is a batch the recorder handed over: `count` events from `seq` on, as array text.
  const items: Fragment[] = [];
  let pendingChars = 0;
  let pendingEvents = 0;
  let nextSeq = 0; // sequence number of the next event pushed
  let sent = 0; // items[0 … sent) are in flight or were sent since the last failure
  let unsentChars = 0; // characters of items[sent …]
  let inFlight = 0;
  let bytesInFlight = 0; // characters of the messages sent and not answered yet
  // When the oldest unsent event must go (Infinity: nothing waits).
  let dueAt = Infinity;
  let failures = 0;
  let retryAt = 0; // after a failure, nothing goes before this
  let epoch = 0; // bumped by a failure: replies from before it trigger nothing more
  let lastAckThrough = -1;
  let timer: unknown = null;
  let timerDue = Infinity;

  const schedule = (delay: number) => {
    const due = now() + Math.max(0, delay);
    if (timer !== null && timerDue <= due) return;
    if (timer !== null) clearTimer(timer);
    timerDue = due;
    timer = setTimer(
      () => {
        timer = null;
        timerDue = Infinity;
        flush();
      },
      Math.max(0, delay),
    );
  };

  // A fragment acked only in part stays whole: sent again, the service worker skips what it has.
  const acknowledge = (through: number) => {
    let drop = 0;
    while (drop < items.length && items[drop]!.seq + items[drop]!.count - 1 <= through) {
      const item = items[drop]!;
      pendingChars -= item.text.length;
      pendingEvents -= item.count;
      if (drop >= sent) unsentChars -= item.text.length;
      drop += 1;
    }
    if (drop === 0) return;
    items.splice(0, drop);
    sent = Math.max(0, sent - drop);
    if (sent === items.length) dueAt = Infinity;
  };

  // Sizes are counted in UTF-16 code units (string length), a close enough proxy for bytes here.
  // A lone fragment goes as it is, without a copy (the common case: one hand-over per batch).
  // Joined fragments carry their counts and lengths (`parts`): the service worker checks each on
  // its own, so a page's forged one is refused alone (receive-batch.ts).
  const take = (from: number, limit: number): Taken => {
    let bytes = 0;
    let count = 0;
    let events = 0;
    while (
      from + count < items.length &&
      (count === 0 ||
        // A joined text is `bytes + 1` long: the limit holds exactly (the worker's cap is exact).
        (bytes + items[from + count]!.text.length <= limit &&
          events + items[from + count]!.count <= MAX_BATCH_EVENTS &&
          count < MAX_BATCH_PARTS))
    ) {
      bytes += items[from + count]!.text.length - 1;
      events += items[from + count]!.count;
      count += 1;
    }
    if (count === 1) return { count, events, text: items[from]!.text };
    const joined = items.slice(from, from + count);
    return {
      count,
      events,
      text: `[${joined.map((item) => item.text.slice(1, -1)).join(',')}]`,
      parts: joined.map((item) => [item.count, item.text.length]),
    };
  };

  /** Everything unacked counts as unsent again (later batches are stale: epoch). */
  const rewind = () => {
    epoch += 1;
    for (let i = 0; i < sent; i += 1) unsentChars += items[i]!.text.length;
    sent = 0;
  };

  /** What to do once the worker answered; `nextStep` decides when to send again. */
  const nextStep = () => {
    if (sent >= items.length) return;
    if (now() < retryAt) schedule(retryAt - now());
    else if (unsentChars >= maxBatch) flush();
    else if (now() >= dueAt) schedule(0);
    else schedule(dueAt - now());
  };

  const send = (from: number, { events: count, text, parts }: Taken) => {
    const fromSeq = items[from]!.seq;
    const sentIn = epoch;
    inFlight += 1;
    bytesInFlight += text.length;
    const settle = (reply: unknown) => {
      inFlight -= 1;
      bytesInFlight -= text.length;
      if (options.isAck(reply)) {
        failures = 0;
        acknowledge(reply.through);
        // An older batch's ack arriving late must not take the page back to its session state.
        if (reply.through > lastAckThrough) {
          lastAckThrough = reply.through;
          options.onAck?.(reply);
        }
        // Acked only in part: the rest goes again, from the lowest unacked seq, in an interval.
        if (reply.through < fromSeq + count - 1 && sentIn === epoch) {
          rewind();
          dueAt = Math.min(dueAt, now() + interval);
        }
        nextStep();
        return;
      }
      const refusal = reply as { ok?: unknown; retry?: unknown; error?: unknown } | undefined;
      if (refusal?.ok === false && refusal.retry === false) {
        acknowledge(fromSeq + count - 1);
        options.onRejected?.(String(refusal.error), count);
        nextStep();
        return;
      }
      // No answer (the worker died before replying), a failed write, or a gap because an earlier
      // batch failed: send everything unacked again, from the lowest seq, after a delay. Batches
      // still in flight from before count once: one failure, one wait.
      if (sentIn === epoch) {
        const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)]!;
        failures += 1;
        retryAt = now() + delay;
        rewind();
        if (items.length > 0) dueAt = Math.min(dueAt, retryAt);
      }
      nextStep();
    };
    options
      .send({ type: 'batch', streamId, fromSeq, count, events: text, ...(parts ? { parts } : {}) })
      .then(settle, () => settle(undefined));
  };

  function flush(flushOptions: { force?: boolean } = {}): void {
    if (items.length === 0) return;
    if (flushOptions.force) {
      // The page may be gone before any ack: everything unacked, in one message.
      const taken = take(0, MAX_FINAL_BATCH_BYTES);
      for (let i = sent; i < taken.count; i += 1) unsentChars -= items[i]!.text.length;
      sent = Math.max(sent, taken.count);
      if (sent === items.length) dueAt = Infinity;
      send(0, taken);
      return;
    }
    if (now() < retryAt) return nextStep();
    while (sent < items.length && inFlight < maxInFlight && bytesInFlight < maxBytesInFlight) {
      const taken = take(sent, maxBytesInFlight - bytesInFlight);
      const full = sent + taken.count < items.length || unsentChars >= maxBatch;
      // A partial batch goes when due, and alone: a quiet page sends one batch at a time.
      if (!full && (now() < dueAt || inFlight > 0)) break;
      for (let i = sent; i < sent + taken.count; i += 1) unsentChars -= items[i]!.text.length;
      const from = sent;
      sent += taken.count;
      if (sent === items.length) dueAt = Infinity;
      send(from, taken);
    }
    // Anything left waits for an ack (nextStep) or for its due time.
    if (sent < items.length && inFlight === 0) nextStep();
  }

  return {
    streamId,
    push(arrayText, count, urgent) {
      if (pendingChars + arrayText.length > maxPending) return false;
      // Tiny forged hand-overs must not grow it either (a real one holds a frame's events or more).
      if (items.length >= MAX_PENDING_HAND_OVERS) return false;
      items.push({ seq: nextSeq, count, text: arrayText });
      nextSeq += count;
      pendingChars += arrayText.length;
      pendingEvents += count;
      unsentChars += arrayText.length;
      dueAt = Math.min(dueAt, now() + (urgent ? 0 : interval));
      // A full batch goes now, in this task: a timer would wait behind a busy page's own tasks
      // while more piles up (S1). Otherwise within the interval (at once when urgent).
      if (now() < retryAt) return true;
      if (unsentChars >= maxBatch) flush();
      else schedule(dueAt - now());
      return true;
    },
    flush,
    pending: () => pendingEvents,
    clear() {
      items.length = 0;
      pendingChars = 0;
      pendingEvents = 0;
      unsentChars = 0;
      sent = 0;
      dueAt = Infinity;
      if (timer !== null) clearTimer(timer);
      timer = null;
      timerDue = Infinity;
    },
  };
}

/** Fragments taken for one message: `count` fragments holding `events` events. */
interface Taken {
  count: number;
  events: number;
  text: string;
  parts?: [count: number, chars: number][];
}

interface Fragment {
  /** The sequence number of its first event. */
  seq: number;
  count: number;
  /** A JSON array's text: `[` … `]`. */
  text: string;
}

function randomStreamId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}
