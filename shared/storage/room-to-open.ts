import { MIN_FREE_BYTES } from './storage-guard';

/** What `navigator.storage.estimate()` answered; null when the browser could not tell. */
export interface SpaceEstimate {
  quota?: number | undefined;
  usage?: number | undefined;
}

/**
 * Whether a page may open the database: at least MIN_FREE_BYTES free, or the browser cannot tell.
 * Opening it on a disk all but full can delete it (storage-guard.ts), so a page then never opens it.
 */
export function roomToOpen(estimate: SpaceEstimate | null): boolean {
  if (!estimate || estimate.quota === undefined || estimate.usage === undefined) return true;
  return estimate.quota - estimate.usage >= MIN_FREE_BYTES;
}
