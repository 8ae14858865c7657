const QUOTA_EXCEEDED = 'QuotaExceededError';

/**
 * Whether a failed write failed because the disk (or the origin's quota) is full. Dexie reports it
 * as its own `QuotaExceededError`, or, when IndexedDB aborts the transaction at commit, as an
 * `AbortError` whose `inner` error is the browser's `QuotaExceededError`; a bulk write's
 * `BulkError` lists it among its `failures`.
 */
export function isQuotaExceeded(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { name, inner, cause, failures } = error as {
    name?: unknown;
    inner?: unknown;
    cause?: unknown;
    failures?: unknown;
  };
  if (name === QUOTA_EXCEEDED) return true;
  if (isQuotaExceeded(inner, depth + 1) || isQuotaExceeded(cause, depth + 1)) return true;
  const list = Array.isArray(failures)
    ? failures
    : failures && typeof failures === 'object'
      ? Object.values(failures)
      : [];
  return list.some((failure) => isQuotaExceeded(failure, depth + 1));
}
