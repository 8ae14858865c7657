import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';
import type { ExtensionBrowser } from '../../support/chromium';

/**
 * The real toolbar popup, opened the way Chrome opens it (`chrome.action.openPopup()` for the
 * active tab) and driven through the DevTools protocol: Playwright does not list popup targets as
 * pages, so clicks and typing are real input events sent to the popup's own target.
 */
export interface PopupDriver {
  /** The popup's visible text (as rendered: uppercase labels read uppercase). */
  text(): Promise<string>;
  /** Clicks the button (or link-styled button) with this accessible text, as a mouse would. */
  click(name: string | RegExp): Promise<void>;
  /** Focuses the field with this label and types into it. */
  type(label: string, text: string): Promise<void>;
  /** Waits until the popup's text matches. */
  waitForText(pattern: RegExp, timeoutMs?: number): Promise<string>;
  screenshot(path: string): Promise<void>;
  /** Evaluates an expression in the popup (for what its text cannot say: a field's state). */
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

export async function openPopup(browser: ExtensionBrowser): Promise<PopupDriver> {
  // A focus change still on its way from an earlier click in the page closes a popup that has
  // just opened (as it would for a person clicking there): open it again when that happens.
  for (let attempt = 1; ; attempt++) {
    const driver = await openPopupOnce(browser);
    await new Promise((r) => setTimeout(r, 300));
    if (await driver.isOpen()) return driver;
    await driver.close();
    if (attempt === 3) throw new Error('The popup kept closing as soon as it opened.');
  }
}

async function openPopupOnce(
  browser: ExtensionBrowser,
): Promise<PopupDriver & { isOpen(): Promise<boolean> }> {
  const worker = await browser.worker();
  const cdp = await browser.context.browser()!.newBrowserCDPSession();
  await worker.evaluate(() => chrome.action.openPopup());
  let targetId: string | undefined;
  for (let i = 0; i < 50 && !targetId; i++) {
    const { targetInfos } = await cdp.send('Target.getTargets');
    targetId = targetInfos.find(
      (t) => t.type === 'page' && t.url.includes('/popup/popup.html'),
    )?.targetId;
    if (!targetId) await new Promise((r) => setTimeout(r, 100));
  }
  if (!targetId) throw new Error('The popup did not open.');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  const call = createCaller(cdp, sessionId);
  await call('Runtime.enable');
  const evaluate = async <T>(expression: string): Promise<T> => {
    const result = (await call('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value: T }; exceptionDetails?: { text: string } };
    if (result.exceptionDetails) throw new Error(result.exceptionDetails.text);
    return result.result.value;
  };
  /** Where the element is, once it is there (the popup renders after reading its data). */
  const centerOf = async (finder: string) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const box = await evaluate<{ x: number; y: number } | null>(`(() => {
        const el = ${finder};
        if (!el || el.disabled) return null;
        const r = el.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      })()`);
      if (box || Date.now() > deadline) return box;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const mouseClick = async (x: number, y: number) => {
    for (const type of ['mousePressed', 'mouseReleased'])
      await call('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 });
  };
  const driver: PopupDriver & { isOpen(): Promise<boolean> } = {
    async isOpen() {
      const { targetInfos } = await cdp.send('Target.getTargets');
      return targetInfos.some((t) => t.targetId === targetId);
    },
    text: () => evaluate<string>('document.body.innerText'),
    evaluate,
    async click(name) {
      const matcher = typeof name === 'string' ? JSON.stringify(name) : name.toString();
      const finder = `[...document.querySelectorAll('button')].find((b) => {
        const text = b.textContent.trim();
        const m = ${matcher};
        return typeof m === 'string' ? text === m : m.test(text);
      })`;
      const box = await centerOf(finder);
      if (!box)
        throw new Error(`No button named ${String(name)} in the popup: ${await driver.text()}`);
      await mouseClick(box.x, box.y);
    },
    async type(label, text) {
      const finder = `(() => { const l = [...document.querySelectorAll('label')].find((x) => x.textContent.trim() === ${JSON.stringify(label)}); return l && document.getElementById(l.htmlFor); })()`;
      const box = await centerOf(finder);
      if (!box) throw new Error(`No field labelled ${label} in the popup.`);
      await mouseClick(box.x, box.y);
      await call('Input.insertText', { text });
    },
    async waitForText(pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let text = '';
      while (Date.now() < deadline) {
        text = await driver.text();
        if (pattern.test(text)) return text;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`The popup never showed ${pattern}; it shows: ${text}`);
    },
    async screenshot(path) {
      const { data } = (await call('Page.captureScreenshot', { format: 'png' })) as {
        data: string;
      };
      writeFileSync(path, Buffer.from(data, 'base64'));
    },
    async close() {
      await evaluate('window.close()').catch(() => {});
      // Gone for good before the next popup opens.
      for (let i = 0; i < 50; i++) {
        const { targetInfos } = await cdp.send('Target.getTargets');
        if (!targetInfos.some((t) => t.targetId === targetId)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await cdp.detach().catch(() => {});
    },
  };
  return driver;
}

/** Sends a command to an attached (non-flattened) target and awaits its reply. */
function createCaller(cdp: CDPSession, sessionId: string) {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
    };
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  });
  return (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      void cdp
        .send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method, params }),
        })
        .catch(reject);
    });
}
