// Seeking by clicking the timeline, forward and back across a second full snapshot (a page load in
// the middle of the session): the replayed DOM must be the page at that moment, whatever the seek
// came from (the replay frame applies a seek's events with less of rrweb's overhead, P2).
import { EventType, IncrementalSource } from '@rrweb/types';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { useRecordingBrowser } from './support/recording-browser';
import { seedSession, type SeededChunk, seededPageLoad } from './support/seed-session';
import { waitFor } from './support/stored-sessions';
import { readReplayedPage, replaySeconds } from './support/viewer-page';

const env = useRecordingBrowser();
const SHOTS = '/tmp/shots-frame';
const LENGTH_MS = 60_000;
/** The second page loads (Meta + full snapshot) at 30 s: decades 3–5 are on it. */
const SECOND_PAGE_AT_MS = 30_000;
/** Mouse moves per second: enough events that a seek applies thousands at once. */
const MOVES_PER_SECOND = 40;

// Node ids, the same on both pages (a new snapshot rebuilds them).
const TITLE = 4;
const DECADE_TEXT = 7;
const COUNTER_TEXT = 9;
const LIST = 10;
const STYLE = 11;
const item = (k: number) => 100 + k;

const text = (id: number, textContent: string) => ({ type: 3, id, textContent });
const element = (id: number, tagName: string, attributes: object, childNodes: object[] = []) => ({
  type: 2,
  id,
  tagName,
  attributes,
  childNodes,
});
const li = (k: number) => element(item(k), 'li', {}, [text(200 + k, `item ${k}`)]);

/** A page load: Meta, then the page with its title, decade `k`, the counter and `items`. */
function pageLoad(at: number, title: string, k: number, items: number[]): TimedEvent[] {
  const body = element(3, 'body', {}, [
    element(TITLE, 'h1', { class: `k${k}` }, [text(5, title)]),
    element(6, 'p', { id: 'decade' }, [text(DECADE_TEXT, `d${k}`)]),
    element(8, 'p', { id: 'n' }, [text(COUNTER_TEXT, String(Math.floor(at / 1000)))]),
    element(LIST, 'ul', { id: 'list' }, items.map(li)),
    element(STYLE, 'style', {}, [text(12, '')]),
  ]);
  return [...seededPageLoad(at, body)] as TimedEvent[];
}

const mutation = (timestamp: number, data: object) =>
  ({
    type: EventType.IncrementalSnapshot,
    timestamp,
    data: {
      source: IncrementalSource.Mutation,
      texts: [],
      attributes: [],
      removes: [],
      adds: [],
      ...data,
    },
  }) as TimedEvent;

/**
 * Each decade k (at k·10 s + 0.5 s) sets the decade text and the title's class, adds `item k` and
 * removes `item k-2`; a counter ticks every second; mouse moves in between. At 30 s a second page
 * loads with `item 3` in its list.
 */
function twoPageSession(t0: number): SeededChunk[] {
  const events: TimedEvent[] = [...pageLoad(t0, 'first page', 0, [])];
  for (let ms = 0; ms <= LENGTH_MS; ms += 1000) {
    if (ms === SECOND_PAGE_AT_MS) events.push(...pageLoad(t0 + ms, 'second page', 3, [3]));
    if (ms > 0)
      events.push(
        mutation(t0 + ms + 250, { texts: [{ id: COUNTER_TEXT, value: String(ms / 1000) }] }),
      );
    const k = ms / 10_000;
    if (Number.isInteger(k) && k !== 3 && ms < LENGTH_MS) {
      const onPage = k < 3 ? [0, 1, 2] : [3, 4, 5];
      events.push(
        mutation(t0 + ms + 500, {
          texts: [{ id: DECADE_TEXT, value: `d${k}` }],
          attributes: [{ id: TITLE, attributes: { class: `k${k}` } }],
          removes: onPage.includes(k - 2) ? [{ parentId: LIST, id: item(k - 2) }] : [],
          adds: [
            { parentId: LIST, nextId: null, node: element(item(k), 'li', {}, []) },
            { parentId: item(k), nextId: null, node: text(200 + k, `item ${k}`) },
          ],
        }),
        // Not idempotent: a rule inserted twice is there twice (an event applied twice shows).
        {
          type: EventType.IncrementalSnapshot,
          timestamp: t0 + ms + 600,
          data: {
            source: IncrementalSource.StyleSheetRule,
            id: STYLE,
            adds: [{ rule: `.k${k} { color: rgb(${k}, 0, 0); }` }],
          },
        } as TimedEvent,
      );
    }
    if (ms < LENGTH_MS)
      for (let m = 0; m < MOVES_PER_SECOND; m++)
        events.push({
          type: EventType.IncrementalSnapshot,
          timestamp: t0 + ms + 300 + m * 15,
          data: {
            source: IncrementalSource.MouseMove,
            positions: [{ x: m * 10, y: 20, id: 8, timeOffset: 0 }],
          },
        } as TimedEvent);
  }
  // Six chunks of ten seconds: the replay streams in as a recorded session does.
  const chunks: SeededChunk[] = [];
  for (let c = 0; c < 6; c++) {
    const from = t0 + c * 10_000;
    const to = c === 5 ? Infinity : from + 10_000;
    chunks.push({ events: events.filter((e) => e.timestamp >= from && e.timestamp < to) });
  }
  return chunks;
}

interface Shown {
  title: string | undefined;
  titleClass: string | null | undefined;
  decade: string | undefined;
  items: string[];
  counter: number;
  /** The rules inserted into the page's style sheet so far, newest first. */
  rules: string[];
}

const readShown = (doc: Document) => ({
  title: doc.querySelector('h1')?.textContent ?? undefined,
  titleClass: doc.querySelector('h1')?.getAttribute('class'),
  decade: doc.getElementById('decade')?.textContent ?? undefined,
  items: [...doc.querySelectorAll('#list li')].map((li) => li.textContent ?? ''),
  counter: Number(doc.getElementById('n')?.textContent),
  rules: [...(doc.querySelector('style')?.sheet?.cssRules ?? [])].map((rule) =>
    rule.cssText.replace(/ .*/, ''),
  ),
});

/** The page at a moment in decade k (past its change at k·10.5 s): what rrweb must show there. */
function expectedAt(k: number): Omit<Shown, 'counter'> {
  const first = k < 3;
  const page = first ? [0, 1, 2] : [3, 4, 5];
  const items = page.filter((j) => j <= k && j >= k - 1);
  // The second page loads with none: its decades 4 and 5 insert theirs.
  const rules = page.filter((j) => j <= k && j !== 3).reverse();
  return {
    title: first ? 'first page' : 'second page',
    titleClass: `k${k}`,
    decade: `d${k}`,
    items: items.map((j) => `item ${j}`),
    rules: rules.map((j) => `.k${j}`),
  };
}

describe('viewer: seeking', () => {
  it('shows the page at the moment clicked, forward and back across a second page load', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const t0 = Date.now() - 600_000;
    const seeder = await env.browser.extensionPage();
    await seedSession(
      seeder,
      {
        id: 'two-pages',
        startedAt: t0,
        endedAt: t0 + LENGTH_MS,
        lastEventAt: t0 + LENGTH_MS,
        title: 'Two page loads',
        pageCount: 2,
      },
      twoPageSession(t0),
    );
    await seeder.close();

    const viewer = await env.browser.context.newPage();
    await viewer.goto(
      `chrome-extension://${env.browser.extensionId}/viewer/index.html#/session/two-pages`,
    );
    await waitFor(
      async () =>
        (await readReplayedPage(viewer, readShown).catch(() => null))?.decade === undefined
          ? undefined
          : true,
      'the first frame',
    );
    expect(await readReplayedPage(viewer, readShown)).toMatchObject({
      title: 'first page',
      decade: 'd0',
      items: [],
    });
    const bar = viewer.locator('.timeline-bar');
    await bar.waitFor();
    await viewer.getByTestId('replay-streaming').waitFor({ state: 'detached' });
    const box = (await bar.boundingBox())!;

    // Seconds into the session, each in the middle of a decade: forward across the second page
    // load, back before it, forward again, back, just after it; forward on the second page (no
    // snapshot between: only what was not applied yet may be applied), back to the start and
    // forward on the first page.
    for (const second of [55, 15, 45, 25, 35, 45, 55, 5, 15, 25]) {
      await viewer.mouse.click(box.x + (box.width * second) / 60, box.y + box.height / 2);
      const k = Math.floor(second / 10);
      const expected = expectedAt(k);
      const shown = await waitFor(async () => {
        const now = await readReplayedPage(viewer, readShown);
        return now.decade === expected.decade && now.title === expected.title ? now : undefined;
      }, `the replay at ${second} s`);
      expect({ ...shown, counter: undefined }).toEqual({ ...expected, counter: undefined });
      // The counter ticks at every second + 0.25 s: it shows the clock's second or the one before.
      const clock = await replaySeconds(viewer);
      expect(Math.abs(clock - second)).toBeLessThanOrEqual(2);
      expect([clock - 1, clock]).toContain(shown.counter);
      if (second === 55) await viewer.screenshot({ path: `${SHOTS}/seek-second-page.png` });
      if (second === 15) await viewer.screenshot({ path: `${SHOTS}/seek-back-first-page.png` });
    }
    await viewer.close();
  });
});
