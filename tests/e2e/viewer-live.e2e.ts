// A QA engineer records in one tab and watches that tab's session in the viewer while it records:
// new events join the replay as they are stored, without reloading it; the duration, clock,
// timeline, flow and failed actions grow; Play reaches the newest moment and waits there for what
// the tab does next; closing the tab turns the page into the ended session.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatClock } from '../../viewer/state/format-clock';
import { openPopup } from './support/popup-driver';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitFor } from './support/stored-sessions';
import { openViewer, readReplayedPage, replayClock, replayFrame } from './support/viewer-page';

const env = useRecordingBrowser();
const SHOTS = '.tmp/screens/viewer-live';
mkdirSync(SHOTS, { recursive: true });
/** Each test's own address, also on a retry (a long number would be redacted as a secret). */
let attempts = 0;

/** The clock's `position / length`, as seconds. */
async function clockSeconds(viewer: Page): Promise<{ at: number; length: number }> {
  const [at = '', length = ''] = (await replayClock(viewer)).split('/').map((part) => part.trim());
  const seconds = (text: string) => {
    const [m = 'NaN', s = 'NaN'] = text.split(':');
    return Number(m) * 60 + Number(s);
  };
  return { at: seconds(at), length: seconds(length) };
}

/** Waits until the viewer shows `check` true (polled as a person would look again). */
async function until(viewer: Page, check: () => Promise<boolean>, what: string): Promise<void> {
  await waitFor(async () => ((await check()) ? true : undefined), what, 20_000);
}

describe('watching a session while it records', () => {
  it('keeps up with the tab, plays to its newest moment, and ends when the tab closes', async () => {
    const tab = await env.browser.context.newPage();
    // Its own address: a retry finds its own session, not the first attempt's.
    const address = env.server.url(`basic.html?live=${++attempts}`);
    await tab.goto(address);
    await tab.locator('#go').click();
    const store = await env.browser.extensionPage();
    // Opened once its first page is stored (its snapshot: rrweb starts in an idle period after the
    // first paint, so on a loaded machine the click may come before it), as from the list.
    let seen = '';
    const session = await waitFor(async () => {
      const data = await readStored(store);
      const found = data.sessions.find((s) => s.firstUrl === address);
      seen = JSON.stringify(data.sessions.map((s) => [s.firstUrl, s.eventCount]));
      return found && eventsOf(data, found.id).some((e) => e.type === 2) ? found : undefined;
    }, 'the recording session').catch((error: Error) => {
      throw new Error(`${error.message} Stored: ${seen}`);
    });
    const viewer = await openViewer(env.browser, `#/session/${session.id}`);
    await viewer.getByTestId('session-duration').waitFor();
    await expect(viewer.getByTestId('live-status').textContent()).resolves.toContain('Recording');
    await expect(viewer.getByRole('tab', { name: 'Flow (1)' }).count()).resolves.toBe(1);
    // The replay the person is looking at: it must grow, not be rebuilt.
    const frame = await replayFrame(viewer);
    await until(
      viewer,
      async () => (await frame.locator('.replayer-wrapper').count()) === 1,
      'the first frame',
    );
    await frame.evaluate(() =>
      document.querySelector('.replayer-wrapper')!.setAttribute('data-opened', 'yes'),
    );
    const opened = await clockSeconds(viewer);
    await viewer.screenshot({ path: `${SHOTS}/1-opened-while-recording.png` });

    // The person goes on in the tab: a second page, and a payment that fails.
    await tab.waitForTimeout(1100); // a second later on the tab's clock, so the length must grow
    await tab.goto(env.server.url('failures.html'));
    // Longer than the lead-in the viewer shows before a failure, so the jump lands on this page.
    await tab.waitForTimeout(1100);
    await tab.getByRole('button', { name: 'Pay now', exact: true }).click();
    await tab.getByText('Payment failed').waitFor();

    await until(
      viewer,
      async () => (await viewer.getByRole('tab', { name: 'Flow (2)' }).count()) === 1,
      'the second page in the flow',
    );
    await until(
      viewer,
      async () => (await viewer.getByRole('tab', { name: 'Failures (1)' }).count()) === 1,
      'the failed payment in the failures',
    );
    const grown = await clockSeconds(viewer);
    expect(grown.length).toBeGreaterThan(opened.length);
    expect(await viewer.getByTestId('session-duration').textContent()).not.toBe('0s (0s active)');
    // Still the same replay: the new events were added to it.
    expect(
      await frame.evaluate(() =>
        document.querySelector('.replayer-wrapper')?.getAttribute('data-opened'),
      ),
    ).toBe('yes');
    const failure = viewer
      .getByRole('list', { name: 'Failed actions' })
      .getByRole('button', { name: /Failed request after click.*Pay now/ });
    await failure.waitFor();
    await viewer.screenshot({ path: `${SHOTS}/2-grown-page-and-failure.png` });

    // One click on the failure shows the replay just before it, on the page it happened on.
    await failure.click();
    await until(
      viewer,
      async () =>
        (await viewer.getByTestId('replay-address').textContent())?.includes('failures.html') ??
        false,
      'the replay at the failed payment',
    );

    // Play reaches the newest moment, and waits there for what the tab does next.
    await viewer.getByRole('button', { name: '16×' }).click();
    await viewer.getByRole('button', { name: 'Play' }).click();
    const replayedText = (selector: string) =>
      readReplayedPage(
        viewer,
        new Function(
          'doc',
          `return doc.querySelector(${JSON.stringify(selector)})?.textContent`,
        ) as (doc: Document) => string | undefined,
      ).catch(() => undefined);
    await until(
      viewer,
      async () => (await replayedText('#status')) === 'Payment failed',
      'the replay playing to the failed payment',
    );
    await until(
      viewer,
      async () => {
        const { at, length } = await clockSeconds(viewer);
        return at === length;
      },
      'the replay at the newest moment',
    );
    expect(await viewer.getByRole('button', { name: 'Pause' }).count()).toBe(1);
    // Marked in the replayed page: the growth plays on in this page, it does not rebuild it.
    await readReplayedPage(viewer, (doc) => doc.body.setAttribute('data-live-edge', 'yes'));
    await tab.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await until(
      viewer,
      async () => (await replayedText('#cart')) === 'Cart: 1',
      'the replay showing the click the tab just recorded',
    );
    expect(await readReplayedPage(viewer, (doc) => doc.body.getAttribute('data-live-edge'))).toBe(
      'yes',
    );
    await viewer.screenshot({ path: `${SHOTS}/3-playing-at-the-live-edge.png` });

    // The tab closes: the session ends, and the page turns into the ended session.
    await tab.close();
    await viewer.getByTestId('recording-ended').waitFor();
    expect(await viewer.getByTestId('recording-ended').textContent()).toContain('Tab closed');
    expect(await viewer.getByTestId('live-status').count()).toBe(0);
    const ended = await waitFor(async () => {
      const data = await readStored(store);
      const row = data.sessions.find((s) => s.id === session.id);
      return row?.endedAt != null ? { row, events: eventsOf(data, session.id) } : undefined;
    }, 'the ended session');
    const first = Math.min(...ended.events.map((e) => e.timestamp));
    // The clock's length is the session's, to its end (rounded to the second, as the header).
    const lengthText = formatClock(Math.round((ended.row.endedAt! - first) / 1000) * 1000);
    await until(
      viewer,
      async () => (await replayClock(viewer)).endsWith(`/ ${lengthText}`),
      `the clock's length to read ${lengthText}`,
    );
    await viewer.screenshot({ path: `${SHOTS}/4-ended.png` });
    await viewer.close();
  });

  it('a session cut by hand while open says so and leads to the one its tab records on in', async () => {
    const tab = await env.browser.context.newPage();
    const address = env.server.url(`basic.html?cut=${++attempts}`);
    await tab.goto(address);
    await tab.locator('#go').click();
    const store = await env.browser.extensionPage();
    const first = await waitFor(async () => {
      const data = await readStored(store);
      const found = data.sessions.find((s) => s.firstUrl === address);
      return found && eventsOf(data, found.id).some((e) => e.type === 2) ? found : undefined;
    }, 'the recording session');
    const viewer = await openViewer(env.browser, `#/session/${first.id}`);
    await viewer.getByTestId('live-status').waitFor();

    // The person starts a new session from the toolbar popup, for the recorded tab.
    await tab.bringToFront();
    const popup = await openPopup(env.browser);
    await popup.waitForText(/● Recording/);
    await popup.click('New session');
    await popup.waitForText(/A new session has started/);
    await popup.close();
    await tab.locator('#go').click();

    const ended = viewer.getByTestId('recording-ended');
    await ended.getByRole('link', { name: 'a new session' }).waitFor();
    expect(await ended.textContent()).toContain('New session by hand');
    expect(await viewer.getByTestId('live-status').count()).toBe(0);
    await viewer.screenshot({ path: `${SHOTS}/5-cut-by-hand.png` });
    await ended.getByRole('link', { name: 'a new session' }).click();
    const second = await waitFor(async () => {
      const data = await readStored(store);
      return data.sessions.find((s) => s.tabId === first.tabId && s.id !== first.id);
    }, 'the new session');
    await viewer.waitForURL(new RegExp(`#/session/${second.id}$`));
    await viewer.getByTestId('live-status').waitFor();
    expect(second.startReason).toBe('manual');
    await viewer.close();
    await tab.close();
  });

  // Last in this file: it deletes the browser's recordings.
  it('says so when Chromium closes its connection, keeping what it read', async () => {
    const tab = await env.browser.context.newPage();
    const address = env.server.url(`basic.html?closed=${++attempts}`);
    await tab.goto(address);
    await tab.locator('#go').click();
    const store = await env.browser.extensionPage();
    const session = await waitFor(async () => {
      const data = await readStored(store);
      const found = data.sessions.find((s) => s.firstUrl === address);
      return found && eventsOf(data, found.id).some((e) => e.type === 2) ? found : undefined;
    }, 'the recording session');
    const viewer = await openViewer(env.browser, `#/session/${session.id}`);
    await viewer.getByTestId('live-status').waitFor();
    await viewer.getByTestId('session-duration').waitFor();
    // The site's data cleared under the open page: Chromium closes every connection to it.
    const cdp = await env.browser.context.newCDPSession(viewer);
    await cdp.send('Storage.clearDataForOrigin', {
      origin: `chrome-extension://${env.browser.extensionId}`,
      storageTypes: 'indexeddb',
    });
    const warning = viewer.getByTestId('live-error');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('can no longer be read here');
    expect(await viewer.getByTestId('live-status').textContent()).toContain('not updating');
    // What was read stays on screen: the replay and the panels.
    expect(await viewer.getByRole('heading', { name: 'Basic page' }).count()).toBe(1);
    expect(await viewer.getByRole('tab', { name: 'Flow (1)' }).count()).toBe(1);
    await viewer.screenshot({ path: `${SHOTS}/6-connection-closed.png` });
    await viewer.close();
    await tab.close();
  });
});
