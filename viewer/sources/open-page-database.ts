import { openTabreelDb, type TabreelDb } from '../../shared/db/schema';
import { roomToOpen, type SpaceEstimate } from '../../shared/storage/room-to-open';

/** An extension page's connection to the database (popup, options, viewer). */
export interface PageDatabase {
  /** Never opens by itself: a query before `ready` is true fails rather than open it. */
  db: TabreelDb;
  /**
   * True once the open has started (queries then wait for it; an open that fails fails them);
   * false when the disk has too little room (roomToOpen), and the database stays closed.
   */
  ready: Promise<boolean>;
}

/**
 * Opens the database only with room on the disk: Dexie would open it at the first query, and
 * reopen it after Chromium closed it on a full disk, where a reopen deleted every session.
 */
export function openPageDatabase(): PageDatabase {
  const db = openTabreelDb({ autoOpen: false });
  const ready = readEstimate().then((estimate) => {
    performance.mark('tabreel:db-estimated'); // for npm run bench (P1), as the open below
    if (!roomToOpen(estimate)) return false;
    // Not awaited: the first query waits for the open, and reports its failure.
    void db
      .open()
      .then(() => performance.mark('tabreel:db-opened'))
      .catch(() => {});
    return true;
  });
  return { db, ready };
}

async function readEstimate(): Promise<SpaceEstimate | null> {
  try {
    return (await navigator.storage?.estimate()) ?? null;
  } catch {
    return null;
  }
}
