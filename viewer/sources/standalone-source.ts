import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openTabreelDb, type TabreelDb } from '../../shared/db/schema';
import type { ImportFileResult } from '../../shared/storage/import-file';
import { createExtensionSource } from './extension-source';
import { importSessionFile } from './session-files';
import type { SessionSource } from './session-source';

/** Where the standalone viewer keeps the sessions it opened. */
export type StandaloneStorage = 'page' | 'memory';

export interface StandaloneSource extends SessionSource {
  readonly storage: StandaloneStorage;
  /** Imports a file, or opens the sessions an earlier import of the very same file stored. */
  openFile(file: File): Promise<ImportFileResult>;
}

/**
 * Sessions from bundle files, kept in an IndexedDB database through the extension's own Dexie
 * schema, so importing, the list's queries and exporting are the extension viewer's code, unchanged:
 * - `page`: the page's own origin's IndexedDB. A person who drops files on a served viewer finds
 *   them again next time, as in the extension.
 * - `memory`: an in-memory IndexedDB (fake-indexeddb). The HTML export opens its one embedded
 *   bundle this way: a file opened from disk leaves nothing behind in the browser.
 */
export async function createStandaloneSource(
  storage: StandaloneStorage,
  /** This page's own file as served: the HTML export's template; null where it cannot be read. */
  ownHtml: (() => Promise<string>) | null,
): Promise<StandaloneSource> {
  let db: TabreelDb;
  let used = storage;
  if (storage === 'page') {
    try {
      db = openTabreelDb();
      await db.open();
    } catch {
      // No IndexedDB for this page (a private window, storage blocked): still a viewer, in memory.
      db = memoryDb();
      used = 'memory';
    }
  } else db = memoryDb();
  const source = createExtensionSource(db, ownHtml);
  return {
    ...source,
    kind: 'bundle',
    storage: used,
    openFile: (file) => importSessionFile(db, file, true),
  };
}

function memoryDb(): TabreelDb {
  return openTabreelDb({ indexedDB: new IDBFactory(), IDBKeyRange });
}
