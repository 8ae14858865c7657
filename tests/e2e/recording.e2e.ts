import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventType } from '@rrweb/types';
import { launchWithExtension, type ExtensionBrowser } from '../support/chromium';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';
import { eventsOf, readStored, waitFor } from './support/stored-sessions';

let browser: ExtensionBrowser;
let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('recording', () => {
  it('records two tabs into two sessions; a navigation stays in its session with a second full snapshot', async () => {
    const a = await browser.context.newPage();
    const b = await browser.context.newPage();
    await a.goto(server.url('basic.html'));
    await b.goto(server.url('second.html'));
    await a.click('#go');
    await b.click('#go');
    await a.click('#next');
    await a.waitForURL(/second\.html/);
    await a.click('#go');

    const viewer = await browser.extensionPage();
    const data = await waitFor(async () => {
      const stored = await readStored(viewer);
      const withTwoPages = stored.sessions.find((s) => s.pageCount === 2);
      return withTwoPages && stored.sessions.length >= 2 ? stored : undefined;
    }, 'two sessions, one with two pages');

    const recorded = data.sessions.filter((s) => s.host === new URL(server.origin).host);
    expect(recorded).toHaveLength(2);
    expect(new Set(recorded.map((s) => s.tabId)).size).toBe(2);
    const twoPages = recorded.find((s) => s.pageCount === 2)!;
    expect(twoPages.firstUrl).toBe(server.url('basic.html'));
    const events = eventsOf(data, twoPages.id);
    expect(events.filter((e) => e.type === EventType.FullSnapshot)).toHaveLength(2);
    expect(JSON.stringify(events)).toContain('basic-page-text');
    expect(JSON.stringify(events)).toContain('second-page-text');
    expect(twoPages.startedAt).toBe(events[0]!.timestamp);
    await a.close();
    await b.close();
  });
});
