import type { Page } from 'playwright-core';
import type { SessionRow } from '../../../shared/db/schema';

/**
 * Replaces every stored session with `rows` (and gives `withEvents` a chunk and an analysis each),
 * through the raw IndexedDB API from an extension page: no app code involved. Dexie's live queries
 * do not see raw writes: reload the viewer afterwards.
 */
export async function seedSessions(
  page: Page,
  rows: readonly SessionRow[],
  withEvents: readonly string[] = [],
): Promise<void> {
  // esbuild-based runners wrap named functions in __name().
  await page.evaluate('globalThis.__name ??= (f) => f');
  await page.evaluate(
    async ({ rows, withEvents }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('tabreel');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(['sessions', 'chunks', 'analyses'], 'readwrite');
      const sessions = tx.objectStore('sessions');
      const chunks = tx.objectStore('chunks');
      const analyses = tx.objectStore('analyses');
      sessions.clear();
      chunks.clear();
      analyses.clear();
      for (const row of rows) sessions.put(row);
      for (const id of withEvents) {
        chunks.put({
          id: `${id}-stream:0`,
          sessionId: id,
          streamId: `${id}-stream`,
          fromSeq: 0,
          toSeq: 0,
          firstTs: 0,
          lastTs: 0,
          count: 1,
          rawBytes: 2,
          data: new Uint8Array([3, 0]), // deflate-raw of nothing
        });
        analyses.put({ sessionId: id, eventCount: 1, analysis: {} });
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { rows: rows as SessionRow[], withEvents: [...withEvents] },
  );
}

/** How many sessions, chunks and analyses belong to `ids` (raw IndexedDB). */
export async function countStored(
  page: Page,
  ids: readonly string[],
): Promise<{ sessions: number; chunks: number; analyses: number }> {
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(
    async (ids) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('tabreel');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(['sessions', 'chunks', 'analyses']);
      const count = (source: IDBObjectStore | IDBIndex, key: string) =>
        new Promise<number>((resolve, reject) => {
          const request = source.count(key);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const sum = async (source: IDBObjectStore | IDBIndex) =>
        (await Promise.all(ids.map((id) => count(source, id)))).reduce((a, b) => a + b, 0);
      const result = {
        sessions: await sum(tx.objectStore('sessions')),
        chunks: await sum(tx.objectStore('chunks').index('sessionId')),
        analyses: await sum(tx.objectStore('analyses')),
      };
      db.close();
      return result;
    },
    [...ids],
  );
}
