import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '../../support/chromium';

export const OPTIONS_PATH = 'extension/options/options.html';

/** Opens the options page as a user would find it (Details → Extension options opens this URL). */
export async function openOptions(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/${OPTIONS_PATH}`);
  await page.getByRole('button', { name: 'Save' }).waitFor();
  return page;
}

/** Clicks Save and waits for the confirmation. */
export async function saveOptions(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
}

/**
 * Turns on "Allow in Incognito" in chrome://extensions, as a user would. Chrome reloads the
 * extension on that change (and disables an unpacked one outside developer mode), so developer mode
 * goes on first and the caller gets the reloaded worker.
 */
export async function allowInIncognito(browser: ExtensionBrowser): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto(`chrome://extensions/?id=${browser.extensionId}`);
  const devMode = page.locator('#devMode');
  if ((await devMode.getAttribute('aria-pressed')) !== 'true') await devMode.click();
  const old = await browser.worker();
  const reloaded = new Promise<void>((done) => old.once('close', () => done()));
  await page.locator('#allow-incognito').click();
  await reloaded;
  await (await browser.worker()).evaluate(() => chrome.runtime.id);
  await page.close();
}

/** Opens a URL in a new incognito window through the extension's own API; returns the window id. */
export async function openIncognitoWindow(browser: ExtensionBrowser, url: string): Promise<number> {
  const worker = await browser.worker();
  return worker.evaluate(async (target) => {
    const created = await chrome.windows.create({ incognito: true, url: target });
    if (!created?.incognito || created.id === undefined)
      throw new Error('No incognito window was created.');
    return created.id;
  }, url);
}
