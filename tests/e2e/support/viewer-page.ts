import type { Frame, Page } from 'playwright-core';
import type { ExtensionBrowser } from '../../support/chromium';

/** Opens the viewer at a route (`#/session/ID?t=2`) in a new tab, as a link would. */
export async function openViewer(browser: ExtensionBrowser, hash = '#/'): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/viewer/index.html${hash}`);
  return page;
}

/** The isolated replay frame (the data: document that hosts rrweb's Replayer). */
export async function replayFrame(viewer: Page): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const frame = viewer.frames().find((f) => f.url().startsWith('data:'));
    if (frame) return frame;
    await viewer.waitForTimeout(50);
  }
  throw new Error('No replay frame in the viewer.');
}

/**
 * Reads the replayed page through the replay frame (which may script its own child, the
 * script-less frame rrweb rebuilds the recording into). Returns what `read` returns.
 */
export async function readReplayedPage<T>(viewer: Page, read: (doc: Document) => T): Promise<T> {
  const frame = await replayFrame(viewer);
  await frame.evaluate('globalThis.__name ??= (f) => f');
  return frame.evaluate(
    `(${read.toString()})(document.querySelector('.replayer-wrapper iframe').contentDocument)`,
  ) as Promise<T>;
}

/** The player's clock text, `0:05 / 0:12`. */
export async function replayClock(viewer: Page): Promise<string> {
  return (await viewer.getByTestId('replay-clock').textContent()) ?? '';
}

/** Seconds shown as the player's current position. */
export async function replaySeconds(viewer: Page): Promise<number> {
  const [current = ''] = (await replayClock(viewer)).split('/');
  const [m = '0', s = '0'] = current.trim().split(':');
  return Number(m) * 60 + Number(s);
}

/**
 * Plays the open session's replay at 16× until the replayed page's `selector` reads `text` (the
 * shop fixture's "Payment failed (500)", say), as a person watching it would.
 */
export async function playUntilText(
  viewer: Page,
  selector: string,
  text: string,
  timeoutMs = 15_000,
): Promise<void> {
  const shows = new Function(
    'doc',
    `return doc.querySelector(${JSON.stringify(selector)})?.textContent === ${JSON.stringify(text)} || undefined`,
  ) as (doc: Document) => true | undefined;
  await playUntil(viewer, shows, `"${text}" in ${selector}`, timeoutMs);
}

let watches = 0;

/**
 * Plays the open session's replay at 16× until `shows` (run in the replayed page, as in
 * readReplayedPage; self-contained) returns something other than undefined, and returns that:
 * what the page showed at that moment, read at once. It runs on every change the replay makes
 * (a MutationObserver in the replay frame), not only when the test polls: at 16× a state can
 * last a tenth of a second (the shop's last state, before its recording's next page), and a
 * poll or a read after it, a few round trips through a loaded machine later, missed it.
 */
export async function playUntil<T>(
  viewer: Page,
  shows: (doc: Document) => T | undefined,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const frame = await replayFrame(viewer);
  await frame.evaluate('globalThis.__name ??= (f) => f');
  const key = JSON.stringify(`__tabreelShown${(watches += 1)}`);
  // Watches the replayed document (again if the replay builds a new one) and keeps the first
  // value `shows` gives; returns it, or undefined while there is none, or null with no document.
  const latch = `(() => {
    const watch = (globalThis[${key}] ??= { seen: undefined, doc: null, observer: null });
    if (watch.seen !== undefined) return { seen: watch.seen };
    const doc = document.querySelector('.replayer-wrapper iframe')?.contentDocument;
    if (!doc?.body) return null;
    const check = () => {
      if (watch.seen !== undefined) return;
      try {
        const value = (${shows.toString()})(watch.doc);
        if (value !== undefined) watch.seen = value;
      } catch {}
    };
    if (watch.doc !== doc) {
      watch.observer?.disconnect();
      watch.doc = doc;
      watch.observer = new MutationObserver(check);
      watch.observer.observe(doc, { subtree: true, childList: true, characterData: true, attributes: true });
    }
    check();
    return watch.seen === undefined ? {} : { seen: watch.seen };
  })()`;
  const deadline = Date.now() + timeoutMs;
  const shown = () => frame.evaluate(latch) as Promise<{ seen?: T } | null>;
  // The watch is on before Play: the replay's first frame is drawn (its document has a body).
  while ((await shown()) === null) {
    if (Date.now() > deadline) throw new Error(`The replay never showed a page (${what}).`);
    await viewer.waitForTimeout(50);
  }
  await viewer.getByRole('button', { name: '16×' }).click();
  await viewer.getByRole('button', { name: 'Play' }).click();
  for (;;) {
    const state = await shown();
    if (state && 'seen' in state) return state.seen as T;
    if (Date.now() > deadline) {
      const page = await readReplayedPage(viewer, (doc) => doc.body?.textContent?.slice(0, 200));
      throw new Error(`The replay never showed ${what} (it shows: ${JSON.stringify(page)}).`);
    }
    await viewer.waitForTimeout(50);
  }
}

/**
 * Drops a file onto the session list, with a DataTransfer built in the page, as the desktop would.
 * `whileOver` runs between dragover and drop (the drop overlay is showing).
 */
export async function dropFileOnList(
  page: Page,
  name: string,
  bytes: Uint8Array,
  whileOver?: () => Promise<void>,
): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, base64 }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name));
      return transfer;
    },
    { name, base64: Buffer.from(bytes).toString('base64') },
  );
  const list = page.locator('.session-list-page');
  await list.dispatchEvent('dragenter', { dataTransfer });
  await list.dispatchEvent('dragover', { dataTransfer });
  await whileOver?.();
  await list.dispatchEvent('drop', { dataTransfer });
}
