import type Dexie from 'dexie';

/** Whether the database may be used now, and if not, why (the caller keeps its work). */
export type DatabaseAccess = { open: true } | { open: false; noRoom: boolean; why: string };

export interface DatabaseGateOptions {
  /** Constructed with `autoOpen: false`: the gate is the only thing that opens it. */
  db: Dexie;
  /**
   * Whether the disk has room to open the database (the storage guard's fresh reading of the
   * browser's estimate): asked before every open, never while it is open.
   */
  roomToOpen: () => Promise<boolean>;
  /**
   * Work that waited for the database to open (a browser start met on a full disk), run after
   * each open before any caller goes on. Its failure is reported and does not close the database.
   */
  afterOpen?: () => Promise<void>;
}

export interface DatabaseGate {
  /**
   * Opens the database if it is closed (never opened in this life, closed under it, or its last
   * open failed), only when the disk has room. Open already: answers at once, with no reading of
   * the disk. Callers at once share one reading and one open.
   */
  ready(): Promise<DatabaseAccess>;
}

export const NO_ROOM_TO_OPEN =
  'The disk is all but full, and Tabreel does not open its recordings before space is freed (opening them there can lose them).';

/**
 * The one way into the database: Chromium deleted the whole database when it was opened on a disk
 * all but full after a write had closed it (tests/e2e/stop-disk-full.e2e.ts), so nothing opens it
 * without asking the disk first, a fresh service worker included (its jobs, badge and handlers all
 * start at once).
 */
export function createDatabaseGate({
  db,
  roomToOpen,
  afterOpen,
}: DatabaseGateOptions): DatabaseGate {
  let opening: Promise<DatabaseAccess> | null = null;
  const open = async (): Promise<DatabaseAccess> => {
    if (!(await roomToOpen())) return { open: false, noRoom: true, why: NO_ROOM_TO_OPEN };
    try {
      await db.open();
    } catch (error) {
      // Tried again at the next caller: Dexie refuses every call after a failed open.
      return { open: false, noRoom: false, why: `The recordings could not be opened: ${error}` };
    }
    await afterOpen?.().catch((error: unknown) =>
      console.warn('Tabreel: the work waiting for the database failed', error),
    );
    return { open: true };
  };
  return {
    ready: () => {
      if (opening) return opening;
      if (db.isOpen()) return Promise.resolve({ open: true });
      opening = open().finally(() => {
        opening = null;
      });
      return opening;
    },
  };
}
