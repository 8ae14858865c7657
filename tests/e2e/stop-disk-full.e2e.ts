// Recording on a full disk, and after space comes back. The browser's profile lives on a small
// disk of its own (a tmpfs), and the test fills that disk with a file, as anything else on the
// machine could: the extension has `unlimitedStorage`, so its quota is the disk's free space.
// No hook into Tabreel's code: the service worker finds the disk full by asking the browser how
// much is free (navigator.storage.estimate) before it writes, and stops writing below
// MIN_FREE_BYTES, because letting a write find the disk itself full cost the whole database:
// Chromium closed it, and reopening it on the still full disk deleted it (every session acked
// before, three runs in three with the clicks slowed down; shared/storage/storage-guard.ts). (The
// DevTools protocol's quota override does not bind an extension with `unlimitedStorage`: 1000
// clicks were all stored under it.) The person keeps clicking until a batch is refused, as one
// would keep working until the disk fills. Mounting a tmpfs needs root (or CAP_SYS_ADMIN): without
// it the test is skipped, and says why.
//
// What the product does, checked here: nothing recorded before the stop is lost, neither what was
// acked before (the database survives the full disk) nor the batch that met the full disk (it
// stays in the page), every tab stops recording (nothing the person does meanwhile is stored), the
// popup says "Disk full" and the options page shows a banner. Once the disk has room again the
// page's next resend of that batch goes through, and recording starts again by itself, in a new
// session with a full snapshot, whose clicks are stored and replay.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openOptions } from './support/extension-pages';
import {
  changeCarries,
  eventsOfTab,
  expectNothingStoredBetween,
  popupShows,
  sessionsOfTab,
  tabIdOf,
  waitForCommands,
  waitForFullSnapshot,
  waitForRestartedRecording,
} from './support/recording-stops';
import { createSmallDisk } from './support/small-disk';
import { LEFT_FREE_BYTES, smallDiskBrowser } from './support/small-disk-browser';
import { beforeTheStop, clickIntoFullDisk, pageLog, quoted } from './support/stops-page';
import { openViewer, playUntilText } from './support/viewer-page';

const SHOTS = '/tmp/shots-stops';

const disk = createSmallDisk();

const diskBrowser = smallDiskBrowser(disk);
const { env, note } = diskBrowser;

/** Opens the fixture and waits until rrweb records it (a first full snapshot is stored). */
async function recordingPage(query: string): Promise<{ page: Page; tabId: number }> {
  const viewer = await env.browser.extensionPage();
  (await env.browser.worker()).on('console', (message) => {
    if (message.type() !== 'log') note(`worker ${message.type()}: ${message.text()}`);
  });
  const page = await env.browser.context.newPage();
  env.page = page;
  await page.goto(env.server.url(`stops.html?${query}`));
  const tabId = await tabIdOf(env.browser, page);
  await waitForFullSnapshot(viewer, tabId);
  return { page, tabId };
}

/** The disk's free bytes and the extension's status, for a failure's message. */
async function diskState(): Promise<string> {
  const worker = await env.browser.worker();
  const status = await worker.evaluate(() => chrome.storage.local.get('status'));
  return `${disk.freeBytes()} bytes free; status ${JSON.stringify(status)}`;
}

describe.skipIf(disk.cannotMount !== null)(
  'a full disk stops recording; space coming back starts it again',
  () => {
    diskBrowser.useInTests();

    // Filled to LEFT_FREE_BYTES the worker finds it through the browser's estimate before a write
    // fails. Filled to the last byte at once, the worker's last reading still shows room, so the
    // next batch is written and finds the disk itself full: Chromium closes the database, which
    // must not be opened again before there is room (Chromium deleted it when it was).
    it.each([
      { filled: 'to 1 MB', leftFree: LEFT_FREE_BYTES, shot: 'disk' },
      { filled: 'to the last byte at once', leftFree: 0, shot: 'disk-zero' },
    ])(
      'filled $filled, then freed: keeps the batch that met it, stores nothing meanwhile, replays after',
      async ({ leftFree, shot }) => {
        mkdirSync(SHOTS, { recursive: true });
        const viewer = await env.browser.extensionPage();
        const { page, tabId } = await recordingPage('disk-freed');
        const { lastClicked, stoppedAt } = await clickIntoFullDisk(
          page,
          () => disk.fill(leftFree),
          diskState,
          note,
        );
        const recorded = beforeTheStop(await pageLog(page));
        // The last item added before the stop: recorded, and in the batch that met the full disk or
        // in one acked before it.
        const full = recorded.items.at(-1)!;
        note(`items before the stop: ${recorded.items.join(',')}; last clicked ${lastClicked}`);

        // While full: a click that changes the page, and typing.
        const whileFull = lastClicked + 1;
        await page.getByRole('button', { name: 'Add item' }).click();
        await page.locator(`#item-${whileFull}`).waitFor();
        await page.getByLabel('Name').fill('typed on a full disk');
        const popupText = await popupShows(
          env.browser,
          page,
          /Disk full[\s\S]*recording is paused in every tab until space is freed/,
          `${SHOTS}/${shot}-1-popup-full.png`,
        );
        expect(popupText).toMatch(/Disk full since .*: recording is paused/);
        const options = await openOptions(env.browser);
        await options.getByRole('alert').filter({ hasText: 'the disk is full' }).waitFor();
        // Nor do the pages open the database on that disk: the options page says so, and the
        // viewer shows why instead of the list.
        await options.getByTestId('recordings-unread').waitFor();
        await options.screenshot({ path: `${SHOTS}/${shot}-2-options-full.png` });
        await options.close();
        const fullViewer = await openViewer(env.browser);
        await fullViewer
          .getByRole('alert')
          .filter({ hasText: 'does not open its recordings until space is freed' })
          .waitFor();
        expect(await fullViewer.getByRole('table').count()).toBe(0);
        await fullViewer.screenshot({ path: `${SHOTS}/${shot}-2b-viewer-full.png` });
        await fullViewer.close();

        disk.free();
        note(`freed: ${await diskState()}`);
        // The page's next resend of the batch that met the full disk finds room (the browser's
        // reading), goes through, and clears the flag; with nothing left to send, the minute's
        // sweep would, with its probe write.
        const started = await waitForCommands(page, 'start', 2, 90_000);
        await popupShows(
          env.browser,
          page,
          /● Recording/,
          `${SHOTS}/${shot}-3-popup-recording.png`,
        );
        const after = whileFull + 1;
        await page.getByRole('button', { name: 'Add item' }).click();
        await page.locator(`#item-${after}`).waitFor();
        const { session, data } = await waitForRestartedRecording(
          viewer,
          tabId,
          started.at,
          quoted(after),
        );

        // Everything recorded before the stop is stored: what was acked before the disk filled (the
        // database survived it), and the batch that met the full disk, kept in the page and sent
        // again (a write was refused: the popup says so below). Event by event, as handed over.
        const events = eventsOfTab(data, tabId);
        const storedItems = [...Array(after + 1).keys()].filter((n) =>
          events.some((e) => changeCarries(e, quoted(n))),
        );
        note(`stored items: ${storedItems.join(',')}`);
        const stored = new Set(events.map((e) => JSON.stringify(e)));
        const lost = recorded.events.filter((e) => !stored.has(JSON.stringify(e)));
        expect(
          lost.map((e) => JSON.stringify(e).slice(0, 120)),
          `${lost.length} of the ${recorded.events.length} events recorded before the stop were not stored`,
        ).toEqual([]);
        expect(storedItems.filter((n) => n <= full)).toEqual(recorded.items);
        expect(storedItems).toContain(full);
        // Nothing done while stopped: no event of that time, no item added then, nothing typed.
        expectNothingStoredBetween(data, tabId, stoppedAt, started.at);
        expect(storedItems.filter((n) => n > full && n < after)).toEqual([]);
        expect(storedItems).not.toContain(whileFull);
        expect(data.everything).not.toContain('typed on a full disk');
        expect(sessionsOfTab(data, tabId).at(-1)!.id).toBe(session.id);
        // The session from before ended at the stop (its marker, stored once the disk had room).
        const ended = sessionsOfTab(data, tabId)
          .filter((s) => s.id !== session.id)
          .at(-1)!;
        expect([ended.endReason, ended.endedAt! <= stoppedAt]).toEqual(['storage-full', true]);
        // The failed write is history once events are stored again: said, not shown as an error.
        const recovered = await popupShows(
          env.browser,
          page,
          /writes? failed[\s\S]*Stored again since/,
          `${SHOTS}/${shot}-5-popup-recovered.png`,
        );
        expect(recovered).not.toMatch(/Disk full/);

        const replay = await openViewer(env.browser, `#/session/${session.id}`);
        await playUntilText(replay, `#item-${after}`, `Item ${after}`);
        await replay.screenshot({ path: `${SHOTS}/${shot}-4-replayed.png` });
        await replay.close();
        await page.close();
      },
      240_000,
    );
  },
);
