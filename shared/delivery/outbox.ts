import type { BatchAck, BatchMessage } from '../messages/content-to-background';

/** Normal batches stay small enough to commit in one quick transaction. */
export const MAX_BATCH_BYTES = 2 * 1024 * 1024;
/** On the way out (page hidden) everything unacked goes in one message, up to this. */
export const MAX_FINAL_BATCH_BYTES = 32 * 1024 * 1024;
export const FLUSH_INTERVAL_MS = 1000;
/**
 * Past this many unacked characters (the service worker cannot store: disk full, extension gone)
 * the outbox refuses more, so a page cannot grow without bound; the relay stops recording.
 */
export const MAX_PENDING_CHARS = 64 * 1024 * 1024;
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
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface Outbox {
  readonly streamId: string;
  /** false: the outbox is full and did not take the event. */
  push(json: string, urgent: boolean): boolean;
  /** `force`: send now even while a batch is in flight (the page is going away). */
  flush(options?: { force?: boolean }): void;
  /** Events not yet acked. */
  pending(): number;
  /** Forgets everything unacked and stops sending (the extension is gone). */
  clear(): void;
}

/**
 * The relay's outbox: numbers events, sends them in order and forgets an event only after an
 * explicit ack that it is committed. A lost reply (the service worker died) is retried with the
 * same sequence numbers; the service worker skips what it already has, so nothing is stored twice.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const streamId = options.streamId ?? randomStreamId();
  const interval = options.flushIntervalMs ?? FLUSH_INTERVAL_MS;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer =
    options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const maxPending = options.maxPendingChars ?? MAX_PENDING_CHARS;
  const items: string[] = [];
  let pendingChars = 0;
  let baseSeq = 0; // sequence number of items[0]
  let inFlight = 0;
  let failures = 0;
  // An urgent event arrived while a batch was in flight: send right after its ack.
  let urgentWaiting = false;
  let timer: unknown = null;
  let timerDue = Infinity;
  const now = options.now ?? Date.now;

  const schedule = (delay: number) => {
    const due = now() + delay;
    if (timer !== null && timerDue <= due) return;
    if (timer !== null) clearTimer(timer);
    timerDue = due;
    timer = setTimer(() => {
      timer = null;
      timerDue = Infinity;
      flush();
    }, delay);
  };

  const acknowledge = (through: number) => {
    const drop = Math.min(items.length, through - baseSeq + 1);
    if (drop <= 0) return;
    for (let i = 0; i < drop; i += 1) pendingChars -= items[i]!.length;
    items.splice(0, drop);
    baseSeq += drop;
  };

  // Sizes are counted in UTF-16 code units (string length), a close enough proxy for bytes here.
  const take = (limit: number): { count: number; text: string } => {
    let bytes = 2;
    let count = 0;
    while (count < items.length && (count === 0 || bytes + items[count]!.length + 1 <= limit)) {
      bytes += items[count]!.length + 1;
      count += 1;
    }
    return { count, text: `[${items.slice(0, count).join(',')}]` };
  };

  function flush(flushOptions: { force?: boolean } = {}): void {
    if (items.length === 0) return;
    if (inFlight > 0 && !flushOptions.force) return;
    const { count, text } = take(flushOptions.force ? MAX_FINAL_BATCH_BYTES : MAX_BATCH_BYTES);
    const fromSeq = baseSeq;
    // The size cap left events behind: they go as soon as this batch is acked.
    const truncated = count < items.length;
    urgentWaiting = false;
    inFlight += 1;
    const settle = (reply: unknown) => {
      inFlight -= 1;
      if (options.isAck(reply)) {
        failures = 0;
        acknowledge(reply.through);
        options.onAck?.(reply);
        if (items.length > 0) schedule(truncated || urgentWaiting ? 0 : interval);
        return;
      }
      const refusal = reply as { ok?: unknown; retry?: unknown; error?: unknown } | undefined;
      if (refusal?.ok === false && refusal.retry === false) {
        acknowledge(fromSeq + count - 1);
        options.onRejected?.(String(refusal.error), count);
        if (items.length > 0) schedule(0);
        return;
      }
      // No answer (the worker died before replying) or a failed write: send the same events again.
      const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)]!;
      failures += 1;
      schedule(delay);
    };
    options
      .send({ type: 'batch', streamId, fromSeq, count, events: text })
      .then(settle, () => settle(undefined));
  }

  return {
    streamId,
    push(json, urgent) {
      if (pendingChars + json.length > maxPending) return false;
      items.push(json);
      pendingChars += json.length;
      if (urgent && inFlight > 0) urgentWaiting = true;
      schedule(urgent ? 0 : interval);
      return true;
    },
    flush,
    pending: () => items.length,
    clear() {
      baseSeq += items.length;
      items.length = 0;
      pendingChars = 0;
      if (timer !== null) clearTimer(timer);
      timer = null;
      timerDue = Infinity;
    },
  };
}

function randomStreamId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}
