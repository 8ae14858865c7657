import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtensionBrowser } from '../../support/chromium';

/**
 * Saves the browser's next download into `dir` and resolves with its path and file name. The popup
 * is no Playwright page, so its downloads are watched through the browser's own protocol.
 */
export async function nextBrowserDownload(
  browser: ExtensionBrowser,
  dir: string,
): Promise<{ done: Promise<{ path: string; name: string }>; stop: () => Promise<void> }> {
  const cdp = await browser.context.browser()!.newBrowserCDPSession();
  mkdirSync(dir, { recursive: true });
  await cdp.send('Browser.setDownloadBehavior', {
    behavior: 'allow',
    downloadPath: dir,
    eventsEnabled: true,
  });
  const names = new Map<string, string>();
  cdp.on('Browser.downloadWillBegin', (e) => names.set(e.guid, e.suggestedFilename));
  const done = new Promise<{ path: string; name: string }>((resolve) =>
    cdp.on('Browser.downloadProgress', (e) => {
      if (e.state !== 'completed') return;
      const name = names.get(e.guid)!;
      resolve({ path: join(dir, name), name });
    }),
  );
  return { done, stop: () => cdp.detach().catch(() => {}) };
}
