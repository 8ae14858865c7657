import type { BrowserContext, Page } from 'playwright-core';
import { waitFor } from './stored-sessions';

/**
 * Stops the extension's service worker `times` times through CDP while `page` keeps working, each
 * stop after a varied pause once the worker runs again. Tracks the worker's real state, so every
 * stop counted hit a running worker (woken by the next batch): a test cannot pass on stops that did
 * nothing. Returns how many running workers were stopped.
 */
export async function stopWorkerRepeatedly(
  context: BrowserContext,
  page: Page,
  times: number,
  pauseMs: (stop: number) => number,
): Promise<number> {
  const cdp = await context.newCDPSession(page);
  let running = false;
  let stopped = 0;
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) {
      if (version.runningStatus === 'running') running = true;
      if (version.runningStatus === 'stopped' && running) {
        running = false;
        stopped += 1;
      }
    }
  });
  await cdp.send('ServiceWorker.enable');
  for (let stop = 0; stop < times; stop += 1) {
    await waitFor(async () => (running ? true : undefined), 'the worker to run again', 10_000);
    await page.waitForTimeout(pauseMs(stop));
    const before = stopped;
    await cdp.send('ServiceWorker.stopAllWorkers');
    // The stop itself, not the state after it: a batch waiting restarts the worker at once, and
    // under load its "stopped" and "running" both came before the command's answer (so a wait
    // for a stopped state then found it running, for 10 s).
    await waitFor(async () => (stopped > before ? true : undefined), 'the worker to stop', 10_000);
  }
  return stopped;
}
