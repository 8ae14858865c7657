import { countsAsPage } from '../session/counts-as-page';
import { Dexie } from 'dexie';
import {
  customPayload,
  customTag,
  TABREEL_TAG,
  type PageViewPayload,
  type TimedEvent,
} from '../events/tabreel-events';
import type { ChunkRow, SessionRow, TabreelDb } from '../db/schema';
import { sessionize } from '../session/sessionize';
import { emptyTabState, type SessionRules } from '../session/session-types';
import type { PrivacyLevel } from '../settings/settings';
import { storedByteLength, type BatchText } from './chunk-codec';
import { cutBatchRows, cutEventRows } from './cut-batch-rows';
import { addToTail, compactTail } from './compact-chunks';
import { hostOf } from '../format/url-parts';
import { extractAssetUrls } from '../assets/map-asset-urls';
import { queueAssetRefs } from './queue-asset-refs';

export interface CommitBatchInput {
  tabId: number;
  incognito: boolean;
  streamId: string;
  fromSeq: number;
  events: readonly TimedEvent[];
  /** The text `events` were parsed from: stored as is when the whole batch is one new run. */
  text?: BatchText;
  rules: SessionRules;
  privacyLevel: PrivacyLevel;
  now: number;
  newId: () => string;
  /** A monotonic clock: when given, the result says when the transaction's own work ended. */
  clock?: () => number;
  /**
   * The session this tab's previous batch went to, if this worker remembers it: its row is read
   * together with the stream and the tab (one round trip instead of two). Only a hint: the tab
   * row inside the transaction decides, and a wrong guess costs the second read.
   */
  openSessionHint?: string;
  /**
   * Called once the transaction exists and its first requests are issued: a later transaction
   * over the same stores, created after this call, runs after this one commits.
   */
  onStarted?: () => void;
}

export interface CommitBatchResult {
  /** Every sequence number up to this one is committed. */
  through: number;
  /** The tab's open session after this batch. */
  session: { id: string; startedAt: number } | null;
  needsSnapshot: boolean;
  /** Events in this call that were already stored (a resend). */
  duplicates: number;
  /** Passive events that arrived while no session was alive. */
  dropped: number;
  /** Sessions this batch ended (their analysis is now due). */
  ended?: number;
  /** Asset addresses queued for capture (the fetcher has work). */
  assetsQueued?: number;
  /** With `clock`: when the transaction's reads had answered. */
  readEndAt?: number;
  /** With `clock`: when the transaction's JS had issued every write. */
  writesIssuedAt?: number;
  /** With `clock`: when every write had answered (the rest is IndexedDB's commit). */
  bodyEndAt?: number;
}

/** A stream id already belongs to another tab: a page is trying to write into someone else's session. */
export class ForeignStreamError extends Error {
  constructor(streamId: string) {
    super(`Stream ${streamId} belongs to another tab.`);
    this.name = 'ForeignStreamError';
  }
}

/** A batch starts past the next expected sequence number: an earlier one has not been committed. */
export class SequenceGapError extends Error {
  constructor(streamId: string, expected: number, got: number) {
    super(`Stream ${streamId} expected event ${expected} next, got ${got}.`);
    this.name = 'SequenceGapError';
  }
}

/**
 * Stores one batch exactly once, in one transaction: the stream's sequence state, the tab's
 * sessionizer state, session rows and compressed chunks commit together or not at all. A resend
 * of anything already committed is recognised by its sequence numbers and skipped.
 */
export async function commitBatch(
  db: TabreelDb,
  input: CommitBatchInput,
): Promise<CommitBatchResult> {
  const { tabId, streamId, fromSeq, events } = input;
  const tables = [db.streams, db.tabs, db.sessions, db.chunks, db.assetRefs];
  return db.transaction('rw', tables, async () => {
    // Read together: each read is a round trip to IndexedDB, and this is the write path.
    const hint = input.openSessionHint;
    const reads = Promise.all([
      db.streams.get(streamId),
      db.tabs.get(tabId),
      hint === undefined ? undefined : db.sessions.get(hint),
    ]);
    // Outside this transaction's zone: what it lets go opens transactions of its own, not nested ones.
    if (input.onStarted) Dexie.ignoreTransaction(input.onStarted);
    const [stream, storedTab, hinted] = await reads;
    if (stream && stream.tabId !== tabId) throw new ForeignStreamError(streamId);
    // Committing past a gap would make the missing events look like duplicates later: refuse.
    if (stream && fromSeq > stream.nextSeq)
      throw new SequenceGapError(streamId, stream.nextSeq, fromSeq);
    const firstNew = Math.max(fromSeq, stream?.nextSeq ?? fromSeq);
    const lastSeq = fromSeq + events.length - 1;
    const stored = storedTab ?? emptyTabState(tabId);
    const openRow = !stored.open
      ? undefined
      : stored.open.id === hint
        ? hinted
        : await db.sessions.get(stored.open.id);
    // The person deleted the session being recorded: the tab goes on as if it had none, so its
    // next activity starts a new session (with a snapshot) instead of writing into nothing.
    const tab = stored.open && !openRow ? { ...stored, open: null, lastSessionId: null } : stored;
    const openSession = tab.open ? { id: tab.open.id, startedAt: tab.open.startedAt } : null;
    const readEndAt = input.clock?.();

    if (lastSeq < firstNew) {
      return {
        through: firstNew - 1,
        session: openSession,
        // A resend after a lost reply must still carry a pending snapshot request.
        needsSnapshot: tab.open?.needsSnapshot === true,
        duplicates: events.length,
        dropped: 0,
      };
    }

    const fresh = events.slice(firstNew - fromSeq);
    const result = sessionize(tab, fresh, input.rules, input.newId);

    const touched = new Map<string, SessionRow>();
    if (openRow) touched.set(openRow.id, openRow);
    const sessionRow = async (id: string): Promise<SessionRow | undefined> => {
      const known = touched.get(id) ?? (await db.sessions.get(id));
      if (known) touched.set(id, known);
      return known;
    };

    for (const started of result.started) {
      touched.set(started.id, {
        id: started.id,
        tabId,
        incognito: input.incognito,
        startedAt: started.startedAt,
        startReason: started.reason,
        endedAt: null,
        endReason: null,
        lastEventAt: started.startedAt,
        firstUrl: '',
        host: '',
        title: '',
        pageCount: 0,
        eventCount: 0,
        storedBytes: 0,
        rawBytes: 0,
        campaign: started.campaign,
        privacy: { level: input.privacyLevel },
        pinned: 0,
        analysisPending: 0,
        summary: null,
        health: null,
      });
    }

    let assetsQueued = 0;
    const writes: Promise<unknown>[] = [];
    for (const run of result.runs) {
      const runEvents = fresh.slice(run.from, run.to);
      const row = await sessionRow(run.sessionId);
      if (!row) continue; // its session was deleted meanwhile: nothing to attach to
      const wholeBatch = firstNew === fromSeq && run.from === 0 && run.to === events.length;
      // Stored raw (the background job deflates it when the worker is idle, chunk-codec.ts), in
      // rows below IndexedDB's value-wrapping size (cut-batch-rows.ts), cut at event boundaries.
      const pieces =
        (wholeBatch && input.text
          ? input.text.pieces === undefined
            ? cutBatchRows(input.text.json, events.length)
            : input.text.pieces
          : null) ?? cutEventRows(runEvents);
      const chunks: ChunkRow[] = [];
      for (const { from, count, encoded } of pieces) {
        const pieceEvents = runEvents.slice(from, from + count);
        const firstTs = pieceEvents[0]!.timestamp;
        const lastTs = pieceEvents.reduce((max, e) => Math.max(max, e.timestamp), firstTs);
        const chunk: ChunkRow = {
          id: `${streamId}:${firstNew + run.from + from}`,
          sessionId: run.sessionId,
          streamId,
          fromSeq: firstNew + run.from + from,
          toSeq: firstNew + run.from + from + count - 1,
          firstTs,
          lastTs,
          count,
          rawBytes: encoded.rawBytes,
          data: encoded.data,
          ...(encoded.encoding ? { encoding: encoded.encoding } : {}),
        };
        // Not awaited one by one: requests in a transaction run in the order they were made, so
        // later reads still see this write, and the batch pays one round trip, not one per write.
        const put = db.chunks.put(chunk);
        put.catch(() => {}); // awaited below, with the others; this only keeps it from being "unhandled"
        writes.push(put);
        chunks.push(chunk);
        row.storedBytes += encoded.storedBytes ?? storedByteLength(encoded.data);
        row.rawBytes += encoded.rawBytes;
        row.lastEventAt = Math.max(row.lastEventAt, lastTs);
      }
      row.eventCount += runEvents.length;
      if (row.endedAt !== null) {
        // A late delivery to an ended session: its analysis is stale.
        row.endedAt = Math.max(row.endedAt, row.lastEventAt);
        row.analysisPending = 1;
      }
      for (const event of runEvents) {
        const tag = customTag(event);
        if (tag !== TABREEL_TAG.page && tag !== TABREEL_TAG.sessionStart) continue;
        // A page view, or the cut a session began with: both say which page the session is on.
        const page = customPayload<Partial<PageViewPayload>>(event);
        // The popup and the list read this while it records.
        if (countsAsPage(tag, page?.url, row.pageCount)) row.pageCount += 1;
        if (!row.firstUrl && page?.url) {
          row.firstUrl = page.url;
          row.host = hostOf(page.url);
        }
        if (!row.title && page?.title) row.title = page.title;
      }
      await addToTail(db, row, chunks);
      // The stylesheets, fonts and images the replay needs, queued in the same transaction as the
      // events (nothing held in memory). Never for incognito: the service worker's fetches would
      // leave the private page's assets in the normal profile's cache.
      if (!input.incognito)
        assetsQueued += await queueAssetRefs(
          db,
          run.sessionId,
          extractAssetUrls(runEvents, row.firstUrl || undefined),
          input.now,
        );
    }

    // The open session learns its campaign from its first page view that has one.
    const open = result.state.open;
    const nowOpenRow = open ? touched.get(open.id) : undefined;
    if (open && nowOpenRow && nowOpenRow.campaign === null && open.campaign !== null)
      nowOpenRow.campaign = open.campaign;

    for (const ended of result.ended) {
      const row = await sessionRow(ended.id);
      if (!row) continue;
      row.endedAt = Math.max(ended.endedAt, row.lastEventAt);
      row.endReason = ended.reason;
      row.analysisPending = 1;
      await compactTail(db, row);
    }

    writes.push(
      db.sessions.bulkPut([...touched.values()]),
      db.streams.put({
        id: streamId,
        tabId,
        nextSeq: lastSeq + 1,
        createdAt: stream?.createdAt ?? input.now,
        closedAt: stream?.closedAt ?? null,
      }),
      db.tabs.put(result.state),
    );
    const writesIssuedAt = input.clock?.();
    await Promise.all(writes);

    return {
      ...(input.clock ? { readEndAt, writesIssuedAt, bodyEndAt: input.clock() } : {}),
      through: lastSeq,
      session: open ? { id: open.id, startedAt: open.startedAt } : null,
      needsSnapshot: result.needsSnapshot,
      duplicates: firstNew - fromSeq,
      dropped: result.dropped.length,
      ended: result.ended.length,
      ...(assetsQueued > 0 ? { assetsQueued } : {}),
    };
  });
}

export interface SkipRefusedInput {
  tabId: number;
  streamId: string;
  fromSeq: number;
  count: number;
  now: number;
}

/**
 * A batch was refused for good (recording paused, site excluded, bad events): its events are
 * dropped, so the stream's cursor moves past them. Never past a gap, never on another tab's stream.
 */
export async function skipRefusedBatch(db: TabreelDb, input: SkipRefusedInput): Promise<void> {
  await db.transaction('rw', db.streams, async () => {
    const stream = await db.streams.get(input.streamId);
    // No stream yet: its first accepted batch may start anywhere, so there is nothing to move.
    if (!stream || stream.tabId !== input.tabId || input.fromSeq > stream.nextSeq) return;
    await db.streams.update(input.streamId, {
      nextSeq: Math.max(stream.nextSeq, input.fromSeq + input.count),
    });
  });
}

export interface CommittedCheck {
  tabId: number;
  streamId: string;
  fromSeq: number;
  count: number;
}

/**
 * The ack for a batch that is already fully stored, or null. Read before the batch is parsed or
 * compressed, so a resend (or a page replaying its outbox on purpose) costs one read, not a write.
 */
export async function ackIfCommitted(
  db: TabreelDb,
  check: CommittedCheck,
): Promise<CommitBatchResult | null> {
  return db.transaction('r', [db.streams, db.tabs], async () => {
    const stream = await db.streams.get(check.streamId);
    if (!stream || stream.tabId !== check.tabId || check.fromSeq + check.count > stream.nextSeq)
      return null;
    const open = (await db.tabs.get(check.tabId))?.open ?? null;
    return {
      through: stream.nextSeq - 1,
      session: open ? { id: open.id, startedAt: open.startedAt } : null,
      needsSnapshot: open?.needsSnapshot === true,
      duplicates: check.count,
      dropped: 0,
    };
  });
}
