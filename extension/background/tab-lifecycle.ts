import browser from 'webextension-polyfill';
import { sessionRulesOf } from '../../shared/settings/settings';
import { recordTabClosed, sweepSessions } from '../../shared/storage/tab-lifecycle';
import { recordPendingBrowserStart, rememberBrowserStart } from './browser-start';
import { scheduleAnalysis } from './analyze-sessions';
import { loadSettings } from './settings';
import { openDatabase } from './open-database';
import { storageGuard } from './storage-guard';
import { updateAllBadges } from './badge';
import { scheduleAssetCapture } from './capture-assets';
import { scheduleChunkDeflate } from './deflate-chunks';

export const SWEEP_ALARM = 'tabreel-sweep';

export async function onTabRemoved(tabId: number): Promise<void> {
  // After a full disk no batch may come to open the database (recording is paused everywhere);
  // not on a disk still full, where opening it lost the whole database (open-database.ts). The
  // tab's session then ends by inactivity, at a sweep once there is room.
  const { db } = await openDatabase();
  if (!db) return;
  const settings = await loadSettings();
  await recordTabClosed(db, tabId, Date.now(), sessionRulesOf(settings));
  // The session's last small chunks were merged raw: deflate them whole.
  void scheduleChunkDeflate();
  await scheduleAnalysis();
}

export async function onSweep(): Promise<void> {
  // The sweep is the way back from a full disk when no batch comes: it opens the database once
  // the disk has room (open-database.ts), and the guard's probe then clears the flag.
  const { db } = await openDatabase();
  if (!db) return;
  const settings = await loadSettings();
  // Nothing written on a disk all but full, sessions ended included: a session's kept batch, stored
  // once there is room, must still find its session open (it started a new one, events dropped).
  // Asked here too: a database still open (the estimate found the disk full first) skips the gate.
  if (await storageGuard.roomToOpen()) {
    const ended = await sweepSessions(db, Date.now(), sessionRulesOf(settings));
    // A badge counted an ended session's failed actions: it shows its tab without that session.
    if (ended.length > 0) await updateAllBadges();
  }
  // Age and size budget; while the disk is full, also a probe write to see if it still is.
  await storageGuard
    .sweep()
    .catch((error: unknown) => console.warn('Tabreel: the storage budget failed', error));
  await scheduleAnalysis();
  // Refs left pending by a worker that died mid-capture.
  void scheduleAssetCapture();
  // Chunks merged by the sweep, and any left raw by a worker that died mid-deflate.
  void scheduleChunkDeflate();
}

export async function onBrowserStart(): Promise<void> {
  // The worker starts with the browser: its time origin is when this browser run began. Recorded
  // now if the database opens, else at its first open with room (open-database.ts).
  await rememberBrowserStart(Date.now(), Math.round(performance.timeOrigin));
  const { db } = await openDatabase();
  if (!db) return;
  await recordPendingBrowserStart(db);
  void scheduleChunkDeflate();
  await scheduleAnalysis();
}

/** Alarms survive worker restarts but not always updates: (re)create on install and start. */
export async function ensureSweepAlarm(): Promise<void> {
  const existing = await browser.alarms.get(SWEEP_ALARM);
  if (!existing) await browser.alarms.create(SWEEP_ALARM, { periodInMinutes: 1 });
}
