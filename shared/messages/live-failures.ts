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

export const LIVE_FAILURES_STORAGE_KEY = 'live-failures';

/** By tab id. */
export type LiveFailuresByTab = Record<string, LiveFailures>;
