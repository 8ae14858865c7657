import browser from 'webextension-polyfill';
import type {
  BackgroundToContentMessage,
  BackgroundToContentReply,
} from '../../shared/messages/background-to-content';
import { recordManualEnd } from '../../shared/storage/tab-lifecycle';
import { openDatabase } from './open-database';
import { scheduleChunkDeflate } from './deflate-chunks';
import { updateBadge } from './badge';
import { forgetFailureCount } from './live-failures';

/**
 * The user asked for a new session in a tab. If the tab's recorder is running it marks the cut in
 * its own stream (so the new session starts with a full snapshot); otherwise the open session ends.
 */
export async function handleNewSession(tabId: number): Promise<{ ok: true; marked: boolean }> {
  const command: BackgroundToContentMessage = { type: 'start-new-session' };
  try {
    const reply = (await browser.tabs.sendMessage(tabId, command, { frameId: 0 })) as
      BackgroundToContentReply | undefined;
    if (reply?.ok) {
      // The count was the ending session's: the badge shows the new one's (none yet) at once, not
      // after its first count (live-failures.ts counts seconds after its first batch).
      await forgetFailureCount(tabId);
      await updateBadge(tabId);
      return { ok: true, marked: true };
    }
  } catch {
    // No relay in that tab (not recordable, or loaded before the extension): fall through.
  }
  // Not opened on a full disk (that can lose every session): the popup shows why.
  const opened = await openDatabase();
  if (opened.db === null) throw new Error(opened.why);
  await recordManualEnd(opened.db, tabId);
  await updateBadge(tabId);
  void scheduleChunkDeflate(); // the ended session's tail was merged raw
  return { ok: true, marked: false };
}
