// rrweb's script is injected by the service worker once the page has painted. When the browser
// refuses (the relay asks 5 times, a second apart), the page is still recorded by the recorder's
// early watchers: what does the person get?
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { customPayload, customTag, TABREEL_TAG } from '../../shared/events/tabreel-events';
import type { NoReplayPayload } from '../../shared/events/tabreel-events';
import { SIGNAL_TAG } from '../../shared/signals/signal-events';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, waitForAnalysis } from './support/stored-sessions';
import { openViewer } from './support/viewer-page';

const env = useRecordingBrowser();
const SHOTS = '/tmp/shots-forged';
const REFUSAL = 'Cannot access contents of the page (refused in this test)';

describe('when rrweb cannot be injected into a page', () => {
  it('keeps its clicks, says in the session why there is no replay, and judges no click dead', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const worker = await env.browser.worker();
    // The browser refuses the injection, as it does on a page the extension may not script.
    await worker.evaluate((message) => {
      const scripting = chrome.scripting as { realExecuteScript?: unknown; executeScript: unknown };
      scripting.realExecuteScript = scripting.executeScript;
      scripting.executeScript = () => Promise.reject(new Error(message));
    }, REFUSAL);
    const page = await env.browser.context.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    try {
      await page.goto(env.server.url('basic.html?no-replay'));
      await page.click('#go');
      await page.getByText('clicked 1').waitFor();
      await page.waitForTimeout(1500); // apart: two clicks, not a rage click
      await page.click('#go');
      // The relay gives up after its fifth attempt, about 4 s after the first.
      await expect
        .poll(() => warnings.some((w) => w.includes('could not load its recorder')), {
          timeout: 15_000,
        })
        .toBe(true);
      await page.waitForTimeout(300); // the recorder's mark is handed over after a frame
    } finally {
      await worker.evaluate(() => {
        const scripting = chrome.scripting as {
          realExecuteScript?: unknown;
          executeScript: unknown;
        };
        scripting.executeScript = scripting.realExecuteScript;
      });
    }
    await page.close({ runBeforeUnload: false });

    const viewer = await env.browser.extensionPage();
    const { session, analysis, data } = await waitForAnalysis(viewer, (url) =>
      url.endsWith('basic.html?no-replay'),
    );
    const events = eventsOf(data, session.id);
    expect(
      events.some((e) => e.type === 2),
      'no full snapshot: rrweb never ran',
    ).toBe(false);
    const clicks = events.filter(
      (e) =>
        customTag(e) === SIGNAL_TAG.action && customPayload<{ kind: string }>(e)?.kind === 'click',
    );
    expect(clicks, 'both clicks, from the early action watcher').toHaveLength(2);
    const mark = events.find((e) => customTag(e) === TABREEL_TAG.noReplay);
    expect(customPayload<NoReplayPayload>(mark!)?.reason).toContain(REFUSAL);
    // Nothing recorded the page's DOM answering: that is no evidence of a dead click.
    expect(analysis.metrics.failedActions).toBe(0);

    const shown = await openViewer(env.browser, `#/session/${session.id}`);
    const notice = shown.getByTestId('no-replay');
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toContain(REFUSAL);
    expect(await notice.textContent()).toContain('could not load its page recorder');
    await expect
      .poll(() => shown.getByRole('tab', { name: /Failures/ }).textContent())
      .toContain('(0)');
    await shown.screenshot({ path: `${SHOTS}/no-replay-session.png` });
    await shown.close();
  });
});
