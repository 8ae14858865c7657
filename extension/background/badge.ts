import browser from 'webextension-polyfill';
import { liveFailuresKey, type LiveFailures } from '../../shared/messages/live-failures';
import { recordingDecision, type NotRecordedReason } from '../../shared/site/recording-decision';
import { openDatabase } from './open-database';
import { loadSettings } from './settings';
import { readStatus } from './status';

const COLORS = { recording: '#374151', failures: '#dc2626', paused: '#6b7280', full: '#b45309' };

const NOT_RECORDED_TITLES: Record<NotRecordedReason, string> = {
  paused: 'Tabreel — recording is paused',
  incognito: 'Tabreel — incognito windows are not recorded',
  'unsupported-page': 'Tabreel — this page cannot be recorded',
  'excluded-site': 'Tabreel — this site is excluded',
  'not-listed': 'Tabreel — this site is not in your list of recorded sites',
  'storage-full': 'Tabreel — paused: the disk is full',
};

/**
 * The toolbar badge for one tab: REC while recording, the number of failed actions in its session
 * once there are any, ❚❚ while paused, ! when the disk is full, nothing where the page is not
 * recorded. The title says which, in words.
 */
export async function updateBadge(tabId: number): Promise<void> {
  let tab: browser.Tabs.Tab;
  try {
    tab = await browser.tabs.get(tabId);
  } catch {
    return; // closed meanwhile
  }
  const [settings, status] = await Promise.all([loadSettings(), readStatus()]);
  const decision = recordingDecision(
    { url: tab.url ?? '', incognito: tab.incognito, storageFull: status.storageFull !== null },
    settings,
  );
  let text = '';
  let color = COLORS.recording;
  let title = 'Tabreel — recording this tab';
  if (!decision.record) {
    title = NOT_RECORDED_TITLES[decision.reason];
    if (decision.reason === 'paused') [text, color] = ['❚❚', COLORS.paused];
    if (decision.reason === 'storage-full') [text, color] = ['!', COLORS.full];
  } else {
    text = 'REC';
    const failed = await failedActionsOf(tabId);
    if (failed > 0) {
      [text, color] = [failed > 99 ? '99+' : String(failed), COLORS.failures];
      title = `Tabreel — recording; ${failed} failed action${failed === 1 ? '' : 's'} in this session`;
    }
  }
  await Promise.all([
    browser.action.setBadgeText({ tabId, text }),
    browser.action.setBadgeBackgroundColor({ tabId, color }),
    browser.action.setTitle({ tabId, title }),
  ]).catch(() => {
    // The tab closed meanwhile.
  });
}

/** The last count for the tab's open session (0 for a session not counted yet). */
async function failedActionsOf(tabId: number): Promise<number> {
  // Not opened for a badge on a full disk: the count waits (the badge then says "!" anyway).
  const { db } = await openDatabase();
  if (!db) return 0;
  const [stored, tabState] = await Promise.all([
    browser.storage.session.get(liveFailuresKey(tabId)),
    db.tabs.get(tabId),
  ]);
  const live = stored[liveFailuresKey(tabId)] as LiveFailures | undefined;
  return live && tabState?.open?.id === live.sessionId ? live.failedActions : 0;
}

/** Settings or the disk state changed: every tab's badge may have. */
export async function updateAllBadges(): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.all(tabs.map((tab) => (tab.id === undefined ? null : updateBadge(tab.id))));
}
