import type { Page } from 'playwright-core';
import type { SessionRow } from '../../shared/db/schema';

/** Every session row in the extension's database, read from one of its pages (raw IndexedDB). */
export async function readSessionRows(extensionPage: Page): Promise<SessionRow[]> {
  return extensionPage.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('tabreel');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      return await new Promise<SessionRow[]>((resolve, reject) => {
        const request = db.transaction('sessions').objectStore('sessions').getAll();
        request.onsuccess = () => resolve(request.result as SessionRow[]);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  });
}
