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

/**
 * How many chunks still wait raw for the service worker's background deflate (schema v5's
 * `encoding` index), read from one of its pages. Stored sizes are final once this is 0.
 */
export async function countRawChunks(extensionPage: Page): Promise<number> {
  return extensionPage.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('tabreel');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      return await new Promise<number>((resolve, reject) => {
        const request = db
          .transaction('chunks')
          .objectStore('chunks')
          .index('encoding')
          .count(IDBKeyRange.only('raw'));
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  });
}

/**
 * Waits (at most `timeoutMs`) until no chunk waits raw: the sizes a bench reports are the ones
 * kept, not the write path's interim raw ones. Returns the ms it took.
 */
export async function waitForDeflatedChunks(extensionPage: Page, timeoutMs = 60_000) {
  const start = Date.now();
  while ((await countRawChunks(extensionPage)) > 0) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`Chunks still raw ${timeoutMs} ms after the tabs closed.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return Date.now() - start;
}

/** Deletes every imported session (row, chunks, analysis) with raw IndexedDB: a bench round's leftovers. */
export async function deleteImportedSessions(extensionPage: Page): Promise<number> {
  return extensionPage.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('tabreel');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      return await new Promise<number>((resolve, reject) => {
        const tx = db.transaction(['sessions', 'chunks', 'analyses'], 'readwrite');
        let deleted = 0;
        const request = tx.objectStore('sessions').openCursor();
        request.onsuccess = () => {
          const cursor = request.result;
          if (!cursor) return;
          const row = cursor.value as { id: string; imported?: unknown };
          if (row.imported) {
            deleted += 1;
            cursor.delete();
            tx.objectStore('analyses').delete(row.id);
            tx
              .objectStore('chunks')
              .index('sessionId')
              .openKeyCursor(IDBKeyRange.only(row.id)).onsuccess = (event) => {
              const keys = (event.target as IDBRequest<IDBCursor | null>).result;
              if (!keys) return;
              tx.objectStore('chunks').delete(keys.primaryKey);
              keys.continue();
            };
          }
          cursor.continue();
        };
        tx.oncomplete = () => resolve(deleted);
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  });
}

/**
 * One session's chunks as JSON text, in its order (the `[sessionId+firstTs]` index, then sequence),
 * inflated in the extension's page by the platform's zlib: what a reader of the session gets.
 */
export async function readSessionChunkJson(
  extensionPage: Page,
  sessionId: string,
): Promise<string[]> {
  return extensionPage.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('tabreel');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const rows = await new Promise<
        { data: Uint8Array | string; encoding?: string; firstTs: number; fromSeq: number }[]
      >((resolve, reject) => {
        const request = db
          .transaction('chunks')
          .objectStore('chunks')
          .index('[sessionId+firstTs]')
          .getAll(IDBKeyRange.bound([id, -Infinity], [id, Infinity]));
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      rows.sort((a, b) => a.firstTs - b.firstTs || a.fromSeq - b.fromSeq);
      return Promise.all(
        rows.map(async ({ data, encoding }) => {
          if (typeof data === 'string') return data;
          if (encoding === 'raw') return new TextDecoder().decode(data);
          const stream = new Response(data as Uint8Array<ArrayBuffer>).body!.pipeThrough(
            new DecompressionStream('deflate-raw'),
          );
          return new Response(stream).text();
        }),
      );
    } finally {
      db.close();
    }
  }, sessionId);
}
