// The self-contained HTML export, as a person uses it: record a checkout that fails, pick "Self-
// contained page" in the session's Export menu, and open the downloaded file from disk in a
// browser that is offline and counts every request: it opens straight to the session, replays to
// the failed payment, and shows the failures and the flow, having asked the network for nothing.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRow } from '../../shared/db/schema';
import { chromiumPath, CHROMIUM_FLAGS } from '../support/chromium';
import { useRecordingBrowser } from './support/recording-browser';
import { readStored, waitFor } from './support/stored-sessions';
import { openPopup } from './support/popup-driver';
import { nextBrowserDownload } from './support/popup-downloads';
import { recordShopSession } from './support/shop-session';
import { readBundle } from '../../shared/bundle/read-bundle';
import { openViewer, playUntilText, readReplayedPage } from './support/viewer-page';

const env = useRecordingBrowser();
const FILES = resolve(import.meta.dirname, '../../.tmp/html-export');
const SHOTS = '/tmp/shots-standalone';
let session: SessionRow;
let exported: { path: string; name: string };
/** A browser without the extension, where the file is opened. */
let plain: Browser;

beforeAll(async () => {
  mkdirSync(FILES, { recursive: true });
  mkdirSync(SHOTS, { recursive: true });
  ({ session } = await recordShopSession(env, { items: 2 }));
  plain = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}, 90_000);

afterAll(async () => {
  await plain?.close();
});

/** Opens the exported file from disk, offline; every request any frame makes is counted. */
async function openFromDisk(): Promise<{ page: Page; requests: string[] }> {
  const context = await plain.newContext({ offline: true, viewport: { width: 1200, height: 800 } });
  const requests: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('file:') && !url.startsWith('data:')) requests.push(url);
  });
  await context.route('http*://**', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(pathToFileURL(exported.path).href);
  Object.assign(page, { errors });
  return { page, requests };
}

describe('the self-contained HTML export', () => {
  it('downloads from the session’s Export menu as one .html file carrying the bundle', async () => {
    const viewer = await openViewer(env.browser, `#/session/${session.id}`);
    await viewer.getByText('Export', { exact: true }).click();
    const item = viewer.getByRole('menuitem', { name: /Self-contained page/ });
    await item.waitFor();
    await viewer.screenshot({ path: join(SHOTS, 'html-export-menu.png') });
    const [download] = await Promise.all([viewer.waitForEvent('download'), item.click()]);
    const name = download.suggestedFilename();
    expect(name).toMatch(/^tabreel-127\.0\.0\.1-\d+-\d{4}-\d\d-\d\d\.html$/);
    exported = { path: join(FILES, `${Date.now()}-${name}`), name };
    await download.saveAs(exported.path);
    await viewer.close();

    const html = readFileSync(exported.path, 'utf8');
    expect(html).toContain('<title>Shop basket · Tabreel</title>');
    expect(html).toMatch(/<script type="application\/octet-stream" id="tabreel-bundle"/);
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)![1]!;
    expect(csp).toContain("connect-src 'none'");
    expect(/script-src ([^;]*)/.exec(csp)![1]).not.toContain('unsafe');
  });

  it('opens from disk offline straight to the session, replays it, shows failures and flow, and requests nothing', async () => {
    const { page, requests } = await openFromDisk();
    await page.waitForURL(/#\/session\//);
    await page.getByRole('heading', { name: 'Shop basket' }).waitFor();
    await playUntilText(page, '#status', 'Payment failed (500)', 30_000);
    const replayed = await readReplayedPage(page, (doc) => ({
      count: doc.querySelector('#count')?.textContent,
      items: doc.querySelectorAll('#items li').length,
    }));
    expect(replayed).toEqual({ count: '2 items', items: 2 });

    const failures = page.getByRole('tabpanel');
    await expect
      .poll(async () => (await failures.textContent()) ?? '')
      .toContain('Failed request after click');
    await page.screenshot({ path: join(SHOTS, 'html-export-replay.png') });
    await page.getByRole('tab', { name: /Flow/ }).click();
    expect(await failures.textContent()).toContain('shop.html');

    expect(requests).toEqual([]);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('exports the tab’s current session as a page from the popup too', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('shop.html'));
    await page.getByRole('button', { name: 'Add item' }).click();
    const extension = await env.browser.extensionPage();
    const open = await waitFor(async () => {
      const stored = await readStored(extension);
      return stored.sessions.find((s) => s.endedAt === null && s.eventCount > 0);
    }, 'the tab’s open session');
    await page.bringToFront();
    const download = await nextBrowserDownload(env.browser, join(FILES, `popup-${Date.now()}`));
    const popup = await openPopup(env.browser);
    await popup.waitForText(/Export as a page/);
    await popup.click('Export as a page');
    const { name, path } = await download.done;
    await popup.screenshot(join(SHOTS, 'popup-export-page.png'));
    await popup.close().catch(() => {});
    await download.stop();
    await page.close();
    expect(name).toMatch(/^tabreel-127\.0\.0\.1-\d+-\d{4}-\d\d-\d\d\.html$/);
    const html = readFileSync(path, 'utf8');
    const base64 = /id="tabreel-bundle"[^>]*>([^<]*)<\/script>/.exec(html)![1]!;
    const bundle = await readBundle(new Uint8Array(Buffer.from(base64, 'base64')));
    expect(bundle.sessions.map((s) => s.meta.id)).toEqual([open.id]);

    exported = { path, name };
    const opened = await openFromDisk();
    await opened.page.getByRole('heading', { name: 'Shop basket' }).waitFor();
    expect(opened.requests).toEqual([]);
    await opened.page.context().close();
  });
});
