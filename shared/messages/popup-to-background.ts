/** Requests from extension pages (popup, options, viewer) to the service worker. */
export type PopupToBackgroundMessage =
  { type: 'new-session'; tabId: number } | { type: 'get-status' };

export interface RecorderStatus {
  /** Messages refused because they were malformed, oversized or claimed another tab. */
  rejectedMessages: number;
  /** Writes that failed after retries; the batch stayed in the page's outbox to be resent. */
  failedWrites: number;
  lastError: { at: number; message: string } | null;
}

export const EMPTY_STATUS: RecorderStatus = {
  rejectedMessages: 0,
  failedWrites: 0,
  lastError: null,
};

export const STATUS_STORAGE_KEY = 'status';
