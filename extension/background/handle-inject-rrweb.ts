// Injects the recorder's second script (rrweb, web-vitals) into the frame whose relay asks for it.
// chrome.scripting is not subject to the page's CSP, unlike a <script src> of our own, and exposes
// no web-accessible file to pages.
import type { Runtime } from 'webextension-polyfill';
import { RRWEB_PART_FILE } from './rrweb-part-file';
import type { InjectRrwebReply } from '../../shared/messages/content-to-background';

export async function handleInjectRrweb(sender: Runtime.MessageSender): Promise<InjectRrwebReply> {
  const tabId = sender.tab?.id;
  const frameId = sender.frameId;
  if (sender.id !== chrome.runtime.id || tabId === undefined || frameId === undefined)
    return { ok: false, error: 'not from a content script in a tab' };
  // The sender's own document: not a page the frame navigated to meanwhile.
  const documentId = (sender as { documentId?: string }).documentId;
  const target: chrome.scripting.InjectionTarget = documentId
    ? { tabId, documentIds: [documentId] }
    : { tabId, frameIds: [frameId] };
  try {
    await chrome.scripting.executeScript({
      target,
      world: 'MAIN',
      files: [RRWEB_PART_FILE],
      injectImmediately: true,
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: String(error) };
  }
}
