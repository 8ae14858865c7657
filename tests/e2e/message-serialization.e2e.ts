// The manifest opts into structured-clone messaging (Chrome 148+): a batch's text is then copied
// once between the relay and the service worker, where JSON escaped every quote of it into a
// JSON text on the page's thread and decoded it again in the worker (bench S1, sixth step).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from '../support/chromium';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension();
});

afterAll(async () => {
  await browser?.close();
});

describe('extension messages', () => {
  it('arrive in the service worker as structured clones, not through JSON', async () => {
    const worker = await browser.worker();
    // Strings, not functions: the test runner's transform names functions with a helper the
    // worker does not have.
    await worker.evaluate(`(() => {
      globalThis.__probeReceived = new Promise((resolve) =>
        chrome.runtime.onMessage.addListener((message) => {
          if (message && message.probe) resolve(message.probe instanceof Map ? 'Map' : typeof message.probe);
          return false;
        }),
      );
    })()`);
    const page = await browser.extensionPage();
    // Through JSON a Map arrives as {}; cloned, as a Map.
    await page.evaluate(
      `chrome.runtime.sendMessage({ probe: new Map([['a', 1]]) }).catch(() => {})`,
    );
    expect(await worker.evaluate('globalThis.__probeReceived')).toBe('Map');
  });
});
