import { EventType, IncrementalSource } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { useRecordingBrowser } from './support/recording-browser';
import { seedSession } from './support/seed-session';
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
  return [
    {
      type: EventType.Meta,
      timestamp: t,
      data: { href: 'http://seeded.test/', width: 800, height: 600 },
    },
    {
      type: EventType.FullSnapshot,
      timestamp: t + 1,
      data: {
        node: { type: 0, id: 1, childNodes: [element(2, 'html', [body])] },
        initialOffset: { left: 0, top: 0 },
      },
    },
  ] as TimedEvent[];
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
});
