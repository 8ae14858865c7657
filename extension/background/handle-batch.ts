import type { Runtime } from 'webextension-polyfill';
import { receiveBatch } from '../../shared/delivery/receive-batch';
import type { BatchReply } from '../../shared/messages/content-to-background';
import { openDatabase } from './open-database';
import { loadSettings } from './settings';
import { countRejected, reportWriteFailure, reportWriteStored } from './status';
import { scheduleAnalysis } from './analyze-sessions';
import { storageGuard } from './storage-guard';
import { scheduleFailureCount } from './live-failures';
import { updateBadge } from './badge';
import { createCommitTiming } from '../../shared/delivery/commit-timing';
import { scheduleAssetCapture } from './capture-assets';
import { createCommitLanes } from '../../shared/delivery/commit-lanes';
import { scheduleChunkDeflate, writeActivity } from './deflate-chunks';

const measureCommit = createCommitTiming(performance);
const lanes = createCommitLanes();
// The seq expected next per stream in this worker's life (receive-batch.ts `expected`).
const expected = new Map<string, number>();
const MAX_EXPECTED_STREAMS = 1000;
// The session each tab's last batch went to: read with the stream and tab rows (commit-batch.ts).
const openSessions = new Map<number, string>();

/** A batch from a page's relay: validated and stored exactly once (shared/delivery/receive-batch.ts). */
export async function handleBatch(
  message: unknown,
  sender: Runtime.MessageSender,
): Promise<BatchReply> {
  const started = performance.now();
  // Taken before any await: the tab's batches commit in the order they arrived.
  const turn = lanes.enter(sender.tab?.id ?? -1);
  // The background deflate waits while batches come in (deflate-chunks.ts).
  const leaveWritePath = writeActivity.enter();
  if (expected.size > MAX_EXPECTED_STREAMS) expected.clear(); // only a hint: the read check runs
  if (openSessions.size > MAX_EXPECTED_STREAMS) openSessions.clear(); // a hint too
  const tabId = sender.tab?.id;
  const openSessionHint = tabId === undefined ? undefined : openSessions.get(tabId);
  let result: Awaited<ReturnType<typeof receiveBatch>>;
  let settingsMs: number;
  try {
    // An all but full disk: nothing is written, nor the database reopened (Chromium deleted it once
    // reopened there); the batch stays in the page, which sends it again (storage-guard.ts).
    const noRoom = await storageGuard.beforeWrite();
    if (noRoom) return await refusedForRoom(noRoom);
    // Open already: at once. A fresh worker, or one whose database Chromium closed, opens it here
    // only with room (open-database.ts); an open that fails is this batch's failed write.
    // The settings read alongside: a fresh worker's first batch waits for both, not one then the other.
    const [opened, settings] = await Promise.all([openDatabase(), loadSettings()]);
    if (opened.db === null && opened.noRoom) return await refusedForRoom(opened.why);
    settingsMs = performance.now() - started;
    result =
      opened.db === null
        ? { reply: { ok: false, retry: true, error: opened.why }, writeFailure: opened.why }
        : await receiveBatch(opened.db, {
            message,
            sender: {
              tabId: sender.tab?.id,
              frameId: sender.frameId,
              url: sender.url ?? sender.tab?.url ?? '',
              incognito: sender.tab?.incognito ?? false,
            },
            settings,
            now: Date.now(),
            newId: () => crypto.randomUUID(),
            freeSpace: () => storageGuard.onQuotaExceeded(),
            turn: turn.ready,
            started: turn.started,
            expected,
            clock: () => performance.now(),
            ...(openSessionHint === undefined ? {} : { openSessionHint }),
          });
  } finally {
    turn.leave();
    leaveWritePath();
  }
  if (result.wrote)
    measureCommit(started, {
      ...batchSize(message),
      phases: { settings: settingsMs, ...result.phases },
    });
  if (result.rejected) await countRejected(result.rejected);
  if (result.writeFailure) await reportWriteFailure(result.writeFailure, Date.now());
  // Off the reply's path: the first stored batch of a worker life reads the status once.
  else if (result.wrote) {
    roomRefusalReported = false;
    void reportWriteStored(Date.now()).catch(() => {});
  }
  // Still full after the budget ran: every tab pauses recording. Stored: room again, if it was full.
  await storageGuard.afterBatch(result);
  // After the reply is on its way: the page's ack must not wait for an analysis.
  if (result.analysisDue) setTimeout(() => void scheduleAnalysis(), 0);
  if (result.assetsDue) setTimeout(() => void scheduleAssetCapture(), 0);
  // Stored raw: deflated once the worker is quiet.
  if (result.wrote) void scheduleChunkDeflate();
  if (result.reply.ok && tabId !== undefined) {
    if (result.reply.session) openSessions.set(tabId, result.reply.session.id);
    else openSessions.delete(tabId);
  }
  if (result.reply.ok && result.reply.session && tabId !== undefined) {
    scheduleFailureCount(tabId, result.reply.session.id);
    // A new session (after inactivity, at the maximum duration): the badge drops the previous
    // one's count now, not at the new one's first count seconds later.
    if (openSessionHint !== undefined && openSessionHint !== result.reply.session.id)
      void updateBadge(tabId);
  }
  return result.reply;
}

// Whether this worker life reported a refusal for room since events were last stored: the status
// counts one until then anyway (count-write-failure.ts), this spares it a write per resend.
let roomRefusalReported = false;

/** Not an ack: the page keeps the batch. Shown as a failed write, counted once until stored again. */
async function refusedForRoom(error: string): Promise<BatchReply> {
  if (!roomRefusalReported) await reportWriteFailure(error, Date.now(), true);
  roomRefusalReported = true;
  return { ok: false, retry: true, error };
}

function batchSize(message: unknown): { chars: number; events: number } {
  const { events, count } = message as { events?: unknown; count?: unknown };
  return {
    chars: typeof events === 'string' ? events.length : 0,
    events: typeof count === 'number' ? count : 0,
  };
}
