// The standalone viewer (dist/standalone/tabreel-viewer.html), served over http next to a bundle,
// in a browser with the extension loaded: a session recorded by the extension and exported from
// its viewer opens there by the file picker, by a drop and by `?bundle=`, with the same events,
// and replays to its end; a missing or corrupt file says why; and the extension records nothing of
// the viewer page itself (a normal page from the same server is recorded, as a control).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRow } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { useRecordingBrowser } from './support/recording-browser';
import { startFixtureServer, FIXTURE_PAGES, type FixtureServer } from './support/fixture-server';
import { eventsOf, readStored, waitFor } from './support/stored-sessions';
import { dropFileOnList, openViewer, playUntilText, readReplayedPage } from './support/viewer-page';
import { recordShopSession } from './support/shop-session';

const env = useRecordingBrowser();
const SHARE = resolve(import.meta.dirname, '../../.tmp/standalone-share');
const STANDALONE = resolve(import.meta.dirname, '../../dist/standalone/tabreel-viewer.html');
const SHOTS = '/tmp/shots-standalone';
/** Serves SHARE (the viewer next to its bundles) and the fixture pages, on an origin of its own. */
let share: FixtureServer;
let recorded: { session: SessionRow; events: TimedEvent[] };
let bundleName: string;

const byTime = (events: TimedEvent[]) => [...events].sort((a, b) => a.timestamp - b.timestamp);

/** Exports the recorded session from the extension's viewer, by its Export menu, into SHARE. */
async function exportFromExtension(): Promise<string> {
  const viewer = await openViewer(env.browser, `#/session/${recorded.session.id}`);
  await viewer.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([
    viewer.waitForEvent('download'),
    viewer.getByRole('menuitem', { name: /Tabreel bundle/ }).click(),
  ]);
  const name = download.suggestedFilename();
  await download.saveAs(join(SHARE, name));
  await viewer.close();
  return name;
}

async function openStandalone(query = ''): Promise<Page> {
  const page = await env.browser.context.newPage();
  await page.goto(share.url(`share/tabreel-viewer.html${query}`));
  return page;
}

/** The session page's event count, as the Duration tab shows it. */
async function shownEventCount(page: Page): Promise<number> {
  await page.getByRole('tab', { name: 'Duration' }).click();
  const text = (await page.getByText(/[\d,]+ events ·/).textContent()) ?? '';
  return Number(/([\d,]+) events/.exec(text)![1]!.replace(/,/g, ''));
}

beforeAll(async () => {
  rmSync(SHARE, { recursive: true, force: true });
  mkdirSync(SHARE, { recursive: true });
  mkdirSync(SHOTS, { recursive: true });
  copyFileSync(STANDALONE, join(SHARE, 'tabreel-viewer.html'));
  share = await startFixtureServer('127.0.0.1', { '/share/': SHARE, '/pages/': FIXTURE_PAGES });
  const shop = await recordShopSession(env);
  recorded = { session: shop.session, events: shop.events };
  bundleName = await exportFromExtension();
  writeFileSync(
    join(SHARE, 'damaged.tabreel'),
    readFileSync(join(SHARE, bundleName)).subarray(0, 400),
  );
}, 90_000);

afterAll(async () => {
  await share?.close();
});

describe('the standalone viewer', () => {
  it('imports an exported session by the file picker: same events, replays to its end', async () => {
    const page = await openStandalone();
    await page.getByText('Open a recorded session').waitFor();
    await page.screenshot({ path: join(SHOTS, 'standalone-empty.png') });
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Import', exact: true }).click(),
    ]);
    await chooser.setFiles(join(SHARE, bundleName));
    await page.getByTestId('import-outcome').filter({ hasText: bundleName }).waitFor();
    await page.getByText('Shop basket').first().click();
    expect(await shownEventCount(page)).toBe(recorded.session.eventCount);

    // Stored in the page's own origin, through the same schema: the very events recorded.
    const stored = await readStored(page);
    expect(stored.sessions).toHaveLength(1);
    const [row] = stored.sessions;
    expect(row).toMatchObject({ eventCount: recorded.session.eventCount, tabId: -1 });
    expect(row!.imported).toMatchObject({ from: bundleName, originalId: recorded.session.id });
    expect(byTime(eventsOf(stored, row!.id))).toEqual(recorded.events);

    await page.getByRole('tab', { name: /Failures/ }).click();
    await playUntilText(page, '#status', 'Payment failed (500)', 30_000);
    const basket = await readReplayedPage(page, (doc) => doc.querySelector('#count')?.textContent);
    expect(basket).toBe('3 items');
    await page.screenshot({ path: join(SHOTS, 'standalone-replay.png') });
    await page.close();
  });

  it('opens ?bundle= straight to its session, again after a reload without storing it twice', async () => {
    const page = await openStandalone(`?bundle=${encodeURIComponent(bundleName)}`);
    await page.waitForURL(/#\/session\//);
    await page.getByRole('heading', { name: 'Shop basket' }).waitFor();
    expect(await shownEventCount(page)).toBe(recorded.session.eventCount);
    const first = page.url();
    await page.goto(
      share.url(`share/tabreel-viewer.html?bundle=${encodeURIComponent(bundleName)}`),
    );
    await page.waitForURL(/#\/session\//);
    expect(page.url().split('#')[1]).toBe(first.split('#')[1]);
    // The picker's import of the same file is the one opened: one session, not three.
    expect((await readStored(page)).sessions).toHaveLength(1);
    await page.close();
  });

  it('says why a ?bundle= file cannot be opened: missing, damaged, or from elsewhere', async () => {
    const cases: Array<[string, RegExp]> = [
      ['missing.tabreel', /no such file next to this viewer \(404\)/],
      ['damaged.tabreel', /truncated|ends early|cut off/i],
      ['http://example.com/x.tabreel', /Only a file served next to this viewer/],
    ];
    for (const [name, reason] of cases) {
      const page = await openStandalone(`?bundle=${encodeURIComponent(name)}`);
      const alert = page.getByTestId('arrival-error');
      await alert.waitFor();
      const text = (await alert.textContent()) ?? '';
      expect(text).toContain(`Could not open “${name}”`);
      expect(text).toMatch(reason);
      expect(text).toContain('Nothing was imported.');
      if (name === 'damaged.tabreel')
        await page.screenshot({ path: join(SHOTS, 'standalone-damaged.png') });
      await page.close();
    }
    // The refused files stored nothing.
    const page = await openStandalone();
    expect((await readStored(page)).sessions).toHaveLength(1);
    await page.close();
  });

  it('refuses a dropped file that is not a bundle, and imports a dropped bundle', async () => {
    const page = await openStandalone();
    await page.getByText('Shop basket').first().waitFor();
    await dropFileOnList(page, 'notes.tabreel', new TextEncoder().encode('hello'));
    const refused = page.getByTestId('import-outcome').filter({ hasText: 'notes.tabreel' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('not a Tabreel bundle');
    await dropFileOnList(page, 'copy.tabreel', readFileSync(join(SHARE, bundleName)));
    await page.getByTestId('import-outcome').filter({ hasText: 'copy.tabreel' }).waitFor();
    expect((await readStored(page)).sessions).toHaveLength(2);
    await page.close();
  });

  it('exports a session as a self-contained page too, which opens from disk', async () => {
    const page = await openStandalone(`?bundle=${encodeURIComponent(bundleName)}`);
    await page.getByRole('heading', { name: 'Shop basket' }).waitFor();
    await page.getByText('Export', { exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: /Self-contained page/ }).click(),
    ]);
    const path = join(SHARE, `exported-${Date.now()}.html`);
    await download.saveAs(path);
    await page.close();
    expect(readFileSync(path, 'utf8')).toContain("connect-src 'none'");

    const opened = await env.browser.context.newPage();
    const requests: string[] = [];
    opened.on('request', (r) => {
      if (!/^(file|data):/.test(r.url())) requests.push(r.url());
    });
    await opened.goto(pathToFileURL(path).href);
    await opened.getByRole('heading', { name: 'Shop basket' }).waitFor();
    await playUntilText(opened, '#status', 'Payment failed (500)', 30_000);
    expect(requests).toEqual([]);
    await opened.close();
  });

  it('is never recorded by the extension, while a page from the same server is', async () => {
    const viewerPage = await openStandalone(`?bundle=${encodeURIComponent(bundleName)}`);
    await viewerPage.getByRole('heading', { name: 'Shop basket' }).waitFor();
    await viewerPage.getByRole('button', { name: 'Play' }).click();
    await viewerPage.mouse.click(300, 300);
    await viewerPage.keyboard.press('ArrowRight');
    await viewerPage.waitForTimeout(1500);
    await viewerPage.close();
    const control = await env.browser.context.newPage();
    await control.goto(share.url('pages/basic.html'));
    await control.waitForTimeout(300);
    await control.mouse.click(50, 50);
    await control.waitForTimeout(1500);
    await control.close();

    const extension = await env.browser.extensionPage();
    await waitFor(
      async () =>
        (await readStored(extension)).sessions.some((s) => s.firstUrl.endsWith('basic.html'))
          ? true
          : undefined,
      'the control page recorded',
    );
    const sessions = (await readStored(extension)).sessions;
    const fromShare = sessions.filter((s) => s.firstUrl.startsWith(share.origin));
    expect(fromShare.map((s) => new URL(s.firstUrl).pathname)).toEqual(['/pages/basic.html']);
  });
});
