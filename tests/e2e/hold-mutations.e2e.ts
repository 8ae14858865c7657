// The recorder serializes and hands over an interaction's events after its frame
// (extension/page/hold-mutations.ts, hand-over.ts). First the rrweb behaviour that relies on (fails
// if an rrweb upgrade changes it), then the built extension: nothing handed over inside the page's
// task, nothing lost or reordered, nothing lost when the tab closes at once.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import type { record as rrwebRecord } from 'rrweb';
import { describe, expect, it } from 'vitest';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitFor, type StoredData } from './support/stored-sessions';
import { openViewer, playUntilText, readReplayedPage } from './support/viewer-page';

const env = useRecordingBrowser();
/** How long a passive hand-over waits for idle time at most (extension/page/hand-over.ts). */
const PASSIVE_BOUND_MS = 100;
const SHOTS = '/tmp/shots-latency';
const SHOTS_IDLE = '/tmp/shots-r1worst';
const RRWEB_UMD = resolve(import.meta.dirname, '../../node_modules/rrweb/dist/rrweb.umd.cjs');

interface MutationData {
  source: number;
  adds: Array<{ parentId: number; node: { id: number; textContent?: string; tagName?: string } }>;
  removes: Array<{ id: number }>;
  attributes: Array<{ id: number; attributes: Record<string, string> }>;
  texts: Array<{ id: number; value: string }>;
}

const isMutation = (e: TimedEvent) =>
  e.type === EventType.IncrementalSnapshot &&
  (e.data as { source: number }).source === IncrementalSource.Mutation;
const isClick = (e: TimedEvent) =>
  e.type === EventType.IncrementalSnapshot &&
  (e.data as { source: number }).source === IncrementalSource.MouseInteraction &&
  (e.data as { type: number }).type === MouseInteractions.Click;

describe("rrweb's freezePage, as the recorder relies on it", () => {
  it('holds every kind of mutation until an event unfreezes it, then emits them first', async () => {
    // about:blank is not recorded by the extension: only the page's own rrweb runs here.
    const page = await env.browser.context.newPage();
    await page.setContent(
      '<div id="stay" class="a">old text</div><p id="gone">gone</p><button id="b">b</button>',
    );
    await page.addScriptTag({ path: RRWEB_UMD });
    const result = await page.evaluate(async () => {
      const { record } = (window as unknown as { rrweb: { record: typeof rrwebRecord } }).rrweb;
      const events: Array<{ type: number; data: Record<string, unknown> }> = [];
      record({ emit: (e) => events.push(e as (typeof events)[number]) });
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      await frame();
      const start = events.length;
      record.freezePage();
      const added = document.createElement('section');
      added.innerHTML = '<span>held-1</span><span>held-2</span>';
      document.body.append(added);
      document.getElementById('stay')!.className = 'b';
      document.getElementById('stay')!.firstChild!.nodeValue = 'new text';
      document.getElementById('gone')!.remove();
      await frame(); // the MutationObserver has run: frozen, nothing may come out
      const whileFrozen = events.slice(start).map((e) => e.type);
      // What the recorder's release does: a custom event makes rrweb unfreeze.
      record.addCustomEvent('release', null);
      const released = events.slice(start).map((e) => ({
        type: e.type,
        source: e.data.source,
        tag: e.data.tag,
        adds: JSON.stringify(e.data.adds ?? []),
        removes: (e.data.removes as unknown[] | undefined)?.length ?? 0,
        attributes: JSON.stringify(e.data.attributes ?? []),
        texts: JSON.stringify(e.data.texts ?? []),
      }));
      // Frozen again, then a click on a node added while frozen: the held add comes out first. (rrweb
      // looks the click's target id up before it unfreezes, so here it is -1: the recorder releases
      // on such input before rrweb's listeners run; the extension test below checks that.)
      record.freezePage();
      const late = document.createElement('button');
      late.textContent = 'held-late';
      document.body.append(late);
      await frame();
      const beforeClick = events.length;
      late.click();
      const afterClick = events.slice(beforeClick).map((e) => ({
        type: e.type,
        source: e.data.source,
        interaction: e.data.type,
        id: e.data.id,
        adds: JSON.stringify(e.data.adds ?? []),
      }));
      return { whileFrozen, released, afterClick };
    });
    expect(result.whileFrozen).toEqual([]);
    expect(result.released.map((e) => [e.type, e.source ?? e.tag])).toEqual([
      [EventType.IncrementalSnapshot, IncrementalSource.Mutation],
      [EventType.Custom, 'release'],
    ]);
    const [mutation] = result.released;
    expect(mutation!.adds).toContain('held-1');
    expect(mutation!.adds).toContain('held-2');
    expect(mutation!.removes).toBe(1);
    expect(mutation!.attributes).toContain('"class":"b"');
    expect(mutation!.texts).toContain('new text');
    // The late button was added while frozen; the click unfroze rrweb before it was emitted.
    expect(result.afterClick[0]!.source).toBe(IncrementalSource.Mutation);
    expect(result.afterClick[0]!.adds).toContain('held-late');
    const click = result.afterClick.find(
      (e) =>
        e.source === IncrementalSource.MouseInteraction &&
        e.interaction === MouseInteractions.Click,
    );
    expect(click).toBeDefined();
    await page.close();
  });
});

describe('the recorder hands an interaction over after its frame', () => {
  const ticketsStored = (data: StoredData, page: string, count: number) => {
    const session = data.sessions.find((s) => s.firstUrl.endsWith(page));
    if (!session) return undefined;
    const events = eventsOf(data, session.id);
    return JSON.stringify(events).includes(`ticket-${count}"`) ? events : undefined;
  };

  it('hands nothing over inside the page task; stores the insert after its click, in order', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('hand-over.html'));
    const viewer = await env.browser.extensionPage();
    await waitFor(async () => {
      const data = await readStored(viewer);
      const session = data.sessions.find((s) => s.firstUrl.endsWith('hand-over.html'));
      return session && eventsOf(data, session.id).some((e) => e.type === EventType.FullSnapshot)
        ? true
        : undefined;
    }, 'the full snapshot');

    await page.click('#add');
    await page.click('#add');
    await page.fill('#filter', 'tick');
    const inserts = await page.evaluate(
      () => (window as unknown as { inserts: Array<{ afterRecorderObserver: number }> }).inserts,
    );
    // Before, rrweb's MutationObserver callback serialized the 20 tickets and the recorder handed
    // them to the relay right there, inside the click's task.
    expect(inserts.map((i) => i.afterRecorderObserver)).toEqual([0, 0]);

    const events = await waitFor(
      async () => ticketsStored(await readStored(viewer), 'hand-over.html', 40),
      'both inserts stored',
    );
    const clicks = events.map((e, i) => (isClick(e) ? i : -1)).filter((i) => i >= 0);
    const inserts20 = events
      .map((e, i) => (isMutation(e) && JSON.stringify(e.data).includes('ticket-') ? i : -1))
      .filter((i) => i >= 0);
    expect(clicks.length).toBeGreaterThanOrEqual(2);
    expect(inserts20.length).toBeGreaterThanOrEqual(2);
    // Each insert is stored after the click that caused it and before the next click.
    expect(inserts20[0]).toBeGreaterThan(clicks[0]!);
    expect(inserts20[0]).toBeLessThan(clicks[1]!);
    expect(inserts20.at(-1)).toBeGreaterThan(clicks[1]!);
    const adds = inserts20.flatMap((i) => (events[i]!.data as MutationData).adds);
    const texts = JSON.stringify(adds);
    for (let n = 1; n <= 40; n += 1) expect(texts).toContain(`"ticket-${n}"`);
    // A held mutation is stamped when it is emitted, never before the click that caused it (the
    // viewer replays in time order). Events from different listeners (rrweb's, our watchers') are
    // each stamped by their own and may cross by a millisecond: that is not this test's claim.
    for (const [n, i] of inserts20.entries()) {
      const click = events[clicks.filter((c) => c < i).at(-1)!]!;
      expect(events[i]!.timestamp, `insert ${n}`).toBeGreaterThanOrEqual(click.timestamp);
    }
    // The release event never reaches storage.
    expect(JSON.stringify(events)).not.toContain('tabreel.release-mutations');
    await page.close();

    // The replay rebuilds both inserts, in order, as the page showed them.
    const session = (await readStored(viewer)).sessions.find((s) =>
      s.firstUrl.endsWith('hand-over.html'),
    )!;
    const replay = await openViewer(env.browser, `#/session/${session.id}`);
    await playUntilText(replay, '#list li:last-child', 'ticket-40');
    const shown = await readReplayedPage(replay, (doc) =>
      [...doc.querySelectorAll('#list li')].map((li) => li.textContent),
    );
    expect(shown).toEqual(Array.from({ length: 40 }, (_, i) => `ticket-${i + 1}`));
    mkdirSync(SHOTS, { recursive: true });
    await replay.screenshot({ path: `${SHOTS}/hand-over-replay.png` });
    await replay.close();
  });

  it('gives a node added during the hold its id before an input on it is recorded', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('hand-over.html?input-on-held'));
    const viewer = await env.browser.extensionPage();
    await waitFor(async () => {
      const data = await readStored(viewer);
      const session = data.sessions.find((s) => s.firstUrl.endsWith('?input-on-held'));
      return session && eventsOf(data, session.id).some((e) => e.type === EventType.FullSnapshot)
        ? true
        : undefined;
    }, 'the full snapshot');
    // One task: the click inserts (held), then a click on a new ticket before any frame.
    await page.evaluate(async () => {
      document.getElementById('add')!.click();
      await Promise.resolve();
      (document.querySelector('#list li:last-child') as HTMLElement).click();
    });
    const events = await waitFor(
      async () => ticketsStored(await readStored(viewer), '?input-on-held', 20),
      'the insert',
    );
    const insert = events.find((e) => isMutation(e) && JSON.stringify(e.data).includes('ticket-'));
    const last = (insert!.data as MutationData).adds.find((a) =>
      JSON.stringify(a).includes('ticket-20'),
    );
    // The text node's parent is the <li> the second click hit.
    const clicks = events.filter(isClick).map((e) => (e.data as { id: number }).id);
    expect(clicks).toContain(last!.parentId);
    expect(clicks).not.toContain(-1);
    await page.close();
  });

  it("hands a change nobody's input caused over in the page's idle time, and stores it", async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('hand-over.html?passive'));
    const viewer = await env.browser.extensionPage();
    await waitFor(async () => {
      const data = await readStored(viewer);
      const session = data.sessions.find((s) => s.firstUrl.endsWith('hand-over.html?passive'));
      return session && eventsOf(data, session.id).some((e) => e.type === EventType.FullSnapshot)
        ? true
        : undefined;
    }, 'the full snapshot');
    // No click: passive mutations, which wait behind the page's own work queued after the frame,
    // background priority included; then they go in the next idle period.
    const run = await page.evaluate(async () => {
      const own = window as unknown as {
        passiveInsert: (count: number) => Promise<void>;
        passiveRuns: Array<{
          atOwnBackgroundTask: number;
          frameMs: number;
          waitedMs: number;
          later: number;
        }>;
      };
      await own.passiveInsert(20);
      return own.passiveRuns[0]!;
    });
    // Both waits are bounded (HAND_OVER_LATEST_MS, 100 ms, in extension/page/hand-over.ts): from
    // the change to the frame, then from the frame to the idle time. On a loaded machine the frame
    // or the page's own work can take longer, and the hand-over rightly goes at its bound.
    // What the run measured, in a failure's message.
    const measured = JSON.stringify(run);
    const withinBounds =
      run.frameMs < PASSIVE_BOUND_MS - 20 && run.waitedMs < PASSIVE_BOUND_MS - 20;
    if (withinBounds) expect(run.atOwnBackgroundTask, measured).toBe(0);
    expect(run.later, measured).toBeGreaterThan(0);
    const events = await waitFor(
      async () => ticketsStored(await readStored(viewer), 'hand-over.html?passive', 20),
      'the passive insert stored',
    );
    expect(events.some(isClick)).toBe(false);
    await page.close();

    const session = (await readStored(viewer)).sessions.find((s) =>
      s.firstUrl.endsWith('hand-over.html?passive'),
    )!;
    const replay = await openViewer(env.browser, `#/session/${session.id}`);
    await playUntilText(replay, '#list li:last-child', 'ticket-20');
    const shown = await readReplayedPage(replay, (doc) =>
      [...doc.querySelectorAll('#list li.passive')].map((li) => li.textContent),
    );
    expect(shown).toEqual(Array.from({ length: 20 }, (_, i) => `ticket-${i + 1}`));
    mkdirSync(SHOTS_IDLE, { recursive: true });
    await replay.screenshot({ path: `${SHOTS_IDLE}/passive-hand-over-replay.png` });
    await replay.close();
  });

  it('keeps an insert made right before the tab closes', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('hand-over.html?closing'));
    const viewer = await env.browser.extensionPage();
    await waitFor(async () => {
      const data = await readStored(viewer);
      const session = data.sessions.find((s) => s.firstUrl.endsWith('hand-over.html?closing'));
      return session && eventsOf(data, session.id).some((e) => e.type === EventType.FullSnapshot)
        ? true
        : undefined;
    }, 'the full snapshot');
    // The click's events and its 20 tickets are still held when the tab goes: pagehide hands
    // them to the relay, which sends them before the page is gone.
    await page.click('#add', { noWaitAfter: true });
    await page.close();
    const events = await waitFor(
      async () => ticketsStored(await readStored(viewer), 'hand-over.html?closing', 20),
      'the insert made just before closing',
    );
    expect(events.some(isClick)).toBe(true);
  });
});
