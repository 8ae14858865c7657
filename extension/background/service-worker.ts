// The service worker: the only writer of the database. Wiring only; every handler is its own file.
// It can be stopped at any moment, so all state lives in IndexedDB or chrome.storage, and every
// listener is registered synchronously at the top level so an event can wake it.
import browser, { type Runtime } from 'webextension-polyfill';
import type { PopupToBackgroundMessage } from '../../shared/messages/popup-to-background';
import { handleBatch } from './handle-batch';
import { handleNewSession } from './handle-new-session';
import { readStatus } from './status';
import { scheduleAnalysis } from './analyze-sessions';
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
  // Everything else comes from our own pages only, never from a content script.
  if (sender.id !== browser.runtime.id || !sender.url?.startsWith(EXTENSION_ORIGIN))
    return undefined;
  const request = message as PopupToBackgroundMessage;
  switch (request.type) {
    case 'new-session':
      return handleNewSession(request.tabId);
    case 'get-status':
      return readStatus();
    default:
      return undefined;
  }
});

// Until the popup lands, the toolbar button opens the viewer.
browser.action.onClicked.addListener(() => {
  void browser.tabs.create({ url: browser.runtime.getURL('viewer/index.html') });
});
browser.tabs.onRemoved.addListener((tabId) => void onTabRemoved(tabId));
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === SWEEP_ALARM) void onSweep();
});
browser.runtime.onStartup.addListener(() => void onBrowserStart());
browser.runtime.onInstalled.addListener(() => void ensureSweepAlarm());
void ensureSweepAlarm();
// Sessions that ended while the worker was stopped (or mid-analysis) are analyzed now.
void scheduleAnalysis();
