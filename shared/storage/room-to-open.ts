import { MIN_FREE_BYTES } from './storage-guard';

/** What `navigator.storage.estimate()` answered; null when the browser could not tell. */
export interface SpaceEstimate {
  quota?: number | undefined;
  usage?: number | undefined;
}

/** The bytes the origin can still store by the browser's estimate; null when it cannot tell. */
export function spaceLeftOf(estimate: SpaceEstimate | null): number | null {
  if (!estimate || estimate.quota === undefined || estimate.usage === undefined) return null;
  return estimate.quota - estimate.usage;
}

/**
 * Whether a page may open the database: at least MIN_FREE_BYTES free, or the browser cannot tell.
 * Opening it on a disk all but full can delete it (storage-guard.ts), so a page then never opens it.
 */
export function roomToOpen(estimate: SpaceEstimate | null): boolean {
  const left = spaceLeftOf(estimate);
  return left === null || left >= MIN_FREE_BYTES;
}
