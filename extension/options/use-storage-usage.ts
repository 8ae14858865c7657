import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import browser, { type Storage } from 'webextension-polyfill';
import {
  EMPTY_STATUS,
  STATUS_STORAGE_KEY,
  type RecorderStatus,
} from '../../shared/messages/popup-to-background';
import type { PageDatabase } from '../../viewer/sources/open-page-database';
import { watchOnceOpen } from '../../viewer/sources/watch-once-open';

export interface StorageUsage {
  sessions: number;
  pinned: number;
  /** Open sessions (still recording): never evicted. */
  recording: number;
  /** What the sessions store, together, captured assets included (the figure the budget counts). */
  storedBytes: number;
  /** Of which captured stylesheets, fonts and images, each counted once however many sessions use it. */
  assetBytes: number;
  /** The browser's view of this extension's storage: everything, indexes included. */
  estimate: { usage: number; quota: number } | null;
}

/** What the recordings take, live: Dexie sees the service worker's writes and evictions. */
export function useStorageUsage({ db, ready }: PageDatabase): StorageUsage | null {
  const [usage, setUsage] = useState<StorageUsage | null>(null);
  useEffect(() => {
    let alive = true;
    // Nothing is read before the database is opened, nor ever on a disk too full to open it.
    const stop = watchOnceOpen(ready, () =>
      liveQuery(async () => {
        let sessions = 0;
        let pinned = 0;
        let recording = 0;
        let storedBytes = 0;
        await db.sessions.each((row) => {
          sessions += 1;
          if (row.pinned === 1) pinned += 1;
          if (row.endedAt === null) recording += 1;
          storedBytes += row.storedBytes;
        });
        const assetSizes = new Map<string, number>();
        await db.assetRefs
          .where('status')
          .equals('stored')
          .each((ref) => {
            if (ref.hash) assetSizes.set(ref.hash, ref.size);
          });
        let assetBytes = 0;
        for (const size of assetSizes.values()) assetBytes += size;
        return { sessions, pinned, recording, storedBytes: storedBytes + assetBytes, assetBytes };
      }).subscribe({
        next: (counts) => {
          void estimate().then((found) => {
            if (alive) setUsage({ ...counts, estimate: found });
          });
        },
        error: (error: unknown) => console.warn('Tabreel: cannot read storage use', error),
      }),
    );
    return () => {
      alive = false;
      stop();
    };
  }, [db, ready]);
  return usage;
}

async function estimate(): Promise<StorageUsage['estimate']> {
  try {
    const { usage, quota } = await navigator.storage.estimate();
    return usage === undefined || quota === undefined ? null : { usage, quota };
  } catch {
    return null;
  }
}

/** The recorder's status (disk full, last eviction), live from chrome.storage. */
export function useRecorderStatus(): RecorderStatus {
  const [status, setStatus] = useState<RecorderStatus>(EMPTY_STATUS);
  useEffect(() => {
    const apply = (value: unknown) =>
      setStatus({ ...EMPTY_STATUS, ...(value as Partial<RecorderStatus> | undefined) });
    void browser.storage.local.get(STATUS_STORAGE_KEY).then((stored) => {
      apply(stored[STATUS_STORAGE_KEY]);
    });
    const listener = (changes: Record<string, Storage.StorageChange>, area: string) => {
      if (area === 'local' && STATUS_STORAGE_KEY in changes)
        apply(changes[STATUS_STORAGE_KEY]?.newValue);
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  return status;
}
