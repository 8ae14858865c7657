import { EventType } from '@rrweb/types';
import type { Page } from 'playwright-core';
import type { SessionRow } from '../../../shared/db/schema';
import type { TimedEvent } from '../../../shared/events/tabreel-events';

/**
 * A page load as rrweb records it: its meta (http://seeded.test/, 800×600) at `at` and a full
 * snapshot a millisecond later of a document whose `<html>` (node 2) holds `body` (node 3 by
 * convention; its ids must not be 1 or 2).
 */
export function seededPageLoad(at: number, body: object): TimedEvent[] {
  return [
    {
      type: EventType.Meta,
      timestamp: at,
      data: { href: 'http://seeded.test/', width: 800, height: 600 },
    },
    {
      type: EventType.FullSnapshot,
      timestamp: at + 1,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [{ type: 2, id: 2, tagName: 'html', attributes: {}, childNodes: [body] }],
        },
        initialOffset: { left: 0, top: 0 },
      },
    },
  ];
}

export interface SeededChunk {
  events: TimedEvent[];
  /** Store bytes that do not inflate: a corrupt chunk. */
  corrupt?: boolean;
  /** Store a chunk that inflates to an array-looking text that is not JSON. */
  invalidJson?: boolean;
  /** Its first sequence number (default: 1000 × its index): overlapping ranges, chunks stored twice. */
  fromSeq?: number;
}

/**
 * Writes a session straight into the extension's IndexedDB from one of its pages (raw API, the
 * stored format: deflate-raw JSON chunks), as a bundle import or an old recording would leave it.
 * For sessions no real page could produce: hostile markup, corrupt chunks, no events.
 */
export async function seedSession(
  page: Page,
  row: Partial<SessionRow> & { id: string; startedAt: number },
  chunks: SeededChunk[],
): Promise<void> {
  await page.evaluate('globalThis.__name ??= (f) => f');
  const full: SessionRow = {
    tabId: 999,
    incognito: false,
    startReason: 'navigation',
    endedAt: row.startedAt + 10_000,
    endReason: 'tab-closed',
    lastEventAt: row.startedAt + 10_000,
    firstUrl: 'http://seeded.test/',
    host: 'seeded.test',
    title: 'Seeded session',
    pageCount: 1,
    eventCount: chunks.reduce((n, c) => n + c.events.length, 0),
    storedBytes: 0,
    rawBytes: 0,
    campaign: null,
    privacy: { level: 'mask-inputs' },
    pinned: 0,
    analysisPending: 0,
    summary: null,
    health: null,
    ...row,
  };
  await page.evaluate(
    async ({ row, chunks }) => {
      const deflate = async (text: string) =>
        new Uint8Array(
          await new Response(
            new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw')),
          ).arrayBuffer(),
        );
      const rows = await Promise.all(
        chunks.map(async (chunk, i) => {
          const json = chunk.invalidJson
            ? `[${JSON.stringify(chunk.events).slice(1, -1)},{oops]`
            : JSON.stringify(chunk.events);
          return {
            id: `${row.id}-stream:${i}`,
            sessionId: row.id,
            streamId: `${row.id}-stream`,
            fromSeq: chunk.fromSeq ?? i * 1000,
            toSeq: (chunk.fromSeq ?? i * 1000) + chunk.events.length - 1,
            firstTs: chunk.events[0]?.timestamp ?? row.startedAt,
            lastTs: chunk.events.at(-1)?.timestamp ?? row.startedAt,
            count: chunk.events.length,
            rawBytes: json.length,
            data: chunk.corrupt ? new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) : await deflate(json),
          };
        }),
      );
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('tabreel');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['sessions', 'chunks'], 'readwrite');
        tx.objectStore('sessions').put(row);
        for (const chunk of rows) tx.objectStore('chunks').put(chunk);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { row: full, chunks },
  );
}
