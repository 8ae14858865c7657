// The service worker: the only writer of the database. Wiring only; every handler is its own file.
// It can be stopped at any moment, so all state lives in IndexedDB or chrome.storage, and every
// listener is registered synchronously at the top level so an event can wake it.
import browser, { type Runtime } from 'webextension-polyfill';
import {
  STATUS_STORAGE_KEY,
  type PopupToBackgroundMessage,
} from '../../shared/messages/popup-to-background';
import { SETTINGS_STORAGE_KEY } from '../../shared/settings/settings';
import { handleBatch } from './handle-batch';
import { handleInjectRrweb } from './handle-inject-rrweb';
import { handleAddMarker } from './handle-add-marker';
import { handleNewSession } from './handle-new-session';
import { handleExpireIdleSession } from './handle-expire-idle-session';
import { handleDeleteAllData } from './handle-delete-all-data';
import { handleBudgetChange } from './handle-budget-change';
import { updateAllBadges, updateBadge } from './badge';
import { forgetFailureCount } from './live-failures';
import { readStatus } from './status';
import { scheduleAnalysis } from './analyze-sessions';
import { scheduleAssetCapture } from './capture-assets';
import { scheduleChunkDeflate } from './deflate-chunks';
import {
  ensureSweepAlarm,
  onBrowserStart,
  onSweep,
  onTabRemoved,
  SWEEP_ALARM,
} from './tab-lifecycle';

const EXTENSION_ORIGIN = browser.runtime.getURL('');

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  const type = (message as { type?: unknown } | null)?.type;
  if (type === 'batch') return handleBatch(message, sender);
  if (type === 'inject-rrweb') return handleInjectRrweb(sender);
  // Everything else comes from our own pages only, never from a content script.
  if (sender.id !== browser.runtime.id || !sender.url?.startsWith(EXTENSION_ORIGIN))
    return undefined;
  const request = message as PopupToBackgroundMessage;
  switch (request.type) {
    case 'new-session':
      return handleNewSession(request.tabId);
    case 'add-marker':
      return handleAddMarker(request.tabId, request.note);
    case 'get-status':
      return readStatus();
    case 'expire-idle-session':
      return handleExpireIdleSession(request.tabId);
    case 'delete-all-data':
      return handleDeleteAllData();
    default:
      return undefined;
  }
});

// Keyboard shortcuts (manifest `commands`), for the active tab.
browser.commands.onCommand.addListener((command, tab) => {
  const tabId = tab?.id;
  if (tabId === undefined) return;
  // A shortcut has no one to answer: a refusal (no room on the disk) goes to the console.
  if (command === 'new-session')
    handleNewSession(tabId).catch((e: unknown) => console.warn('Tabreel: no new session:', e));
  if (command === 'add-marker')
    handleAddMarker(tabId, '').catch((e: unknown) => console.warn('Tabreel: no marker:', e));
});
browser.tabs.onRemoved.addListener((tabId) => {
  void onTabRemoved(tabId);
  void forgetFailureCount(tabId);
});
// The badge follows the page shown in each tab, and every change of settings or disk state.
browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.url !== undefined || change.status === 'loading') void updateBadge(tabId);
});
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && (SETTINGS_STORAGE_KEY in changes || STATUS_STORAGE_KEY in changes))
    void updateAllBadges();
  handleBudgetChange(changes, area).catch((error: unknown) =>
    console.warn('Tabreel: the storage budget failed', error),
  );
});
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === SWEEP_ALARM) void onSweep();
});
browser.runtime.onStartup.addListener(() => void onBrowserStart());
browser.runtime.onInstalled.addListener(() => void ensureSweepAlarm());
void ensureSweepAlarm();
// Sessions that ended while the worker was stopped (or mid-analysis) are analyzed now.
void scheduleAnalysis();
// Assets queued before the worker stopped are fetched now.
void scheduleAssetCapture();
// Chunks stored raw before the worker stopped are deflated once it is quiet.
void scheduleChunkDeflate();
