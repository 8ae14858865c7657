// A page shown while it still parses (a slow server, a blocking script): recording starts at its
// first paint, rrweb's snapshot only after DOMContentLoaded and an idle period. What a person does
// meanwhile is kept by the recorder's early watchers, and a page left before it finished parsing
// is recorded too (the relay is at document_start for this: at document_idle it never came to such
// a page). The fixture holds the page's parsing back on a script the test releases, so "still
// parsing" is a state, not a race.
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

const SHOTS = '/tmp/shots-still-parsing';
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

describe('a page still parsing', () => {
  it('keeps a click and a console error made while it parses, before the first snapshot', async () => {
    expect(RELAY_COMMAND).toBe('tabreel:command'); // the name the fixture listens to
    const { page, release } = await openHeldPage('clicked-early');
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
    // rrweb came later, after DOMContentLoaded: its snapshot follows what the watchers kept, and
    // shows the whole page, parsed after the release.
    expect(snapshotAt).toBeGreaterThan(clickAt);
    expect(events[snapshotAt]!.timestamp).toBeGreaterThanOrEqual(events[clickAt]!.timestamp);
    expect(JSON.stringify(events[snapshotAt]!.data)).toContain('Parsed after the held script');

    const replay = await openViewer(env.browser, `#/session/${sessionId}`);
    await replay.getByRole('tab', { name: /Console/ }).click();
    await replay.getByText('early console error while parsing is held').first().waitFor();
    mkdirSync(SHOTS, { recursive: true });
    await replay.screenshot({ path: `${SHOTS}/early-click-while-parsing.png` });
    await replay.close();
    await page.close();
  });

  it('records a page left while it still parses: its page view, console error and click', async () => {
    const { page, release } = await openHeldPage('left-early');
    // Recording has begun (the relay sent its start): the person clicks and moves on while the
    // page still parses (DOMContentLoaded never came).
    await page.waitForFunction(
      () => (window as unknown as { relayCommands: number }).relayCommands > 0,
    );
    await page.getByRole('button', { name: 'Early button' }).click();
    await page.goto(env.server.url('basic.html?after-left-early'));
    release();

    const viewer = await env.browser.extensionPage();
    const events = await waitFor(async () => {
      const stored = await readStored(viewer);
      const viewed = (s: { id: string }, suffix: string) =>
        eventsOf(stored, s.id).some(
          (e) =>
            customTag(e) === TABREEL_TAG.page &&
            customPayload<{ url: string }>(e)!.url.endsWith(suffix),
        );
      // The tab's session goes on to the next page: both page views, in one session.
      const session = stored.sessions.find(
        (s) => viewed(s, 'held-parse.html?left-early') && viewed(s, 'basic.html?after-left-early'),
      );
      return session ? eventsOf(stored, session.id) : undefined;
    }, 'the left page and the next one recorded');
    expect(customTag(events[0]!)).toBe(TABREEL_TAG.page);
    expect(
      events.some(
        (e) =>
          customTag(e) === SIGNAL_TAG.console &&
          customPayload<ConsolePayload>(e)!.message === 'early console error while parsing is held',
      ),
    ).toBe(true);
    expect(
      events.some(
        (e) =>
          customTag(e) === SIGNAL_TAG.action &&
          customPayload<ActionPayload>(e)!.kind === 'click' &&
          customPayload<ActionPayload>(e)!.target?.selector.includes('early') === true,
      ),
    ).toBe(true);
    await page.close();
  });
});
