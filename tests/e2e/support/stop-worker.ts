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

/** The extension's service worker as CDP sees it: stopped on demand, and watched as it wakes. */
export interface WorkerControl {
  /** Stops the running worker (as Chromium stops an idle one) and waits until it has stopped. */
  stop(): Promise<void>;
  /** Waits until something woke the worker again: it runs a fresh life. */
  running(): Promise<void>;
  /** How many times the worker started since this watch began. */
  starts(): number;
}

/** Watches the worker through a CDP session on `page` (any page of the browser). */
export async function controlWorker(context: BrowserContext, page: Page): Promise<WorkerControl> {
  const cdp = await context.newCDPSession(page);
  let state: 'running' | 'stopped' | 'other' = 'other';
  let starts = 0;
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) {
      if (version.runningStatus === 'running' && state !== 'running') starts += 1;
      if (version.runningStatus === 'running') state = 'running';
      if (version.runningStatus === 'stopped') state = 'stopped';
    }
  });
  await cdp.send('ServiceWorker.enable');
  return {
    stop: async () => {
      await cdp.send('ServiceWorker.stopAllWorkers');
      await waitFor(async () => (state === 'stopped' ? true : undefined), 'the worker to stop');
    },
    running: async () => {
      await waitFor(async () => (state === 'running' ? true : undefined), 'the worker to run');
    },
    starts: () => starts,
  };
}
