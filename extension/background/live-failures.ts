import browser from 'webextension-polyfill';
import { analyzeSession } from '../../shared/analysis/analyze-session';
import {
  LIVE_FAILURES_STORAGE_KEY,
  type LiveFailuresByTab,
} from '../../shared/messages/live-failures';
import { readSessionEvents } from '../../shared/storage/read-session-events';
import { updateBadge } from './badge';
import { db } from './database';

/** Count again at most this often per tab while it records (a dead click needs 2.5 s anyway). */
const COUNT_DELAY_MS = 3000;
/** Past this many events, count less often: each count reads the whole session. */
const LARGE_SESSION_EVENTS = 20_000;
const LARGE_SESSION_DELAY_MS = 30_000;

// Timers are lost with the worker: harmless, the next batch schedules a count again.
const timers = new Map<number, ReturnType<typeof setTimeout>>();

/** Counts the failed actions of the tab's open session soon (debounced), for the badge and popup. */
export function scheduleFailureCount(tabId: number, sessionId: string): void {
  if (timers.has(tabId)) return;
  timers.set(
    tabId,
    setTimeout(() => {
      timers.delete(tabId);
      void countFailures(tabId, sessionId).catch((error: unknown) =>
        console.warn('Tabreel: could not count failed actions', error),
      );
    }, COUNT_DELAY_MS),
  );
}

async function countFailures(tabId: number, sessionId: string): Promise<void> {
  const stored = await browser.storage.session.get(LIVE_FAILURES_STORAGE_KEY);
  const all = (stored[LIVE_FAILURES_STORAGE_KEY] ?? {}) as LiveFailuresByTab;
  const previous = all[String(tabId)];
  const row = await db.sessions.get(sessionId);
  if (!row) return;
  const recently =
    previous?.sessionId === sessionId && Date.now() - previous.countedAt < LARGE_SESSION_DELAY_MS;
  if (row.eventCount > LARGE_SESSION_EVENTS && recently) return;
  const { events } = await readSessionEvents(db, sessionId);
  const { metrics, failures } = analyzeSession(events);
  all[String(tabId)] = {
    sessionId,
    failedActions: metrics.failedActions,
    failures: failures.length,
    countedAt: Date.now(),
  };
  await browser.storage.session.set({ [LIVE_FAILURES_STORAGE_KEY]: all });
  await updateBadge(tabId);
}

/** The tab is gone: forget its count. */
export async function forgetFailureCount(tabId: number): Promise<void> {
  const stored = await browser.storage.session.get(LIVE_FAILURES_STORAGE_KEY);
  const all = (stored[LIVE_FAILURES_STORAGE_KEY] ?? {}) as LiveFailuresByTab;
  if (!(String(tabId) in all)) return;
  delete all[String(tabId)];
  await browser.storage.session.set({ [LIVE_FAILURES_STORAGE_KEY]: all });
}
