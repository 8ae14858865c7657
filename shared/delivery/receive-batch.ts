import type { TabreelDb } from '../db/schema';
import { parseEventArray } from '../events/parse-event-array';
import {
  parseBatchMessage,
  parseBatchPlace,
  type BatchAck,
  type BatchMessage,
  type BatchReply,
} from '../messages/content-to-background';
import { sessionRulesOf, type Settings } from '../settings/settings';
import { recordingDecision } from '../site/recording-decision';
import type { BatchText } from '../storage/chunk-codec';
import { cutBatchRows } from '../storage/cut-batch-rows';
import { isQuotaExceeded } from '../storage/is-quota-exceeded';
import type { CommitPhases } from './commit-timing';
import type { TimedEvent } from '../events/tabreel-events';
import { splitBatchParts } from './split-batch-parts';
import { runsThroughStop, type BatchRun } from './runs-through-stop';
import {
  ackIfCommitted,
  commitBatch,
  type CommitBatchInput,
  type CommitBatchResult,
  ForeignStreamError,
  SequenceGapError,
  skipRefusedBatch,
} from '../storage/commit-batch';

/** Who sent a message, as the browser (not the message) says. */
export interface BatchSender {
  tabId: number | undefined;
  frameId: number | undefined;
  url: string;
  incognito: boolean;
}

export interface ReceiveBatchInput {
  message: unknown;
  sender: BatchSender;
  settings: Settings;
  now: number;
  newId: () => string;
  /** Waits between write attempts; injectable so tests need no real time. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Called once when a write fails because the disk is full, before the write is tried again: the
   * service worker applies the storage budget there. Its failure is ignored.
   */
  freeSpace?: () => Promise<unknown>;
  /**
   * Resolves when the tab's previous batch has committed (commit-lanes.ts): validation and deflate
   * run before it, overlapping that commit; the transaction waits for it, so a tab's batches
   * commit in the order they arrived. Without it, the commit starts at once.
   */
  turn?: Promise<unknown>;
  /** Called once the batch's transaction has issued its first requests (commit-lanes.ts). */
  started?: () => void;
  /**
   * The seq this worker expects next per stream, set as each batch is taken in (memory only: a
   * new worker starts empty). A batch that starts there is new, so the read that recognises a
   * resend is skipped: under load that read would wait behind the previous batch's transaction.
   * The transaction checks the sequence anyway.
   */
  expected?: Map<string, number>;
  /** A monotonic clock (performance.now): when given, the result says where the time went. */
  clock?: () => number;
  /** The session the tab's previous batch went to, as this worker remembers it (commit-batch.ts). */
  openSessionHint?: string;
}

export interface ReceiveBatchResult {
  reply: BatchReply;
  /** Set when the message was malformed or forged: count it. */
  rejected?: string;
  /** Set when the write failed after every retry: surface it. */
  writeFailure?: string;
  /** Set (with writeFailure) when the last attempt failed because the disk is full. */
  storageFull?: string;
  /** Set when new events were committed (not for a resend of stored ones): the disk took them. */
  wrote?: boolean;
  /** Sessions the batch ended or changed after their end: analysis is due. */
  analysisDue?: boolean;
  /** Asset addresses were queued for capture: the fetcher is due. */
  assetsDue?: boolean;
  /** With `clock`, for a batch that was written: ms spent in each step. */
  phases?: Partial<CommitPhases>;
}

const WRITE_RETRY_DELAYS_MS = [50, 250];

const refuse = (error: string, rejected?: string): ReceiveBatchResult => ({
  reply: { ok: false, retry: false, error },
  ...(rejected ? { rejected } : {}),
});

/**
 * What the service worker does with a batch from a page: validate the message and its sender,
 * apply the user's recording decision again, and store the events exactly once. Only a reply with
 * `ok: true` is an ack; `retry: false` means the events will never be accepted.
 */
export async function receiveBatch(
  db: TabreelDb,
  input: ReceiveBatchInput,
): Promise<ReceiveBatchResult> {
  const { tabId, frameId, url, incognito } = input.sender;
  const clock = input.clock;
  let lap = clock?.() ?? 0;
  const phases: Partial<CommitPhases> = {};
  const time = (phase: keyof CommitPhases, at = clock?.() ?? 0) => {
    if (!clock) return;
    phases[phase] = at - lap;
    lap = at;
  };
  // Only a top frame's relay delivers; the tab is the sender's, never one the message names.
  if (tabId === undefined || tabId < 0 || frameId !== 0) {
    return refuse('Batches come from top frames only.', 'batch from outside a top frame');
  }
  const batch = parseBatchMessage(input.message);
  if (!batch) {
    // Refused for good (e.g. an event over the size cap). If it still names its place in a stream,
    // move the stream past it, or the page's later batches would wait for it forever.
    const place = parseBatchPlace(input.message);
    if (place) await skipRefusedBatch(db, { tabId, ...place, now: input.now }).catch(() => {});
    return refuse('Malformed batch.', 'malformed batch');
  }
  const next = input.expected?.get(batch.streamId);
  input.expected?.set(batch.streamId, Math.max(next ?? 0, batch.fromSeq + batch.count));
  // A failed read here is not fatal: the write below retries and reports.
  const committed =
    next === batch.fromSeq
      ? null
      : await ackIfCommitted(db, {
          tabId,
          streamId: batch.streamId,
          fromSeq: batch.fromSeq,
          count: batch.count,
        }).catch(() => null);
  if (committed) return { reply: ackOf(committed) };
  time('check');

  // Refused for good, but from a real stream: move its cursor past these events, or every later
  // batch of the page would wait forever for them (e.g. after a pause and resume).
  const refuseAndSkip = async (error: string, rejected?: string) => {
    await skipRefusedBatch(db, {
      tabId,
      streamId: batch.streamId,
      fromSeq: batch.fromSeq,
      count: batch.count,
      now: input.now,
    });
    return refuse(error, rejected);
  };

  const decision = recordingDecision({ url, incognito }, input.settings);
  const checked = checkEvents(batch);
  let runs = checked.ok ? checked.runs : null;
  if (!decision.record) {
    // The page's stop came after the settings did: its last hand-over, up to the stop marker, is
    // stored (the session ends there); anything else from a page not recorded is refused.
    const whole = {
      seq: batch.fromSeq,
      count: batch.count,
      events: checked.ok ? checked.events : [],
    };
    const kept = checked.ok ? runsThroughStop(runs ?? [whole]) : null;
    const error = `Not recorded here: ${decision.reason}.`;
    // Sent before the page heard of the stop (the settings changed on the way), while its tab's
    // session is open: not stored now, nor skipped, so the page keeps it and sends it again with
    // its stop marker, in the last flush of its stop (relay.ts); refused and skipped, it was lost.
    // Once the marker ended the session, what comes without one is refused for good.
    if (!kept && checked.ok && (await db.tabs.get(tabId))?.open) {
      return { reply: { ok: false, retry: true, error } };
    }
    if (!kept) return refuseAndSkip(error);
    if (kept.length > 1 || kept[0]!.count < batch.count) runs = kept;
  }
  if (!checked.ok) return refuseAndSkip(checked.error, checked.error);
  // Cut at a stop: only the events kept count (a resend of them wrote nothing).
  const events = runs === checked.runs ? checked.events : runs!.flatMap((run) => run.events ?? []);
  time('validate');

  // Most batches are stored as they came, in rows cut before the transaction opens (stored raw:
  // deflating waits for an idle worker, deflate-stored-chunks.ts). A batch in runs (a forged part,
  // cut at a stop) is stored from its parsed events: its text is not cut for nothing.
  const text: BatchText | undefined = runs
    ? undefined
    : { json: batch.events, pieces: cutBatchRows(batch.events, events.length) };
  time('encode');
  await input.turn;
  time('wait');

  const sleep =
    input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let spaceFreed = false;
  const common = {
    tabId,
    incognito,
    streamId: batch.streamId,
    rules: sessionRulesOf(input.settings),
    privacyLevel: input.settings.privacyLevel,
    now: input.now,
    newId: input.newId,
  };
  for (let attempt = 0; ; attempt += 1) {
    try {
      const result = runs
        ? await commitRuns(db, common, runs, input.openSessionHint)
        : await commitBatch(db, {
            ...common,
            fromSeq: batch.fromSeq,
            events,
            ...(text ? { text } : {}),
            ...(clock ? { clock } : {}),
            ...(input.openSessionHint === undefined
              ? {}
              : { openSessionHint: input.openSessionHint }),
            ...(input.started ? { onStarted: input.started } : {}),
          });
      if (result.readEndAt !== undefined) time('read', result.readEndAt);
      if (result.writesIssuedAt !== undefined) time('body', result.writesIssuedAt);
      if (result.bodyEndAt !== undefined) time('write', result.bodyEndAt);
      time('commit');
      return {
        ...(clock ? { phases } : {}),
        ...(checked.forged ? { rejected: checked.forged } : {}),
        reply: ackOf(result),
        analysisDue: (result.ended ?? 0) > 0,
        assetsDue: (result.assetsQueued ?? 0) > 0,
        wrote: result.duplicates < events.length,
      };
    } catch (error) {
      if (error instanceof ForeignStreamError) return refuse(error.message, error.message);
      if (error instanceof SequenceGapError)
        return { reply: { ok: false, retry: true, error: error.message } };
      // The first line: Dexie appends its inner error's text to its own (shown twice in the popup).
      const text =
        error instanceof Error
          ? `${error.name}: ${error.message.split('\n')[0]!.trim()}`
          : String(error);
      if (isQuotaExceeded(error)) {
        // The disk is full: waiting will not help, freeing space might. Once, then give up.
        if (!spaceFreed && input.freeSpace) {
          spaceFreed = true;
          await input.freeSpace().catch(() => undefined);
          continue;
        }
        return {
          reply: { ok: false, retry: true, error: text },
          writeFailure: text,
          storageFull: text,
        };
      }
      const delay = WRITE_RETRY_DELAYS_MS[attempt];
      if (delay === undefined) {
        return { reply: { ok: false, retry: true, error: text }, writeFailure: text };
      }
      await sleep(delay);
    }
  }
}

type CheckedEvents =
  | { ok: false; error: string }
  | {
      ok: true;
      /** Every event to store, in order. */
      events: TimedEvent[];
      /** Set when some of the batch's hand-overs are refused: store these stretches one by one. */
      runs: BatchRun[] | null;
      /** Why those hand-overs were refused (counted like a malformed batch). */
      forged?: string;
    };

/**
 * Parses a batch's events. A batch joined from several hand-overs is parsed hand-over by
 * hand-over: a forged one is refused alone, and the real ones around it are still stored.
 */
function checkEvents(batch: BatchMessage): CheckedEvents {
  if (!batch.parts) {
    const parsed = parseEventArray(batch.events, batch.count);
    return parsed.ok ? { ok: true, events: parsed.events, runs: null } : parsed;
  }
  const parts = splitBatchParts(batch.events, batch.fromSeq, batch.count, batch.parts);
  if (!parts) return { ok: false, error: 'Batch parts do not match its events.' };
  const parsed = parts.map((part) => parseEventArray(part.text, part.count));
  const events: TimedEvent[] = [];
  for (const result of parsed) if (result.ok) for (const event of result.events) events.push(event);
  const errors = parsed.filter((result) => !result.ok);
  if (errors.length === 0) return { ok: true, events, runs: null };
  if (errors.length === parts.length) return errors[0]!;
  const runs: BatchRun[] = [];
  parts.forEach((part, i) => {
    const result = parsed[i]!;
    const good = result.ok ? result.events : null;
    const last = runs[runs.length - 1];
    // Neighbours of the same kind make one stretch: one transaction for the real ones.
    if (last && (last.events === null) === (good === null)) {
      last.count += part.count;
      if (last.events && good) for (const event of good) last.events.push(event);
    } else {
      runs.push({ seq: part.seq, count: part.count, events: good ? [...good] : null });
    }
  });
  const forged = `${errors.length} of ${parts.length} hand-overs refused: ${errors[0]!.error}`;
  return { ok: true, events, runs, forged };
}

/**
 * Stores a batch's real stretches and moves its stream past the forged ones, in order, one
 * transaction each: a worker stopped in between gets the same batch again, and each step skips
 * what is already done. Acks the whole batch.
 */
async function commitRuns(
  db: TabreelDb,
  common: Omit<CommitBatchInput, 'fromSeq' | 'events'>,
  runs: readonly BatchRun[],
  openSessionHint: string | undefined,
): Promise<CommitBatchResult> {
  let last: CommitBatchResult | null = null;
  let duplicates = 0;
  let ended = 0;
  let assetsQueued = 0;
  let hint = openSessionHint;
  for (const run of runs) {
    if (!run.events) {
      await skipRefusedBatch(db, { ...common, fromSeq: run.seq, count: run.count });
      continue;
    }
    last = await commitBatch(db, {
      ...common,
      fromSeq: run.seq,
      events: run.events,
      ...(hint === undefined ? {} : { openSessionHint: hint }),
    });
    hint = last.session?.id;
    duplicates += last.duplicates;
    ended += last.ended ?? 0;
    assetsQueued += last.assetsQueued ?? 0;
  }
  const lastRun = runs[runs.length - 1]!;
  return {
    through: lastRun.seq + lastRun.count - 1,
    // checkEvents leaves at least one real stretch.
    session: last!.session,
    needsSnapshot: last!.needsSnapshot,
    duplicates,
    dropped: 0,
    ended,
    assetsQueued,
  };
}

function ackOf(result: CommitBatchResult): BatchAck {
  return {
    ok: true,
    through: result.through,
    session: result.session,
    needsSnapshot: result.needsSnapshot,
  };
}
