// Recording stopped (paused in the settings) after it started on a page but before the recorder's
// idle period, then resumed: the rest of that page is still recorded with rrweb, a full snapshot
// and the DOM changes after it, so it replays. Before the fix the recorder's idle callback asked
// for rrweb while stopped, the relay refused, and nothing asked again at the resume.
//
// The window is a state, not a race: the fixture blocks its thread at the relay's first start (a
// synchronous request the test answers only once the pause is saved), so the stop is waiting when
// the thread is free again, before any idle period; the page's log shows that order.
import { EventType } from '@rrweb/types';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PAGE_CONTROL, RELAY_COMMAND } from '../../shared/messages/relay-to-page';
import { openOptions, saveOptions } from './support/extension-pages';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitFor } from './support/stored-sessions';
import { openViewer, playUntilText } from './support/viewer-page';

const SHOTS = '/tmp/shots-restart';
const ADDED = 'Added after the resume';
const env = useRecordingBrowser();

interface PageLog {
  log: { kind: string; at: number }[];
  paintedAtStart: boolean | null;
  idleAfterStop: boolean;
}

function pageLog(page: Page): Promise<PageLog> {
  return page.evaluate(() => {
    const w = window as unknown as PageLog;
    return { log: w.log, paintedAtStart: w.paintedAtStart, idleAfterStop: w.idleAfterStop };
  });
}

/** Ticks or unticks "Pause recording everywhere" and saves, as a person would. */
async function setPaused(options: Page, paused: boolean): Promise<void> {
  await options.getByLabel('Pause recording everywhere').setChecked(paused);
  await saveOptions(options);
}

describe('a stop before the recorder is idle, then a resume', () => {
  it('records the rest of the page with a full snapshot, and its DOM change replays', async () => {
    // The names the fixture listens to.
    expect([PAGE_CONTROL, RELAY_COMMAND]).toEqual(['tabreel:control', 'tabreel:command']);
    const options = await openOptions(env.browser);
    const page = await env.browser.context.newPage();

    let releaseLoad = () => {};
    const loadReleased = new Promise<void>((done) => (releaseLoad = done));
    await page.route('**/hold-load.png', async (route) => {
      await loadReleased;
      await route.fulfill({ status: 204, body: '' });
    });
    let blocked = () => {};
    const pageBlocked = new Promise<void>((done) => (blocked = done));
    let releaseStart = () => {};
    const startReleased = new Promise<void>((done) => (releaseStart = done));
    await page.route('**/hold-start', async (route) => {
      blocked();
      await startReleased;
      await route.fulfill({ status: 204, body: '' });
    });

    await page.goto(env.server.url('restart-before-rrweb.html'), { waitUntil: 'commit' });
    // The relay has started recording; the page's thread is held right after the recorder took it.
    await pageBlocked;
    await setPaused(options, true);
    releaseStart();

    // The recorder's idle period has come and gone while paused.
    await page.waitForFunction(() => (window as unknown as PageLog).idleAfterStop);
    const stopped = await pageLog(page);
    expect(stopped.paintedAtStart).toBe(true);
    expect(stopped.log.map((e) => e.kind).slice(0, 2)).toEqual(['start', 'stop']);

    await setPaused(options, false);
    await page.waitForFunction(
      () => (window as unknown as PageLog).log.filter((e) => e.kind === 'start').length === 2,
    );
    const resumedAt = (await pageLog(page)).log.filter((e) => e.kind === 'start')[1]!.at;
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator('#added').waitFor();

    const viewer = await env.browser.extensionPage();
    const sessionId = await waitFor(
      async () => {
        const data = await readStored(viewer);
        return data.sessions.find((s) => {
          const events = eventsOf(data, s.id);
          const snapshotAt = events.findIndex(
            (e) => e.type === EventType.FullSnapshot && e.timestamp >= resumedAt,
          );
          return (
            snapshotAt >= 0 &&
            events
              .slice(snapshotAt)
              .some(
                (e) =>
                  e.type === EventType.IncrementalSnapshot &&
                  JSON.stringify(e.data).includes(ADDED),
              )
          );
        })?.id;
      },
      'a full snapshot after the resume, then the click’s DOM change',
      20_000,
    );
    // What the page saw, in order: the stop came before rrweb was asked for at all.
    const { log } = await pageLog(page);
    const kinds = log.map((e) => e.kind);
    expect(kinds.indexOf('load-rrweb')).toBeGreaterThan(kinds.indexOf('stop'));

    const replay = await openViewer(env.browser, `#/session/${sessionId}`);
    await playUntilText(replay, '#added', ADDED);
    mkdirSync(SHOTS, { recursive: true });
    await replay.screenshot({ path: `${SHOTS}/resumed-page-replayed.png` });

    releaseLoad();
    await replay.close();
    await page.close();
    await options.close();
  });
});
