import type { CommitSnapshot } from '../storage/commit-batch';

/** Tabs remembered at most: each entry is three small rows; past this the oldest is forgotten. */
export const MAX_COMMIT_SNAPSHOTS = 1000;

/**
 * Per tab, the rows its last commit in this worker wrote (commit-batch.ts `known`), so the tab's
 * next batch can issue its writes without waiting for reads first. Memory only and only a hint:
 * lost with the worker (the next batch reads), and every commit that uses one checks it against
 * the stored rows in its own transaction.
 */
export interface CommitSnapshots {
  get(tabId: number): CommitSnapshot | undefined;
  set(tabId: number, snapshot: CommitSnapshot): void;
  /** After anything but a commit that returned a snapshot: the tab's next batch reads. */
  forget(tabId: number): void;
}

export function createCommitSnapshots(limit = MAX_COMMIT_SNAPSHOTS): CommitSnapshots {
  const byTab = new Map<number, CommitSnapshot>();
  return {
    get: (tabId) => byTab.get(tabId),
    set(tabId, snapshot) {
      byTab.delete(tabId); // re-inserted last: the map's order is the order of use
      byTab.set(tabId, snapshot);
      if (byTab.size > limit) byTab.delete(byTab.keys().next().value!);
    },
    forget: (tabId) => void byTab.delete(tabId),
  };
}
