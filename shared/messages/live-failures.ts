/**
 * The failed actions of each tab's open session, as the service worker last counted them. Kept in
 * `chrome.storage.session` (gone with the browser, shared with the popup): nothing here that
 * cannot be counted again from the stored events.
 */
export interface LiveFailures {
  sessionId: string;
  failedActions: number;
  /** Every failure (page errors, failed requests, poor vitals too). */
  failures: number;
  countedAt: number;
}

/** One key per tab: two tabs counting at once never overwrite each other's count. */
export function liveFailuresKey(tabId: number): string {
  return `live-failures:${tabId}`;
}
