// A service worker that starts on a full disk (Chromium stops an idle worker after 30 s, and starts
// one with the browser) must not open the database there: Chromium deleted the whole database when
// it was opened on a disk all but full after a write had closed it (stop-disk-full.e2e.ts), and a
// fresh worker's background jobs, badge and tab handlers all open it at start. The profile lives on
// a small disk of its own (support/small-disk.ts), filled with a file as anything else could.
//
// What the product does, checked here: sessions are stored (one ended, one recording), the disk
// fills until recording stops, and every page that reads the database is closed (as after a
// browser start: the worker's is the only connection). The worker is stopped and woken on the full
// disk, twice: by the page's resend of the batch that met the full disk, and by the popup, which
// says the disk is full. Once space is freed, recording starts again, and every session and event
// stored before the disk filled is still there, with the batch that met the full disk.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchWithExtension } from '../support/chromium';
import { openPopup } from './support/popup-driver';
import {
  changeCarries,
  eventsOfTab,
  popupShows,
  sessionsOfTab,
  tabIdOf,
  waitForCommands,
  waitForFullSnapshot,
  waitForRestartedRecording,
} from './support/recording-stops';
import { databaseOpens } from './support/database-opens';
import { createSmallDisk } from './support/small-disk';
import { LEFT_FREE_BYTES, smallDiskBrowser } from './support/small-disk-browser';
import { controlWorker } from './support/stop-worker';
import {
  addStoredItem,
  beforeTheStop,
  clickIntoFullDisk,
  pageLog,
  quoted,
} from './support/stops-page';
import { eventsOf, readStored, waitFor, type StoredData } from './support/stored-sessions';

const SHOTS = '/tmp/shots-dbgate';
/** Chromium closes a database's files a little after its last connection closed (2 s). */
const BROWSER_CLOSES_DATABASE_MS = 5000;

const disk = createSmallDisk();

const diskBrowser = smallDiskBrowser(disk);
const { env, note } = diskBrowser;

/** Opens the fixture in a new tab and waits until a first full snapshot of it is stored. */
async function recordingPage(viewer: Page, query: string): Promise<{ page: Page; tabId: number }> {
  const page = await env.browser.context.newPage();
  await page.goto(env.server.url(`stops.html?${query}`));
  const tabId = await tabIdOf(env.browser, page);
  await waitForFullSnapshot(viewer, tabId);
  return { page, tabId };
}

/** The disk's free bytes, for a failure's message (no call into the worker: it may be stopped). */
const diskState = async () => `${disk.freeBytes()} bytes free`;

/** Every stored event by session, as JSON: what must still be there after the full disk. */
function storedEvents(data: StoredData): Map<string, string[]> {
  return new Map(
    data.sessions.map((s) => [s.id, eventsOf(data, s.id).map((e) => JSON.stringify(e))]),
  );
}

/**
 * Two sessions stored: an ended one (its tab closed) and the recording one, each with clicks.
 * Returns the recording page and what is stored, every event by session.
 */
async function storeTwoSessions(
  viewer: Page,
): Promise<{ page: Page; tabId: number; storedBefore: Map<string, string[]> }> {
  const closed = await recordingPage(viewer, 'restart-closed');
  await addStoredItem(closed.page);
  await addStoredItem(closed.page);
  await closed.page.close();
  await waitFor(async () => {
    const [session] = sessionsOfTab(await readStored(viewer), closed.tabId);
    return session?.endedAt ? session : undefined;
  }, 'the closed tab’s session to end');
  const { page, tabId } = await recordingPage(viewer, 'restart-open');
  env.page = page;
  for (let i = 0; i < 3; i++) await addStoredItem(page);
  const storedBefore = storedEvents(await readStored(viewer));
  expect(storedBefore.size).toBe(2);
  return { page, tabId, storedBefore };
}

/** Fills the disk (to `leftFree`) and clicks until recording stops; returns when it filled. */
async function clickUntilFull(
  page: Page,
  leftFree: number,
): Promise<{ filledAt: number; stoppedAt: number }> {
  let filledAt = 0;
  const { stoppedAt } = await clickIntoFullDisk(
    page,
    () => {
      filledAt = Date.now();
      disk.fill(leftFree);
    },
    diskState,
    note,
  );
  return { filledAt, stoppedAt };
}

/**
 * Nothing opened the database's files on the full disk: Chromium's own log of the database
 * (LevelDB's, in the profile) records no open since the disk filled.
 */
function expectNoOpenSince(filledAt: number): void {
  const opensWhileFull = databaseOpens(disk.dir, env.browser.extensionId).filter(
    (at) => at >= filledAt,
  );
  expect(
    opensWhileFull.map((at) => new Date(at).toISOString()),
    'the database was opened on the full disk',
  ).toEqual([]);
}

/** Every session stored before the disk filled is stored still, with every one of its events. */
function expectAllKept(storedBefore: Map<string, string[]>, data: StoredData): void {
  const storedAfter = storedEvents(data);
  for (const [id, events] of storedBefore) {
    const now = new Set(storedAfter.get(id) ?? []);
    const lost = events.filter((e) => !now.has(e));
    expect(
      lost.map((e) => e.slice(0, 120)),
      `session ${id}: ${lost.length} of its ${events.length} events stored before the disk filled are gone`,
    ).toEqual([]);
  }
}

describe.skipIf(disk.cannotMount !== null)(
  'a service worker started on a full disk does not open the database there',
  () => {
    diskBrowser.useInTests();

    // To 1 MB: the worker's estimate finds the disk full before any write fails. To the last byte
    // at once: a write finds the disk itself full and Chromium closes the database under the worker.
    it.each([
      // Failed writes the popup counts: each refusal for room once, however often the worker
      // restarts; to the last byte, the write that met the full disk too.
      { filled: 'to 1 MB', leftFree: LEFT_FREE_BYTES, shot: 'restart', failedWrites: [1] },
      {
        filled: 'to the last byte at once',
        leftFree: 0,
        shot: 'restart-zero',
        failedWrites: [1, 2],
      },
    ])(
      'filled $filled, the worker stopped and woken there: every session and event stored before is kept',
      async ({ leftFree, shot, failedWrites }) => {
        mkdirSync(SHOTS, { recursive: true });
        let viewer = await env.browser.extensionPage();
        const { page, tabId, storedBefore } = await storeTwoSessions(viewer);
        // No page holds a connection to the database: the worker's is the only one, as after a
        // browser start, so its open is the one that opens the database on the disk.
        await viewer.close();
        const { filledAt, stoppedAt } = await clickUntilFull(page, leftFree);
        const recorded = beforeTheStop(await pageLog(page));
        const full = recorded.items.at(-1)!;
        note(`items before the stop: ${recorded.items.join(',')}`);

        // Stopped, as Chromium stops an idle worker, and woken on the full disk by the page's
        // resend of the batch that met it (the relay resends while it holds one).
        const worker = await controlWorker(env.browser.context, page);
        await worker.stop();
        await worker.running();
        note(`woken by the page: ${await diskState()}`);
        // The page frozen (as Chromium freezes a background tab): nothing wakes the worker, which
        // stays stopped long enough for the browser to close the database's files behind it.
        const pageCdp = await env.browser.context.newCDPSession(page);
        await pageCdp.send('Page.enable');
        await pageCdp.send('Page.setWebLifecycleState', { state: 'frozen' });
        await worker.stop();
        await page.waitForTimeout(BROWSER_CLOSES_DATABASE_MS);
        // Woken by the person opening the popup: it says the disk is full.
        const popup = await openPopupWaking(page);
        const popupText = await popup.waitForText(/Disk full since/);
        await popup.screenshot(`${SHOTS}/${shot}-1-popup-full.png`);
        await popup.close();
        expect(popupText).toMatch(
          /The disk is full: recording is paused in every tab until space is freed[\s\S]*Disk full since .*: recording is paused/,
        );
        const counted = Number(/(\d+) writes? failed/.exec(popupText)?.[1]);
        expect(failedWrites, `failed writes in the popup: ${popupText}`).toContain(counted);
        // The worker's jobs, badge and handlers had their chance at the database meanwhile.
        await page.waitForTimeout(2000);
        await pageCdp.send('Page.setWebLifecycleState', { state: 'active' });
        expect(worker.starts()).toBeGreaterThanOrEqual(2);

        expectNoOpenSince(filledAt);

        disk.free();
        note(`freed: ${await diskState()}`);
        const started = await waitForCommands(page, 'start', 2, 90_000);
        viewer = await env.browser.extensionPage();
        const after = await addStoredItem(page);
        const { data } = await waitForRestartedRecording(viewer, tabId, started.at, quoted(after));

        expectAllKept(storedBefore, data);
        // And the batch that met the full disk, kept by the page and stored once there was room.
        const stored = new Set(eventsOfTab(data, tabId).map((e) => JSON.stringify(e)));
        const lost = recorded.events.filter((e) => !stored.has(JSON.stringify(e)));
        expect(lost.length, `${lost.length} events recorded before the stop not stored`).toBe(0);
        expect(eventsOfTab(data, tabId).some((e) => changeCarries(e, quoted(full)))).toBe(true);
        const ended = sessionsOfTab(data, tabId).find((s) => s.startedAt <= stoppedAt)!;
        expect(ended.endReason).toBe('storage-full');
        await page.close();
      },
      240_000,
    );

    // A browser started on a full disk: its worker starts with it, and opened the database at once
    // (the start's bookkeeping, its background jobs). Here it opens it only once the disk has room,
    // and the start's bookkeeping waits for that: the session left open by the closed browser then
    // ends as its tab's (closed with the browser).
    it('the browser closed and started again on the full disk: every session and event stored before is kept', async () => {
      mkdirSync(SHOTS, { recursive: true });
      const profileDir = mkdtempSync(join(disk.dir, 'profile-'));
      await env.browser.close();
      env.browser = await launchWithExtension({ profileDir });
      let viewer = await env.browser.extensionPage();
      const { page, tabId, storedBefore } = await storeTwoSessions(viewer);
      await viewer.close();
      const { filledAt } = await clickUntilFull(page, LEFT_FREE_BYTES);
      env.page = undefined;
      await env.browser.close();
      note(`browser closed: ${await diskState()}`);

      env.browser = await launchWithExtension({ profileDir });
      await env.browser.worker();
      // A page of a site, where the person opens the popup: it says the disk is full.
      const site = await env.browser.context.newPage();
      await site.goto(env.server.url('stops.html?after-restart'));
      await site.waitForTimeout(BROWSER_CLOSES_DATABASE_MS);
      await popupShows(
        env.browser,
        site,
        /Disk full since .*: recording is paused/,
        `${SHOTS}/restart-browser-1-popup-full.png`,
      );
      expectNoOpenSince(filledAt);

      // Space again: the minute's sweep opens the database, records the browser start, and its
      // probe clears the flag; recording starts in the open tab.
      disk.free();
      note(`freed: ${await diskState()}`);
      await waitForCommands(site, 'start', 1, 90_000);
      viewer = await env.browser.extensionPage();
      const data = await waitFor(async () => {
        const stored = await readStored(viewer);
        const [old] = sessionsOfTab(stored, tabId).filter((s) => storedBefore.has(s.id));
        return old?.endedAt ? stored : undefined;
      }, 'the session left open by the closed browser to end');
      expectAllKept(storedBefore, data);
      const old = data.sessions.find((s) => s.tabId === tabId && storedBefore.has(s.id))!;
      expect(old.endReason).toBe('tab-closed');
      await popupShows(
        env.browser,
        site,
        /● Recording/,
        `${SHOTS}/restart-browser-2-popup-recording.png`,
      );
    }, 240_000);
  },
);

/**
 * Opens the toolbar popup while the worker is stopped: the popup is opened from the worker, so it
 * is woken first by a message from an extension page, as a person's click on the icon would.
 */
async function openPopupWaking(page: Page) {
  const waker = await env.browser.context.newPage();
  await waker.goto(`chrome-extension://${env.browser.extensionId}/extension/popup/popup.html`);
  await waker.evaluate(() => chrome.runtime.sendMessage({ type: 'get-status' }));
  await waker.close();
  await page.bringToFront();
  return openPopup(env.browser);
}
