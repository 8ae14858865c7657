import browser from 'webextension-polyfill';
import type { TabreelDb } from '../../shared/db/schema';
import { recordBrowserStart } from '../../shared/storage/tab-lifecycle';

/** chrome.storage.session (this browser run only): a browser start not yet recorded. */
const PENDING_KEY = 'browserStartPending';

interface PendingBrowserStart {
  /** When the worker heard of it (ms). */
  at: number;
  /** When this browser run began: the worker's time origin (ms). */
  origin: number;
}

/**
 * The browser started: kept until it is recorded, which needs the database open, so a start met on
 * a full disk (the database stays closed) is recorded at the first open with room.
 */
export async function rememberBrowserStart(now: number, origin: number): Promise<void> {
  const pending: PendingBrowserStart = { at: now, origin };
  await browser.storage.session.set({ [PENDING_KEY]: pending });
}

/** Records a remembered browser start (shared/storage/tab-lifecycle.ts) and forgets it. */
export async function recordPendingBrowserStart(db: TabreelDb): Promise<void> {
  const pending = (await browser.storage.session.get(PENDING_KEY))[PENDING_KEY] as
    PendingBrowserStart | undefined;
  if (!pending) return;
  await recordBrowserStart(db, pending.at, pending.origin);
  await browser.storage.session.remove(PENDING_KEY);
}
