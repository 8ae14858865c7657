// A tab left open and idle after its last event: the session ends later than its events (the
// header says 40s, the events stop at 3 s). The player's clock, timeline and "ended" state must
// reach the session's end, with the page as it last was, and "Skip inactivity" must skip the
// idle tail; an absurd end (NaN, before the events, days after) must not break the player.
import { EventType, IncrementalSource } from '@rrweb/types';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { mouseClick, pageView, uncaughtError } from '../fixtures/signal-events';
import { startFixtureServer } from './support/fixture-server';
import { useRecordingBrowser } from './support/recording-browser';
import { seedSession, seededPageLoad } from './support/seed-session';
import { waitFor } from './support/stored-sessions';
import { readReplayedPage } from './support/viewer-page';

const env = useRecordingBrowser();
const SHOTS = '/tmp/shots-timeline';
const EVENTS_MS = 3000;
const ENDED_MS = 40_000;
const STATUS_TEXT = 4;
const SHARE = resolve(import.meta.dirname, '../../.tmp/idle-tail-share');
const STANDALONE = resolve(import.meta.dirname, '../../dist/standalone/tabreel-viewer.html');

/** A page whose status reads step 0, 1 at 2 s and 2 at 3 s (its last event); an error at 2.5 s. */
function idleTailEvents(t0: number): TimedEvent[] {
  const element = (id: number, tagName: string, attributes: object, childNodes: object[]) => ({
    type: 2,
    id,
    tagName,
    attributes,
    childNodes,
  });
  const status = (at: number, value: string): TimedEvent => ({
    type: EventType.IncrementalSnapshot,
    timestamp: t0 + at,
    data: {
      source: IncrementalSource.Mutation,
      texts: [{ id: STATUS_TEXT, value }],
      attributes: [],
      removes: [],
      adds: [],
    },
  });
  const body = element(3, 'body', {}, [
    element(5, 'h1', {}, [{ type: 3, id: 6, textContent: 'Idle tail' }]),
    element(7, 'p', { id: 'status' }, [{ type: 3, id: STATUS_TEXT, textContent: 'step 0' }]),
  ]);
  return [
    pageView(t0, 'http://seeded.test/', { title: 'Idle tail' }),
    ...seededPageLoad(t0, body),
    mouseClick(t0 + 1000),
    status(2000, 'step 1'),
    uncaughtError(t0 + 2500, 'TypeError: late failure'),
    status(EVENTS_MS, 'step 2'),
  ];
}

async function seed(id: string, t0: number, endedAt: number | null): Promise<void> {
  const page = await env.browser.extensionPage();
  await seedSession(
    page,
    { id, startedAt: t0, endedAt, lastEventAt: t0 + EVENTS_MS, title: `Session ${id}` },
    [{ events: idleTailEvents(t0) }],
  );
  await page.close();
}

interface PlayerState {
  clock: string;
  /** The play button offers Pause. */
  playing: boolean;
  skipping: boolean;
}

const playerState = (viewer: Page): Promise<PlayerState> =>
  viewer.evaluate(() => ({
    clock: document.querySelector('[data-testid="replay-clock"]')?.textContent ?? '',
    playing: document.querySelector('.controls .play')?.getAttribute('aria-label') === 'Pause',
    skipping: document.querySelector('.address-bar .skipping') !== null,
  }));

/** `0:17 / 0:40` → 17. */
const secondsOf = (clock: string) =>
  (clock.split('/')[0] ?? '')
    .trim()
    .split(':')
    .reduce((total, part) => total * 60 + Number(part), 0);

/** Opens the session and waits until its timeline is there and every event has arrived. */
async function openSession(id: string): Promise<Page> {
  const viewer = await env.browser.context.newPage();
  await viewer.goto(
    `chrome-extension://${env.browser.extensionId}/viewer/index.html#/session/${id}`,
  );
  await whenOpen(viewer);
  return viewer;
}

async function whenOpen(viewer: Page): Promise<void> {
  await viewer.locator('.timeline-bar').waitFor();
  await viewer.getByTestId('replay-streaming').waitFor({ state: 'detached' });
  await viewer.getByTestId('session-duration').waitFor();
}

/** Plays until the player shows its ended state (▶), noting every state seen on the way. */
async function playToEnd(viewer: Page, skippingShot?: string): Promise<PlayerState[]> {
  await viewer.getByRole('button', { name: 'Play', exact: true }).click();
  const seen: PlayerState[] = [];
  await waitFor(
    async () => {
      const state = await playerState(viewer);
      if (skippingShot && state.skipping && !seen.some((s) => s.skipping))
        await viewer.screenshot({ path: skippingShot });
      seen.push(state);
      return seen.some((s) => s.playing) && !state.playing ? true : undefined;
    },
    'the replay to end',
    60_000,
  );
  return seen;
}

const statusShown = (viewer: Page) =>
  readReplayedPage(viewer, (doc) => doc.getElementById('status')?.textContent);

describe('viewer: a session that ended after its last event (an idle tail)', () => {
  it('spans the header’s duration: seeks into the tail, plays to the end, skips the tail when asked', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const t0 = Date.now() - 600_000;
    await seed('idle-tail', t0, t0 + ENDED_MS);
    const viewer = await openSession('idle-tail');

    // The header, the clock, the timeline and the flow agree: the session lasted 40 s.
    expect(await viewer.getByTestId('session-duration').textContent()).toMatch(/^40s \(/);
    expect((await playerState(viewer)).clock).toBe('0:00 / 0:40');
    expect(await viewer.locator('.timeline-bar').getAttribute('aria-valuemax')).toBe('40');
    await viewer.getByRole('tab', { name: /^Flow/ }).click();
    await expect
      .poll(() => viewer.locator('.flow-stats').first().textContent())
      .toMatch(/^40s on page/);

    // The failure near the last event is on the timeline; its mark lands a second before it.
    await viewer.locator('.timeline-marker.marker-error').click();
    await expect.poll(async () => (await playerState(viewer)).clock).toBe('0:01 / 0:40');
    await expect.poll(() => statusShown(viewer)).toBe('step 0');

    // A click in the idle tail lands there and shows the page as it last was.
    const bar = (await viewer.locator('.timeline-bar').boundingBox())!;
    await viewer.mouse.click(bar.x + bar.width * 0.75, bar.y + bar.height / 2);
    // 75% of the bar is 30 s, give or take a pixel.
    await expect
      .poll(async () => Math.abs(secondsOf((await playerState(viewer)).clock) - 30))
      .toBeLessThanOrEqual(1);
    await expect.poll(() => statusShown(viewer)).toBe('step 2');
    await viewer.screenshot({ path: `${SHOTS}/idle-tail-seek.png` });

    // Without skipping, the clock runs through the tail (still playing past 0:03) to 0:40, and
    // only then does the player end (▶ again).
    await viewer.getByLabel('Skip inactivity').uncheck();
    await viewer.getByRole('button', { name: '4×' }).click();
    let seen = await playToEnd(viewer);
    expect(seen.some((s) => s.playing && secondsOf(s.clock) >= 32)).toBe(true);
    expect(seen.every((s) => !s.skipping)).toBe(true);
    expect((await playerState(viewer)).clock).toBe('0:40 / 0:40');
    expect(await statusShown(viewer)).toBe('step 2');
    await viewer.screenshot({ path: `${SHOTS}/idle-tail-ended.png` });

    // With "Skip inactivity" (the default), playing from the start skips the idle tail as rrweb
    // skips an idle gap, and still ends at the session's end.
    await viewer.getByLabel('Skip inactivity').check();
    await viewer.getByRole('button', { name: '1×' }).click();
    seen = await playToEnd(viewer, `${SHOTS}/idle-tail-skipping.png`); // from the end: over
    expect(seen.some((s) => s.playing && secondsOf(s.clock) < 3)).toBe(true);
    const skippingInTail = seen.filter((s) => s.skipping && secondsOf(s.clock) > 3);
    expect(skippingInTail.length).toBeGreaterThan(0);
    expect((await playerState(viewer)).clock).toBe('0:40 / 0:40');
    expect(await statusShown(viewer)).toBe('step 2');

    // Played from a click inside the tail (20 s of it left), the rest is skipped too.
    await viewer.mouse.click(bar.x + bar.width * 0.5, bar.y + bar.height / 2);
    await expect
      .poll(async () => Math.abs(secondsOf((await playerState(viewer)).clock) - 20))
      .toBeLessThanOrEqual(1);
    seen = await playToEnd(viewer);
    expect(seen.some((s) => s.skipping && secondsOf(s.clock) >= 19)).toBe(true);
    expect((await playerState(viewer)).clock).toBe('0:40 / 0:40');
    await viewer.close();
  });

  it('skips a two-hour idle tail in seconds, not at rrweb’s 360× (which needs 10 s for its first hour)', async () => {
    const t0 = Date.now() - 3 * 3_600_000;
    await seed('idle-hours', t0, t0 + 2 * 3_600_000);
    const viewer = await openSession('idle-hours');
    expect((await playerState(viewer)).clock).toBe('0:00 / 2:00:00');

    await viewer.getByRole('button', { name: 'Play', exact: true }).click();
    const started = Date.now();
    await waitFor(
      async () => (secondsOf((await playerState(viewer)).clock) >= 3600 ? true : undefined),
      'the replay to pass its first hour',
      30_000,
    );
    // Skipped at ~1440× this takes ~2.5 s; at 360× it cannot take less than 10 s.
    expect(Date.now() - started).toBeLessThan(7000);
    await viewer.screenshot({ path: `${SHOTS}/idle-hours-skipping.png` });
    await viewer.close();
  });

  it('clamps an absurd end: not a number or before the events (the last event), days after (24 h); a recording one ends at its last event', async () => {
    const t0 = Date.now() - 900_000;
    await seed('end-nan', t0, NaN);
    await seed('end-early', t0, t0 - 60_000);
    await seed('end-far', t0, t0 + 3 * 86_400_000);
    // Still recording (no end yet): its replay ends at its last stored event, as its header says.
    await seed('recording', t0, null);

    for (const id of ['end-nan', 'end-early', 'recording']) {
      const viewer = await openSession(id);
      expect(await viewer.getByTestId('session-duration').textContent()).toMatch(/^3s \(/);
      expect((await playerState(viewer)).clock).toBe('0:00 / 0:03');
      expect(await viewer.getByText('● Recording').count()).toBe(id === 'recording' ? 1 : 0);
      await viewer.getByRole('button', { name: '4×' }).click();
      if (id === 'recording') {
        // A recording one plays to its newest moment and waits there for more (viewer-live.e2e.ts).
        await viewer.getByRole('button', { name: 'Play', exact: true }).click();
        await expect.poll(async () => (await playerState(viewer)).clock).toBe('0:03 / 0:03');
        expect((await playerState(viewer)).playing).toBe(true);
      } else await playToEnd(viewer);
      expect((await playerState(viewer)).clock).toBe('0:03 / 0:03');
      expect(await statusShown(viewer)).toBe('step 2');
      if (id === 'end-nan') await viewer.screenshot({ path: `${SHOTS}/end-nan.png` });
      await viewer.close();
    }

    // Three days after the last event is no recording's end: the tail stops 24 h after it.
    const viewer = await openSession('end-far');
    expect(await viewer.getByTestId('session-duration').textContent()).toMatch(/^24h 00m \(/);
    expect((await playerState(viewer)).clock).toBe('0:00 / 24:00:03');
    const bar = (await viewer.locator('.timeline-bar').boundingBox())!;
    await viewer.mouse.click(bar.x + bar.width * 0.5, bar.y + bar.height / 2);
    await expect
      .poll(async () => (await playerState(viewer)).clock)
      .toMatch(/^1[12]:\d\d:\d\d \/ 24:00:03$/);
    await expect.poll(() => statusShown(viewer)).toBe('step 2');
    await viewer.screenshot({ path: `${SHOTS}/end-far.png` });
    await viewer.close();
  });

  it('keeps its end through a bundle: the standalone viewer plays it to 0:40 too', async () => {
    const t0 = Date.now() - 1_200_000;
    await seed('idle-tail-shared', t0, t0 + ENDED_MS);
    rmSync(SHARE, { recursive: true, force: true });
    mkdirSync(SHARE, { recursive: true });
    copyFileSync(STANDALONE, join(SHARE, 'tabreel-viewer.html'));
    const viewer = await openSession('idle-tail-shared');
    await viewer.getByText('Export', { exact: true }).click();
    const [download] = await Promise.all([
      viewer.waitForEvent('download'),
      viewer.getByRole('menuitem', { name: /Tabreel bundle/ }).click(),
    ]);
    const name = download.suggestedFilename();
    await download.saveAs(join(SHARE, name));
    await viewer.close();

    const share = await startFixtureServer('127.0.0.1', { '/share/': SHARE });
    try {
      const page = await env.browser.context.newPage();
      await page.goto(share.url(`share/tabreel-viewer.html?bundle=${encodeURIComponent(name)}`));
      await page.waitForURL(/#\/session\//);
      await whenOpen(page);
      await page.getByTestId('imported-badge').waitFor();
      expect(await page.getByTestId('session-duration').textContent()).toMatch(/^40s \(/);
      expect((await playerState(page)).clock).toBe('0:00 / 0:40');
      await page.getByLabel('Skip inactivity').uncheck();
      await page.getByRole('button', { name: '16×' }).click();
      const seen = await playToEnd(page);
      expect(seen.some((s) => s.playing && secondsOf(s.clock) > 3)).toBe(true);
      expect((await playerState(page)).clock).toBe('0:40 / 0:40');
      expect(await statusShown(page)).toBe('step 2');
      await page.screenshot({ path: `${SHOTS}/standalone-ended.png` });
      await page.close();
    } finally {
      await share.close();
    }
  });
});
