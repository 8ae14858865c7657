import { sessionRulesOf } from '../../shared/settings/settings';
import { expireIdleTab } from '../../shared/storage/tab-lifecycle';
import { updateBadge } from './badge';
import { openDatabase } from './open-database';
import { loadSettings } from './settings';
import { storageGuard } from './storage-guard';
import { scheduleAnalysis } from './analyze-sessions';
import { scheduleChunkDeflate } from './deflate-chunks';

/**
 * The popup opened on a tab: its session ends now if it is past its limit (the once-a-minute sweep
 * would end it later), so neither the popup nor the badge shows a session as recording that is over.
 */
export async function handleExpireIdleSession(tabId: number): Promise<{ ok: true }> {
  // Not opened on a disk all but full, nor written there (as in the sweep): the sweep ends it later.
  const { db } = await openDatabase();
  if (!db || !(await storageGuard.roomToOpen())) return { ok: true };
  const ended = await expireIdleTab(db, tabId, Date.now(), sessionRulesOf(await loadSettings()));
  if (ended) {
    // The badge counted that session's failed actions: it shows the tab's state without it now.
    await updateBadge(tabId);
    void scheduleChunkDeflate(); // the ended session's tail was merged raw
    void scheduleAnalysis();
  }
  return { ok: true };
}
