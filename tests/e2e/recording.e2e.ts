import { describe, expect, it } from 'vitest';
import { EventType } from '@rrweb/types';
import { customTag, TABREEL_TAG } from '../../shared/events/tabreel-events';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitFor } from './support/stored-sessions';

const env = useRecordingBrowser();

describe('recording', () => {
  it('records two tabs into two sessions; a navigation stays in its session with a second full snapshot', async () => {
    // Only this attempt's sessions count (a retry runs in the same browser).
    const since = Date.now();
    const a = await env.browser.context.newPage();
    const b = await env.browser.context.newPage();
    await a.goto(env.server.url('basic.html'));
    await b.goto(env.server.url('second.html'));
    await a.click('#go');
    await b.click('#go');
    await a.click('#next');
    await a.waitForURL(/second\.html/);
    await a.click('#go');

    const viewer = await env.browser.extensionPage();
    const ours = (stored: Awaited<ReturnType<typeof readStored>>) =>
      stored.sessions.filter(
        (s) => s.host === new URL(env.server.origin).host && s.startedAt >= since - 1000,
      );
    // The second page's view is counted as it starts; its full snapshot follows its first paint.
    const data = await waitFor(async () => {
      const stored = await readStored(viewer);
      const withTwoPages = ours(stored).find((s) => s.pageCount === 2);
      const snapshots = withTwoPages
        ? eventsOf(stored, withTwoPages.id).filter((e) => e.type === EventType.FullSnapshot)
        : [];
      return snapshots.length >= 2 && ours(stored).length >= 2 ? stored : undefined;
    }, 'two sessions, one with two pages and their two full snapshots');

    const recorded = ours(data);
    expect(recorded).toHaveLength(2);
    expect(new Set(recorded.map((s) => s.tabId)).size).toBe(2);
    const twoPages = recorded.find((s) => s.pageCount === 2)!;
    expect(twoPages.firstUrl).toBe(env.server.url('basic.html'));
    const events = eventsOf(data, twoPages.id);
    expect(events.filter((e) => e.type === EventType.FullSnapshot)).toHaveLength(2);
    expect(JSON.stringify(events)).toContain('basic-page-text');
    expect(JSON.stringify(events)).toContain('second-page-text');
    expect(twoPages.startedAt).toBe(events[0]!.timestamp);
    await a.close();
    await b.close();
  });
});

describe('single-page apps and manual splits', () => {
  it('keeps SPA route changes in one session and counts each as a page view', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('spa.html'));
    await page.getByRole('link', { name: 'Products' }).click();
    await page.getByRole('link', { name: 'Cart' }).click();
    await page.getByRole('link', { name: 'Help' }).click();
    const viewer = await env.browser.extensionPage();
    const data = await waitFor(async () => {
      const stored = await readStored(viewer);
      const spa = stored.sessions.find((s) => s.firstUrl.endsWith('spa.html'));
      return spa && spa.pageCount === 4 ? stored : undefined;
    }, 'the SPA session with four page views');
    const spa = data.sessions.find((s) => s.firstUrl.endsWith('spa.html'))!;
    expect(data.sessions.filter((s) => s.tabId === spa.tabId)).toHaveLength(1);
    const urls = eventsOf(data, spa.id)
      .filter((e) => customTag(e) === TABREEL_TAG.page)
      .map(
        (e) =>
          new URL((e.data as { payload: { url: string } }).payload.url).pathname +
          new URL((e.data as { payload: { url: string } }).payload.url).hash,
      );
    expect(urls).toEqual(['/spa.html', '/spa/products', '/spa/cart', '/spa/cart#help']);
    await page.close();
  });

  it('starts a new session on request, the new one opening with a full snapshot', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('basic.html?manual'));
    await page.click('#go');
    const viewer = await env.browser.extensionPage();
    const tabId = await waitFor(async () => {
      const stored = await readStored(viewer);
      return stored.sessions.find((s) => s.firstUrl.endsWith('?manual'))?.tabId;
    }, 'the first session');
    // The message the popup sends for "New session".
    const reply = await viewer.evaluate(
      (id) => chrome.runtime.sendMessage({ type: 'new-session', tabId: id }),
      tabId,
    );
    expect(reply).toEqual({ ok: true, marked: true });
    await page.click('#go');
    const data = await waitFor(async () => {
      const stored = await readStored(viewer);
      const mine = stored.sessions.filter((s) => s.tabId === tabId);
      return mine.length === 2 && mine.every((s) => s.eventCount > 0) ? stored : undefined;
    }, 'two sessions in the tab');
    const [first, second] = data.sessions
      .filter((s) => s.tabId === tabId)
      .sort((a, b) => a.startedAt - b.startedAt);
    expect(first!.endReason).toBe('manual');
    expect(second!.startReason).toBe('manual');
    const events = eventsOf(data, second!.id);
    expect(events.slice(0, 3).map((e) => e.type)).toEqual([
      EventType.Custom,
      EventType.Meta,
      EventType.FullSnapshot,
    ]);
    await page.close();
  });
});
