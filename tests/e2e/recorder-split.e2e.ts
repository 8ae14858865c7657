// The recorder comes in two scripts: the early watchers at document_start, rrweb injected by the
// service worker after the first paint (extension/page/rrweb-part.ts). What happens before rrweb
// arrives must still be in the session, in order, and a page's strict CSP must not get in the way.
import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  customPayload,
  customTag,
  TABREEL_TAG,
  type TimedEvent,
} from '../../shared/events/tabreel-events';
import {
  SIGNAL_TAG,
  type ConsolePayload,
  type ErrorPayload,
  type RequestPayload,
} from '../../shared/signals/signal-events';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitFor } from './support/stored-sessions';
import { openViewer, playUntilText } from './support/viewer-page';

const SCREENS = resolve(import.meta.dirname, '../../.tmp/screens');
const env = useRecordingBrowser();
const isStrictPage = (url: string) => url.endsWith('strict-csp.html');

describe('the recorder split in two scripts', () => {
  it('keeps the errors, console and requests from before the first paint, in order, before the snapshot rrweb takes later; a strict CSP blocks nothing', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('strict-csp.html'));
    // The person clicks once the page shows; rrweb (injected after the first paint) records it.
    await page.click('#add');
    await page.locator('#rows li').waitFor();

    const viewer = await env.browser.extensionPage();
    const events = await waitFor(async () => {
      const data = await readStored(viewer);
      const session = data.sessions.find((s) => isStrictPage(s.firstUrl));
      if (!session) return undefined;
      const stored = eventsOf(data, session.id);
      const clicked = stored.some(
        (e) =>
          e.type === EventType.IncrementalSnapshot &&
          (e.data as { source: number; type?: number }).source ===
            IncrementalSource.MouseInteraction &&
          (e.data as { type?: number }).type === MouseInteractions.Click,
      );
      const failed = stored.some(
        (e) =>
          customTag(e) === SIGNAL_TAG.request &&
          customPayload<RequestPayload>(e)?.url.endsWith('/api/status/503'),
      );
      return clicked && failed ? stored : undefined;
    }, 'the click recorded by rrweb and the failed request');

    const indexOf = (test: (e: TimedEvent) => boolean) => events.findIndex(test);
    const errorAt = indexOf(
      (e) =>
        customTag(e) === SIGNAL_TAG.error &&
        customPayload<ErrorPayload>(e)!.message.includes('thrown before first paint'),
    );
    const consoleAt = indexOf(
      (e) =>
        customTag(e) === SIGNAL_TAG.console &&
        customPayload<ConsolePayload>(e)!.message === 'early console error before first paint',
    );
    const snapshotAt = indexOf((e) => e.type === EventType.FullSnapshot);
    expect(consoleAt).toBeGreaterThanOrEqual(0);
    expect(errorAt).toBeGreaterThan(consoleAt);
    expect(snapshotAt).toBeGreaterThan(errorAt);

    // They keep the moment they happened (before the page painted), not the moment rrweb came.
    const { earlyAt, paintedAt, violations } = await page.evaluate(() => ({
      earlyAt: (window as unknown as { earlyAt: number }).earlyAt,
      paintedAt:
        performance.timeOrigin +
        performance.getEntriesByName('first-contentful-paint')[0]!.startTime,
      violations: (window as unknown as { violations: string[] }).violations,
    }));
    const errorEvent = events[errorAt]!;
    expect(errorEvent.timestamp).toBeGreaterThanOrEqual(earlyAt);
    expect(errorEvent.timestamp).toBeLessThanOrEqual(Math.ceil(paintedAt));
    expect(events[snapshotAt]!.timestamp).toBeGreaterThanOrEqual(errorEvent.timestamp);
    // Nothing of ours was refused by the page's policy (chrome.scripting is not subject to it).
    expect(violations).toEqual([]);
    await page.close();
  });

  it('records a page left right after it loaded, though it never painted', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('no-paint.html'));
    // Left 200 ms after its load event: before the 500 ms a page without a paint waits for rrweb,
    // as a test runner's next step or a quick click on would leave it.
    await page.waitForTimeout(200);
    await page.goto(env.server.url('basic.html'));
    await page.close();

    const viewer = await env.browser.extensionPage();
    const events = await waitFor(async () => {
      const data = await readStored(viewer);
      const session = data.sessions.find((s) => s.firstUrl.endsWith('no-paint.html'));
      const stored = session ? eventsOf(data, session.id) : [];
      const next = stored.some(
        (e) =>
          customTag(e) === TABREEL_TAG.page &&
          customPayload<{ url: string }>(e)!.url.endsWith('basic.html'),
      );
      return next ? stored : undefined;
    }, 'a session from the page that never painted to the next page');
    const views = events
      .filter((e) => customTag(e) === TABREEL_TAG.page)
      .map((e) => customPayload<{ url: string }>(e)!.url);
    expect(views[0]).toMatch(/no-paint\.html$/);
    expect(
      events.some(
        (e) =>
          customTag(e) === SIGNAL_TAG.error &&
          customPayload<ErrorPayload>(e)!.message.includes('thrown on a page that never paints'),
      ),
    ).toBe(true);
  });

  it('replays the strict-CSP page from the injected rrweb, the click answered', async () => {
    const viewer = await env.browser.extensionPage();
    const data = await readStored(viewer);
    const session = data.sessions.find((s) => isStrictPage(s.firstUrl));
    expect(session).toBeDefined();
    const replay = await openViewer(env.browser, `#/session/${session!.id}`);
    await playUntilText(replay, '#rows', 'Row 1');
    await replay.screenshot({ path: resolve(SCREENS, 'recorder-split-strict-csp.png') });
    await replay.close();
  });
});
