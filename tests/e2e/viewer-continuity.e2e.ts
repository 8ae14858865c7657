import { EventType, IncrementalSource } from '@rrweb/types';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { useRecordingBrowser } from './support/recording-browser';
import { seedSession, seededPageLoad } from './support/seed-session';
import { waitFor } from './support/stored-sessions';
import { openViewer, playUntilText, readReplayedPage } from './support/viewer-page';

const env = useRecordingBrowser();
const SHOTS = '/tmp/shots-continuity';

/** A page with an empty list (#list, node 4) and a line (#end, its text node 6), at `t`. */
function page(t: number): TimedEvent[] {
  const element = (id: number, tagName: string, childNodes: unknown[], attributes = {}) => ({
    type: 2,
    id,
    tagName,
    attributes,
    childNodes,
  });
  const body = element(3, 'body', [
    element(4, 'ul', [], { id: 'list' }),
    element(5, 'p', [{ type: 3, id: 6, textContent: 'playing' }], { id: 'end' }),
  ]);
  return [...seededPageLoad(t, body)] as TimedEvent[];
}

/** A mutation at `timestamp`: an item reading `text` added to the list (node ids from `id`). */
const addItem = (timestamp: number, id: number, text: string) =>
  ({
    type: EventType.IncrementalSnapshot,
    timestamp,
    data: {
      source: IncrementalSource.Mutation,
      texts: [],
      attributes: [],
      removes: [],
      adds: [
        {
          parentId: 4,
          nextId: null,
          node: { type: 2, id, tagName: 'li', attributes: {}, childNodes: [] },
        },
        { parentId: id, nextId: null, node: { type: 3, id: id + 1, textContent: text } },
      ],
    },
  }) as TimedEvent;

const setEnd = (timestamp: number, text: string) =>
  ({
    type: EventType.IncrementalSnapshot,
    timestamp,
    data: {
      source: IncrementalSource.Mutation,
      texts: [{ id: 6, value: text }],
      attributes: [],
      removes: [],
      adds: [],
    },
  }) as TimedEvent;

const items = (doc: Document) => [...doc.querySelectorAll('#list li')].map((li) => li.textContent);

/**
 * From an extension page, raw IndexedDB: holds a readwrite transaction on `chunks` open (a request
 * after each answer) until `window.__release()`, so every later transaction on it queues behind.
 */
async function holdChunks(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (f) => f');
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('tabreel');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const state = window as unknown as { __db: IDBDatabase; __release: () => void };
    state.__db = db;
    let held = true;
    state.__release = () => (held = false);
    const store = db.transaction('chunks', 'readwrite').objectStore('chunks');
    const again = () => {
      if (held) store.count().onsuccess = again;
    };
    again();
  });
}

/**
 * From the same page, queued behind the hold: merges session `id`'s chunks into its first one, as
 * the service worker's compaction does (compact-chunks.ts: the first chunk's id, range start and
 * first timestamp; their JSON arrays joined, here `events`; stored raw; the others deleted).
 */
async function queueCompaction(page: Page, id: string, events: TimedEvent[]): Promise<void> {
  await page.evaluate(
    ({ id, json }) => {
      const { __db: db } = window as unknown as { __db: IDBDatabase };
      const store = db.transaction('chunks', 'readwrite').objectStore('chunks');
      const request = store.index('sessionId').getAll(id);
      request.onsuccess = () => {
        type Row = { id: string; fromSeq: number; toSeq: number; count: number };
        const rows = (request.result as Row[]).sort((a, b) => a.fromSeq - b.fromSeq);
        const data = new TextEncoder().encode(json);
        for (const row of rows.slice(1)) store.delete(row.id);
        store.put({
          ...rows[0]!,
          toSeq: rows.at(-1)!.toSeq,
          count: rows.reduce((sum, row) => sum + row.count, 0),
          rawBytes: data.byteLength,
          data,
          encoding: 'raw',
        });
      };
    },
    { id, json: JSON.stringify(events) },
  );
}

describe('viewer: a session whose stored chunks overlap', () => {
  it('replays every event once, says which chunk it left out, and reads again on request', async () => {
    const extensionPage = await env.browser.extensionPage();
    const t0 = Date.now() - 120_000;
    const first = [...page(t0), addItem(t0 + 1000, 10, 'one')]; // seq 0–2
    // Stored twice over seq 2 (the item "one" again), with one event of its own.
    const twice = [addItem(t0 + 1000, 10, 'one'), addItem(t0 + 2000, 20, 'two')]; // seq 2–3
    const later = [addItem(t0 + 3000, 30, 'three'), setEnd(t0 + 3500, 'done')]; // seq 4–5
    await seedSession(
      extensionPage,
      { id: 'overlap', startedAt: t0, title: 'Stored twice', eventCount: 6 },
      [
        { events: first, fromSeq: 0 },
        { events: twice, fromSeq: 2 },
        { events: later, fromSeq: 4 },
      ],
    );
    await extensionPage.close();

    const viewer = await openViewer(env.browser, '#/session/overlap');
    const banner = viewer.getByRole('alert').filter({ hasText: 'overlaps events the replay' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain(
      '1 stored chunk of this session overlaps events the replay already holds (stored twice, or changed while the session was read): left out rather than shown twice, so up to 2 events may be missing.',
    );
    // Played to its end: the first chunk's item and the last chunk's, each once.
    await playUntilText(viewer, '#end', 'done');
    expect(await readReplayedPage(viewer, items)).toEqual(['one', 'three']);
    await viewer.screenshot({ path: `${SHOTS}/overlap-banner.png` });

    // The stored data is what it is: reading it again says so again, and replays the same.
    await banner.getByRole('button', { name: 'Read it again' }).click();
    await banner.waitFor();
    await playUntilText(viewer, '#end', 'done');
    expect(await readReplayedPage(viewer, items)).toEqual(['one', 'three']);
    await viewer.close();
  });

  it('replays every event once when the session is compacted between its two reads', async () => {
    const seeder = await env.browser.extensionPage();
    const t0 = Date.now() - 120_000;
    const chunks = [
      page(t0), // the first part: the first chunk starts the session
      [addItem(t0 + 1000, 10, 'one')],
      [addItem(t0 + 2000, 20, 'two'), setEnd(t0 + 2500, 'done')],
    ];
    await seedSession(
      seeder,
      { id: 'compacted', startedAt: t0, title: 'Compacted meanwhile' },
      chunks.map((events, i) => ({ events, fromSeq: i === 0 ? 0 : i + 1 })),
    );
    const holder = await env.browser.context.newPage();
    await holder.goto(`chrome-extension://${env.browser.extensionId}/viewer/index.html`);
    await holdChunks(holder);

    const viewer = await openViewer(env.browser, '#/session/compacted');
    // The viewer asks for its first chunks as it asks for the row: once the row is read, that
    // request waits behind the hold, so a merge queued now lands after it and before the rest.
    await waitFor(
      async () =>
        (await viewer.evaluate("performance.getEntriesByName('tabreel:row-read').length > 0")) ||
        undefined,
      'the viewer to read the session row',
    );
    await queueCompaction(holder, 'compacted', chunks.flat());
    await holder.evaluate('window.__release()');
    await waitFor(
      async () =>
        (await holder.evaluate(`new Promise((resolve) => {
          const request = window.__db.transaction('chunks').objectStore('chunks').index('sessionId').count('compacted');
          request.onsuccess = () => resolve(request.result === 1 || undefined);
        })`)) as true | undefined,
      'the chunks to be merged',
    );

    await playUntilText(viewer, '#end', 'done');
    expect(await readReplayedPage(viewer, items)).toEqual(['one', 'two']);
    expect(await viewer.getByRole('alert').count()).toBe(0);
    await viewer.screenshot({ path: `${SHOTS}/compacted-between-reads.png` });
    await viewer.close();
    await holder.close();
  });
});
