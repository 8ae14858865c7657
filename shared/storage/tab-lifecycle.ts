import type { TabreelDb } from '../db/schema';
import { compactTail } from './compact-chunks';
import {
  closeTab,
  endSessionManually,
  expireIdleSession,
  type EndedSession,
} from '../session/sessionize';
import { emptyTabState, type SessionRules, type TabState } from '../session/session-types';

// Closed tabs' stream rows are kept this long so a late resend is still recognised as a duplicate.
export const CLOSED_STREAM_RETENTION_MS = 60 * 60 * 1000;

type Transition = (state: TabState) => { state: TabState; ended: EndedSession | null };

async function applyToTab(
  db: TabreelDb,
  tabId: number,
  transition: Transition,
): Promise<EndedSession | null> {
  return db.transaction('rw', [db.tabs, db.sessions, db.chunks], async () => {
    const before = (await db.tabs.get(tabId)) ?? emptyTabState(tabId);
    const { state, ended } = transition(before);
    await db.tabs.put(state);
    if (ended) await markEnded(db, ended);
    return ended;
  });
}

async function markEnded(db: TabreelDb, ended: EndedSession): Promise<void> {
  const row = await db.sessions.get(ended.id);
  if (!row || row.endedAt !== null) return;
  row.endedAt = Math.max(ended.endedAt, row.lastEventAt);
  row.endReason = ended.reason;
  row.analysisPending = 1;
  await compactTail(db, row);
  await db.sessions.put(row);
}

/** The tab closed: end its session (`tab-closed`, or `inactivity` if it had already timed out). */
export async function recordTabClosed(
  db: TabreelDb,
  tabId: number,
  now: number,
  rules: SessionRules,
) {
  const ended = await applyToTab(db, tabId, (state) => closeTab(state, now, rules));
  await db.streams.where('tabId').equals(tabId).modify({ closedAt: now });
  return ended;
}

/** The user asked for a new session in a tab that has no recorder to mark the cut. */
export function recordManualEnd(db: TabreelDb, tabId: number) {
  return applyToTab(db, tabId, endSessionManually);
}

/**
 * Ends the tab's session if it is past its inactivity or duration limit at `now`: the sweep's rule,
 * for one tab, so what the popup shows is true when it opens rather than after the next sweep.
 */
export async function expireIdleTab(
  db: TabreelDb,
  tabId: number,
  now: number,
  rules: SessionRules,
): Promise<EndedSession | null> {
  // No write for a tab with nothing open (most tabs the popup opens on have a session, or none).
  if (!(await db.tabs.get(tabId))?.open) return null;
  return applyToTab(db, tabId, (state) => expireIdleSession(state, now, rules));
}

/** Ends every session idle past the timeout, and forgets closed tabs' old streams and state. */
export async function sweepSessions(
  db: TabreelDb,
  now: number,
  rules: SessionRules,
): Promise<EndedSession[]> {
  const ended: EndedSession[] = [];
  for (const tab of await db.tabs.toArray()) {
    if (!tab.open) continue;
    const result = await applyToTab(db, tab.tabId, (state) => expireIdleSession(state, now, rules));
    if (result) ended.push(result);
  }
  const forgetBefore = now - CLOSED_STREAM_RETENTION_MS;
  await db.streams.where('closedAt').below(forgetBefore).delete();
  await db.tabs.filter((tab) => tab.closedAt !== null && tab.closedAt < forgetBefore).delete();
  return ended;
}

/**
 * The browser started at `browserStart`: tab ids restart from scratch, so every session and stream
 * from before it belongs to a tab that no longer exists. End those as closed and forget their tab
 * state. Restored tabs may already have recorded by the time this runs: what began after
 * `browserStart` is theirs and is kept.
 */
export async function recordBrowserStart(
  db: TabreelDb,
  now: number,
  browserStart = now,
): Promise<number> {
  return db.transaction('rw', [db.tabs, db.sessions, db.streams, db.chunks], async () => {
    const open = await db.sessions
      .filter((s) => s.endedAt === null && s.startedAt < browserStart)
      .toArray();
    for (const row of open) {
      row.endedAt = row.lastEventAt;
      row.endReason = 'tab-closed';
      row.analysisPending = 1;
      await compactTail(db, row);
      await db.sessions.put(row);
    }
    // Keep only what this browser run wrote; an old row could be mistaken for a new tab's.
    const fromThisRun = (tab: TabState) =>
      (tab.open !== null && tab.open.startedAt >= browserStart) ||
      (tab.closedAt ?? 0) >= browserStart;
    await db.tabs.filter((tab) => !fromThisRun(tab)).delete();
    // Open streams have a null closedAt, which IndexedDB does not index: walk them all.
    await db.streams.toCollection().modify((stream) => {
      if (stream.createdAt < browserStart) stream.closedAt ??= now;
    });
    return open.length;
  });
}
