import { EventType } from '@rrweb/types';
import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  customPayload,
  customTag,
  TABREEL_TAG,
  type MarkerPayload,
  type SessionStartPayload,
} from '../../shared/events/tabreel-events';
import { openOptions } from './support/extension-pages';
import { openPopup } from './support/popup-driver';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitFor } from './support/stored-sessions';

const env = useRecordingBrowser();

async function badgeOf(page: Page): Promise<string> {
  const worker = await env.browser.worker();
  const url = page.url();
  return worker.evaluate(async (target) => {
    const [tab] = await chrome.tabs.query({ url: target });
    return chrome.action.getBadgeText({ tabId: tab!.id! });
  }, url);
}

async function sessionsOf(url: string) {
  const stored = await readStored(await env.browser.extensionPage());
  const tabSessions = stored.sessions.filter((s) => s.firstUrl === url);
  return { stored, tabSessions };
}

describe('the toolbar popup', () => {
  it('shows the tab’s live session and its failed actions; adds a marker where the person is', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('shop.html'));
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.getByText('Payment failed (500)').waitFor();
    await page.bringToFront();

    const popup = await openPopup(env.browser);
    await popup.waitForText(/● Recording/);
    const text = await popup.waitForText(/Failed actions\s*1\b/i);
    expect(text).toContain('127.0.0.1');
    expect(text).toMatch(/Pages\s*1\b/i);
    await popup.screenshot('.tmp/screens/popup-recording.png');
    expect(await badgeOf(page)).toBe('1');

    const before = Date.now();
    await popup.type('Marker note', 'total is wrong');
    await popup.click('Add marker');
    await popup.waitForText(/Marker added at this moment/);
    const after = Date.now();
    const marker = await waitFor(async () => {
      const { stored, tabSessions } = await sessionsOf(page.url());
      const events = tabSessions.flatMap((s) => eventsOf(stored, s.id));
      return events.find((e) => customTag(e) === TABREEL_TAG.marker);
    }, 'the marker to be stored');
    expect(customPayload<MarkerPayload>(marker)).toEqual({ note: 'total is wrong' });
    expect(marker.timestamp).toBeGreaterThanOrEqual(before);
    expect(marker.timestamp).toBeLessThanOrEqual(after);
    await popup.close();
    await page.close();
  });

  it('names the page’s own errors and failed requests beside a failed-action count of 0', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('errors.html?page-failures'));
    // No click: a page throwing from its timers and a request no action made.
    await page.evaluate(async () => {
      for (let i = 0; i < 3; i++) setTimeout(() => (null as unknown as { boom(): void }).boom(), 0);
      await fetch('/api/status/500').catch(() => {});
    });
    await page.bringToFront();

    const popup = await openPopup(env.browser);
    await popup.waitForText(/● Recording/);
    const text = await popup.waitForText(/Also: 3 page errors, 1 failed request/);
    expect(text).toMatch(/Failed actions\s*0\b/i);
    await popup.screenshot('.tmp/screens/popup-page-failures.png');
    await popup.close();
    await page.close();
  });

  it('shows the marker field as unavailable, with its button, on a page that is not recorded', async () => {
    const page = await env.browser.context.newPage();
    await page.goto('data:text/html,<title>Not a web page</title><p>A data: page</p>');
    await page.bringToFront();
    const popup = await openPopup(env.browser);
    await popup.waitForText(/Not recordable/);
    const field = await popup.evaluate<{ disabled: boolean; background: string; cursor: string }>(
      `(() => {
        const input = document.getElementById('marker-note');
        const style = getComputedStyle(input);
        return { disabled: input.disabled, background: style.backgroundColor, cursor: style.cursor };
      })()`,
    );
    // Disabled it always was; it looked like a field to type in (white, a text cursor).
    expect(field).toEqual({
      disabled: true,
      background: 'rgb(243, 244, 246)',
      cursor: 'not-allowed',
    });
    await popup.screenshot('.tmp/screens/popup-not-recordable.png');
    await popup.close();
    await page.close();
  });

  it('pauses everywhere (nothing stored), resumes into a new session that starts with a full snapshot', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('shop.html?pause'));
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.bringToFront();
    const popup = await openPopup(env.browser);
    await popup.waitForText(/● Recording/);
    await popup.click('Pause recording');
    await popup.waitForText(/Paused/);
    await waitFor(
      async () => ((await badgeOf(page)) === '❚❚' ? true : undefined),
      'the paused badge',
    );
    await page.waitForTimeout(1200); // the last batch before the pause lands
    const { tabSessions: beforePause } = await sessionsOf(page.url());
    const countBefore = beforePause.reduce((n, s) => n + s.eventCount, 0);
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Add item' }).click();
    await page.waitForTimeout(1500);
    const { tabSessions: whilePaused } = await sessionsOf(page.url());
    expect(whilePaused.reduce((n, s) => n + s.eventCount, 0)).toBe(countBefore);

    // Working in the page closes the popup, as it does for a person: open it again to resume.
    await page.bringToFront();
    const again = await openPopup(env.browser);
    await again.click('Resume recording');
    await again.waitForText(/● Recording/);
    await again.screenshot('.tmp/screens/popup-resumed.png');
    await again.close();
    await page.getByRole('button', { name: 'Add item' }).click();
    const resumed = await waitFor(async () => {
      const { stored, tabSessions } = await sessionsOf(page.url());
      const session = tabSessions.find((s) => s.startReason !== 'navigation');
      if (!session) return undefined;
      const events = eventsOf(stored, session.id);
      return events.some((e) => e.type === EventType.FullSnapshot) ? events : undefined;
    }, 'a resumed session with a full snapshot');
    const start = resumed.find((e) => customTag(e) === TABREEL_TAG.sessionStart);
    expect(customPayload<SessionStartPayload>(start!)?.reason).toBe('resume');
    await page.close();
  });

  it('excludes this site in its open tab at once, and includes it again', async () => {
    // Whatever happens here, the next tests record this site again.
    onTestFinished(async () => {
      const worker = await env.browser.worker();
      await worker.evaluate(async () => {
        const { settings } = await chrome.storage.local.get('settings');
        await chrome.storage.local.set({
          settings: { ...(settings as object), excludedSites: [] },
        });
      });
    });
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('shop.html?exclude'));
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.bringToFront();
    const popup = await openPopup(env.browser);
    await popup.waitForText(/● Recording/);
    await popup.click('Exclude this site');
    const excluded = await popup.waitForText(/Excluded/);
    expect(excluded).toContain('never recorded');
    await popup.screenshot('.tmp/screens/popup-excluded.png');
    expect(await badgeOf(page)).toBe('');
    await page.waitForTimeout(1200);
    const { tabSessions: before } = await sessionsOf(page.url());
    const countBefore = before.reduce((n, s) => n + s.eventCount, 0);
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.waitForTimeout(1500);
    const { tabSessions: after } = await sessionsOf(page.url());
    expect(after.reduce((n, s) => n + s.eventCount, 0)).toBe(countBefore);

    await page.bringToFront();
    const again = await openPopup(env.browser);
    await again.click('Include this site');
    await again.waitForText(/● Recording/);
    await again.close();
    await page.getByRole('button', { name: 'Add item' }).click();
    await waitFor(async () => {
      const { tabSessions } = await sessionsOf(page.url());
      return tabSessions.reduce((n, s) => n + s.eventCount, 0) > countBefore ? true : undefined;
    }, 'recording again in the open tab');
    await page.close();
  });

  it('starts a new session, opens the viewer at this session, and shows the recorder’s errors', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('shop.html?new'));
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.bringToFront();
    const first = await waitFor(
      async () => (await sessionsOf(page.url())).tabSessions[0],
      'a session',
    );
    const popup = await openPopup(env.browser);
    await popup.waitForText(/● Recording/);
    await popup.click('New session');
    await popup.waitForText(/A new session has started/);
    await page.getByRole('button', { name: 'Add item' }).click();
    const second = await waitFor(async () => {
      const stored = await readStored(await env.browser.extensionPage());
      return stored.sessions.find((s) => s.tabId === first.tabId && s.id !== first.id);
    }, 'the new session');
    expect(second.startReason).toBe('manual');

    const worker = await env.browser.worker();
    await worker.evaluate(() =>
      chrome.storage.local.set({
        status: {
          rejectedMessages: 0,
          failedWrites: 2,
          lastError: { at: Date.now(), message: 'UnknownError: disk I/O' },
          storageFull: null,
          evictions: null,
        },
      }),
    );
    await page.bringToFront();
    const again = await openPopup(env.browser);
    const problems = await again.waitForText(/2 writes failed; last: UnknownError: disk I\/O/);
    expect(problems).toContain('sent again');
    await again.screenshot('.tmp/screens/popup-errors.png');

    const viewerOpened = env.browser.context.waitForEvent('page');
    await again.click('Open this session in the viewer');
    const viewer = await viewerOpened;
    await viewer.waitForURL(/viewer\/index\.html#\/session\//);
    expect(decodeURIComponent(viewer.url().split('#/session/')[1]!)).toBe(second.id);
    await viewer.close();
    await worker.evaluate(() => chrome.storage.local.remove('status'));
    await page.close();
  });

  it('drops the previous session’s failed-action count from the badge as soon as a new session starts', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('shop.html?new-badge'));
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.getByText('Payment failed (500)').waitFor();
    await waitFor(async () => ((await badgeOf(page)) === '1' ? true : undefined), 'the badge’s 1');
    await page.bringToFront();
    const popup = await openPopup(env.browser);
    await popup.click('New session');
    await popup.waitForText(/A new session has started/);
    // At once: the new session's own count comes seconds after its first batch.
    await waitFor(
      async () => ((await badgeOf(page)) === 'REC' ? true : undefined),
      'the badge without the previous session’s count',
      1000,
    );
    await popup.screenshot('.tmp/screens/popup-new-session.png');
    await popup.close();
    await page.close();
  });

  it('opens on the truth: a session past its inactivity limit has ended, and the badge agrees', async () => {
    const worker = await env.browser.worker();
    // The once-a-minute sweep would end it too: off, so only opening the popup can.
    await worker.evaluate(async () => {
      await chrome.alarms.clear('tabreel-sweep');
      const { settings } = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({
        settings: { ...(settings as object), inactivityTimeoutMs: 5000 },
      });
    });
    onTestFinished(async () => {
      await worker.evaluate(async () => {
        await chrome.alarms.create('tabreel-sweep', { periodInMinutes: 1 });
        const { settings } = await chrome.storage.local.get('settings');
        await chrome.storage.local.set({
          settings: { ...(settings as object), inactivityTimeoutMs: 30 * 60_000 },
        });
      });
    });
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('shop.html?idle'));
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.getByText('Payment failed (500)').waitFor();
    await waitFor(async () => ((await badgeOf(page)) === '1' ? true : undefined), 'the badge’s 1');
    const { tabSessions } = await sessionsOf(page.url());
    expect(tabSessions.filter((s) => s.endedAt === null)).toHaveLength(1);
    await page.waitForTimeout(6000); // past the 5 s limit, no user event since

    await page.bringToFront();
    const popup = await openPopup(env.browser);
    const text = await popup.waitForText(/● Recording/);
    expect(text).toContain('No session open');
    expect(text).not.toMatch(/Duration/i);
    await popup.screenshot('.tmp/screens/popup-past-inactivity.png');
    expect(await badgeOf(page)).toBe('REC');
    const { tabSessions: after } = await sessionsOf(page.url());
    expect(after.find((s) => s.id === tabSessions[0]!.id)?.endReason).toBe('inactivity');
    await popup.close();
    await page.close();
  });

  // Last: it deletes every session of this file.
  it('drops the failed-action count from the badge when every recording is deleted', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('shop.html?delete-all'));
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.getByText('Payment failed (500)').waitFor();
    await waitFor(async () => ((await badgeOf(page)) === '1' ? true : undefined), 'the badge’s 1');

    const options = await openOptions(env.browser);
    await options.getByRole('button', { name: 'Delete all data…' }).click();
    await options.getByRole('button', { name: 'Delete everything' }).click();
    await options
      .getByRole('status')
      .filter({ hasText: /^Deleted \d+ sessions?/ })
      .waitFor();
    await options.close();
    // The tab stays quiet: nothing else would count it again. Its session is gone, so is its count.
    await waitFor(
      async () => ((await badgeOf(page)) === 'REC' ? true : undefined),
      'the badge back to REC',
      5000,
    );
    await page.close();
  });
});
