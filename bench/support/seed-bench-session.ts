import { deflateRawSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type { ChunkRow, SessionRow } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';

/** What the recorder's compaction aims at: chunks of about this many events. */
export const EVENTS_PER_CHUNK = 1000;
/** Chunks per page.evaluate: keeps each call's argument to a few MB. */
const CHUNKS_PER_CALL = 25;

type EncodedChunk = Omit<ChunkRow, 'data'> & { base64: string };

/**
 * Writes an ended session straight into the extension's IndexedDB from one of its pages, as
 * tests/e2e/support/seed-session.ts does (raw IndexedDB, the stored format: deflate-raw JSON chunks),
 * but deflated here in Node and sent as base64 strings: 200k events as objects would take
 * Playwright's serializer longer than the benchmark itself. No analysis row is written, so the
 * viewer analyzes the session when it opens it (the case of a session not analyzed yet).
 */
export async function seedBenchSession(
  page: Page,
  id: string,
  title: string,
  events: readonly TimedEvent[],
): Promise<{ storedBytes: number; rawBytes: number; chunks: number }> {
  await page.evaluate('globalThis.__name ??= (f) => f');
  const streamId = `${id}-stream`;
  const chunks: EncodedChunk[] = [];
  let storedBytes = 0;
  let rawBytes = 0;
  for (let from = 0; from < events.length; from += EVENTS_PER_CHUNK) {
    const slice = events.slice(from, from + EVENTS_PER_CHUNK);
    const json = Buffer.from(JSON.stringify(slice));
    const data = deflateRawSync(json, { level: 6 });
    storedBytes += data.byteLength;
    rawBytes += json.byteLength;
    chunks.push({
      id: `${streamId}:${from}`,
      sessionId: id,
      streamId,
      fromSeq: from,
      toSeq: from + slice.length - 1,
      firstTs: slice[0]!.timestamp,
      lastTs: slice.at(-1)!.timestamp,
      count: slice.length,
      rawBytes: json.byteLength,
      base64: data.toString('base64'),
    });
  }
  const startedAt = events[0]!.timestamp;
  const endedAt = events.at(-1)!.timestamp;
  const row: SessionRow = {
    id,
    tabId: 999,
    incognito: false,
    startedAt,
    startReason: 'navigation',
    endedAt,
    endReason: 'tab-closed',
    lastEventAt: endedAt,
    firstUrl: 'https://support.example.test/tickets',
    host: 'support.example.test',
    title,
    pageCount: 5,
    eventCount: events.length,
    storedBytes,
    rawBytes,
    campaign: null,
    privacy: { level: 'mask-inputs' },
    // Pinned: the storage budget's eviction never takes it in the middle of a run.
    pinned: 1,
    analysisPending: 0,
    summary: null,
    health: null,
  };
  for (let i = 0; i < chunks.length || i === 0; i += CHUNKS_PER_CALL) {
    await page.evaluate(
      async ({ row, chunks }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('tabreel');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction(['sessions', 'chunks'], 'readwrite');
          if (row) tx.objectStore('sessions').put(row);
          for (const { base64, ...chunk } of chunks) {
            const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
            tx.objectStore('chunks').put({ ...chunk, data });
          }
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      // The row last: the session appears once all its chunks are in.
      {
        row: i + CHUNKS_PER_CALL >= chunks.length ? row : null,
        chunks: chunks.slice(i, i + CHUNKS_PER_CALL),
      },
    );
  }
  return { storedBytes, rawBytes, chunks: chunks.length };
}
