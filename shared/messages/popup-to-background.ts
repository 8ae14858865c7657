/** Requests from extension pages (popup, options, viewer) to the service worker. */
export type PopupToBackgroundMessage =
  | { type: 'new-session'; tabId: number }
  | { type: 'add-marker'; tabId: number; note: string }
  | { type: 'get-status' }
  /** Popup opening: end the tab's session first if it is past its inactivity or duration limit. */
  | { type: 'expire-idle-session'; tabId: number }
  /** Options page: delete every session, chunk and analysis (settings stay). */
  | { type: 'delete-all-data' };

export interface RecorderStatus {
  /** Messages refused because they were malformed, oversized or claimed another tab. */
  rejectedMessages: number;
  /** Writes that failed after retries; the batch stayed in the page's outbox to be resent. */
  failedWrites: number;
  /** `noRoom`: a batch refused because the disk was all but full, not a write that failed. */
  lastError: { at: number; message: string; noRoom?: true } | null;
  /**
   * When a batch was stored after the last failed write: the failures are history, not a problem
   * now (after a full disk, above all). Null while the last failure is unanswered.
   */
  recoveredAt: number | null;
  /**
   * Set while the disk is full (a write failed with QuotaExceededError): recording pauses in every
   * tab until space is freed, and the popup says so. Cleared once a write can succeed again.
   */
  storageFull: { since: number; message: string } | null;
  /** What the storage budget (age, size) evicted last, and in all since install. */
  evictions: { lastAt: number; lastCount: number; lastBytes: number; totalCount: number } | null;
}

export const EMPTY_STATUS: RecorderStatus = {
  rejectedMessages: 0,
  failedWrites: 0,
  lastError: null,
  recoveredAt: null,
  storageFull: null,
  evictions: null,
};

export const STATUS_STORAGE_KEY = 'status';
