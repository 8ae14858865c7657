// The relay comes at document_idle (DOMContentLoaded + 200 ms, or the load event), and rrweb's
// first snapshot in an idle period after that: a page's first paints no longer wait for either
// (npm run bench -- V1). What a person does meanwhile is kept by the recorder's early watchers; a
// page left before its relay came is not recorded at all. The fixture holds the page's parsing back
// on a script the test releases, so "before the relay came" is a state, not a race.
import { EventType } from '@rrweb/types';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { customPayload, customTag, TABREEL_TAG } from '../../shared/events/tabreel-events';
import { RELAY_COMMAND } from '../../shared/messages/relay-to-page';
import {
  SIGNAL_TAG,
  type ActionPayload,
  type ConsolePayload,
} from '../../shared/signals/signal-events';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitFor } from './support/stored-sessions';
import { openViewer } from './support/viewer-page';

const SHOTS = '/tmp/shots-idlerelay';
const env = useRecordingBrowser();

/** Opens held-parse.html with its parsing held; `release` lets the held script through. */
async function openHeldPage(query: string): Promise<{ page: Page; release: () => void }> {
  const page = await env.browser.context.newPage();
  let release = () => {};
  const released = new Promise<void>((done) => (release = done));
  await page.route('**/held-parse.js', async (route) => {
    await released;
    await route.fulfill({ contentType: 'text/javascript', body: 'window.parsed = true;' });
  });
  await page.goto(env.server.url(`held-parse.html?${query}`), { waitUntil: 'commit' });
  await page.getByRole('heading', { name: 'Shown before parsing ends' }).waitFor();
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length);
  return { page, release };
}

/** How many relay commands the page has seen (the relay pings as it arrives). */
const relayCommands = (page: Page) =>
  page.evaluate(() => (window as unknown as { relayCommands: number }).relayCommands);

describe('the relay at document_idle', () => {
  it('keeps a click and a console error made after the first paint but before the relay came, before the first snapshot', async () => {
    expect(RELAY_COMMAND).toBe('tabreel:command'); // the name the fixture listens to
    const { page, release } = await openHeldPage('clicked-early');
    // Painted, still parsing: no relay yet, so nothing could have been sent anywhere.
    expect(await relayCommands(page)).toBe(0);
    await page.getByRole('button', { name: 'Early button' }).click();
    release();
    await page.locator('#after').waitFor();
    await page.waitForLoadState('load');

    const viewer = await env.browser.extensionPage();
    const { sessionId, events } = await waitFor(async () => {
      const data = await readStored(viewer);
      const session = data.sessions.find((s) =>
        s.firstUrl.endsWith('held-parse.html?clicked-early'),
      );
      const stored = session ? eventsOf(data, session.id) : [];
      return stored.some((e) => e.type === EventType.FullSnapshot)
        ? { sessionId: session!.id, events: stored }
        : undefined;
    }, 'the held page recorded, up to its first full snapshot');
    expect(await relayCommands(page)).toBeGreaterThan(0);

    const consoleAt = events.findIndex(
      (e) =>
        customTag(e) === SIGNAL_TAG.console &&
        customPayload<ConsolePayload>(e)!.message === 'early console error while parsing is held',
    );
    const clickAt = events.findIndex(
      (e) =>
        customTag(e) === SIGNAL_TAG.action &&
        customPayload<ActionPayload>(e)!.kind === 'click' &&
        customPayload<ActionPayload>(e)!.target?.selector.includes('early') === true,
    );
    const snapshotAt = events.findIndex((e) => e.type === EventType.FullSnapshot);
    expect(customTag(events[0]!)).toBe(TABREEL_TAG.page);
    expect(consoleAt).toBeGreaterThan(0);
    expect(clickAt).toBeGreaterThan(consoleAt);
    // rrweb came later, after the relay: its snapshot follows what the watchers kept, and shows
    // the whole page, parsed after the release.
    expect(snapshotAt).toBeGreaterThan(clickAt);
    expect(events[snapshotAt]!.timestamp).toBeGreaterThanOrEqual(events[clickAt]!.timestamp);
    expect(JSON.stringify(events[snapshotAt]!.data)).toContain('Parsed after the held script');

    const replay = await openViewer(env.browser, `#/session/${sessionId}`);
    await replay.getByRole('tab', { name: /Console/ }).click();
    await replay.getByText('early console error while parsing is held').first().waitFor();
    mkdirSync(SHOTS, { recursive: true });
    await replay.screenshot({ path: `${SHOTS}/late-relay-early-click.png` });
    await replay.close();
    await page.close();
  });

  it('records nothing of a page left after its first paint but before its relay came', async () => {
    const { page, release } = await openHeldPage('left-early');
    expect(await relayCommands(page)).toBe(0);
    // The person moves on while the page still parses (DOMContentLoaded never came).
    await page.goto(env.server.url('basic.html?after-left-early'));
    release();

    const viewer = await env.browser.extensionPage();
    const data = await waitFor(async () => {
      const stored = await readStored(viewer);
      const next = stored.sessions.some((s) => s.firstUrl.endsWith('basic.html?after-left-early'));
      return next ? stored : undefined;
    }, 'the next page recorded');
    // No page view of the left page anywhere, and the tab's session holds none of its signals.
    const views = data.sessions
      .flatMap((s) => eventsOf(data, s.id))
      .filter((e) => customTag(e) === TABREEL_TAG.page)
      .map((e) => customPayload<{ url: string }>(e)!.url);
    expect(views.filter((url) => url.includes('held-parse.html?left-early'))).toEqual([]);
    expect(views.some((url) => url.endsWith('basic.html?after-left-early'))).toBe(true);
    const tabSession = data.sessions.find((s) =>
      s.firstUrl.endsWith('basic.html?after-left-early'),
    )!;
    expect(
      eventsOf(data, tabSession.id).filter((e) => customTag(e) === SIGNAL_TAG.console),
    ).toEqual([]);
    await page.close();
  });
});
