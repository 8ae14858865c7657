import type { FailureKind } from '../analysis/failed-action';
import { countOf } from '../format/count-of';

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
  /** Failures by kind (absent in a count stored by an older build of this browser run). */
  byKind?: Partial<Record<FailureKind, number>>;
  countedAt: number;
}

/** One key per tab: two tabs counting at once never overwrite each other's count. */
export function liveFailuresKey(tabId: number): string {
  return `live-failures:${tabId}`;
}

/** The page's own failures, not tied to an action, as the popup names them. */
const PAGE_FAILURES: ReadonlyArray<[FailureKind, string]> = [
  ['error', 'page error'],
  ['failed-request', 'failed request'],
  ['poor-vital', 'poor web vital'],
];

/**
 * `3 page errors, 1 failed request`: what the session's failed-action count leaves out (a page
 * throwing from a timer, a request no click made), so the popup does not read "0" over them.
 * Empty when there are none.
 */
export function pageFailuresText(live: LiveFailures): string {
  return PAGE_FAILURES.flatMap(([kind, noun]) => {
    const n = live.byKind?.[kind] ?? 0;
    return n > 0 ? [countOf(n, noun)] : [];
  }).join(', ');
}
