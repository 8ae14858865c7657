import browser from 'webextension-polyfill';
import { analyzeSession } from '../../shared/analysis/analyze-session';
import { liveFailuresKey, type LiveFailures } from '../../shared/messages/live-failures';
import { readSessionEvents } from '../../shared/storage/read-session-events';
import { updateBadge } from './badge';
import { openDatabase } from './open-database';

/** Count again at most this often per tab while it records (a dead click needs 2.5 s anyway). */
const COUNT_DELAY_MS = 3000;
/**
 * Each count reads the whole session: past this much raw JSON, count less often, and past
 * LIVE_COUNT_MAX_BYTES not at all (the popup then says "…"; the session's end analysis counts).
 */
const LARGE_SESSION_BYTES = 5 * 1024 * 1024;
const LARGE_SESSION_DELAY_MS = 30_000;
const LIVE_COUNT_MAX_BYTES = 50 * 1024 * 1024;

// Timers are lost with the worker: harmless, the next batch schedules a count again.
const timers = new Map<number, ReturnType<typeof setTimeout>>();
/** A page at rest sends a batch a second; a burst, several in this time. */
const QUIET_MS = 500;
// When each tab's last batch arrived: a large session is counted only once its writes pause.
const lastBatchAt = new Map<number, number>();

/** Counts the failed actions of the tab's open session soon (debounced), for the badge and popup. */
export function scheduleFailureCount(tabId: number, sessionId: string): void {
  lastBatchAt.set(tabId, Date.now());
  armCount(tabId, sessionId);
}

function armCount(tabId: number, sessionId: string, delay = COUNT_DELAY_MS): void {
  if (timers.has(tabId)) return;
  timers.set(
    tabId,
    setTimeout(() => {
      timers.delete(tabId);
      void countFailures(tabId, sessionId).catch((error: unknown) =>
        console.warn('Tabreel: could not count failed actions', error),
      );
    }, delay),
  );
}

async function countFailures(tabId: number, sessionId: string): Promise<void> {
  const key = liveFailuresKey(tabId);
  const previous = (await browser.storage.session.get(key))[key] as LiveFailures | undefined;
  // Not opened on a full disk: the next batch schedules a count again.
  const { db } = await openDatabase();
  if (!db) return;
  const row = await db.sessions.get(sessionId);
  if (!row || row.rawBytes > LIVE_COUNT_MAX_BYTES) return;
  // Reading and analysing megabytes holds the worker's thread for hundreds of ms: not while the
  // tab writes in a burst (its batches would wait behind it, S1), but in a pause between batches.
  if (row.rawBytes > LARGE_SESSION_BYTES && Date.now() - (lastBatchAt.get(tabId) ?? 0) < QUIET_MS) {
    armCount(tabId, sessionId, QUIET_MS);
    return;
  }
  const recently =
    previous?.sessionId === sessionId && Date.now() - previous.countedAt < LARGE_SESSION_DELAY_MS;
  if (row.rawBytes > LARGE_SESSION_BYTES && recently) return;
  const { events } = await readSessionEvents(db, sessionId);
  const { metrics, failures } = analyzeSession(events);
  // The tab may have closed while this ran: do not bring its count back.
  if (!(await tabExists(tabId))) return;
  const count: LiveFailures = {
    sessionId,
    failedActions: metrics.failedActions,
    failures: failures.length,
    byKind: metrics.failuresByKind,
    countedAt: Date.now(),
  };
  await browser.storage.session.set({ [key]: count });
  await updateBadge(tabId);
}

async function tabExists(tabId: number): Promise<boolean> {
  try {
    await browser.tabs.get(tabId);
    return true;
  } catch {
    return false;
  }
}

/** The tab is gone, or its session was cut: forget its count and any count still to come. */
export async function forgetFailureCount(tabId: number): Promise<void> {
  clearTimeout(timers.get(tabId));
  timers.delete(tabId);
  lastBatchAt.delete(tabId);
  await browser.storage.session.remove(liveFailuresKey(tabId));
}
