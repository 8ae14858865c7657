// Recording on a full disk, and after space comes back. The browser's profile lives on a small
// disk of its own (a tmpfs), and the test fills that disk with a file, as anything else on the
// machine could: the extension has `unlimitedStorage`, so its quota is the disk's free space, and
// its writes fail with the browser's own QuotaExceededError. No hook into Tabreel's code: the
// service worker finds the disk full by failing to write. (The DevTools protocol's quota override
// does not bind an extension with `unlimitedStorage`: 1000 clicks were all stored under it.)
// IndexedDB keeps granting writes until one finds the disk itself full, so the person keeps
// clicking until a write fails, as one would keep working until the disk fills. Mounting a tmpfs
// needs root (or CAP_SYS_ADMIN): without it the
// test is skipped, and says why.
//
// What the product does today, checked here: the batch that met the full disk stays in the page
// (not lost), every tab stops recording (nothing the person does meanwhile is stored), the popup
// says "Disk full" and the options page shows a banner. Once the disk has room again the page's
// next resend of that batch goes through, and recording starts again by itself, in a new session
// with a full snapshot, whose clicks are stored and replay.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from '../support/chromium';
import { openOptions } from './support/extension-pages';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';
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
import { waitFor } from './support/stored-sessions';
import { openViewer, playUntilText } from './support/viewer-page';

const SHOTS = '/tmp/shots-stops';
/** The profile's disk. */
const DISK_SIZE = '1g';
/**
 * What the filled disk keeps free for the browser's own files. The extension's quota follows the
 * disk's free space (`unlimitedStorage`), and IndexedDB went on granting writes while 12 MB were
 * left (500 clicks, 45 s): the write that fails is the one that finds the disk itself full.
 */
const LEFT_FREE_BYTES = 1024 * 1024;

/** Mounts a tmpfs at `dir`; the reason it cannot, if it cannot. */
function mountDisk(dir: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_SIZE}`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
    return null;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error).trim();
  }
}

function unmountDisk(dir: string, remove = true): void {
  execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  if (remove) rmSync(dir, { recursive: true, force: true });
}

const disk = mkdtempSync(join(tmpdir(), 'tabreel-disk-'));
// Tried once as the file loads, so a machine that cannot skips the test rather than failing it.
const cannotMount = mountDisk(disk);
if (cannotMount === null) unmountDisk(disk, false);
else console.warn(`Full-disk test skipped: a small disk cannot be mounted here (${cannotMount}).`);
const fillFile = join(disk, 'fill');

/** Something else fills the disk: a file over all its free space but LEFT_FREE_BYTES. */
function fillDisk(): void {
  const { bavail, bsize } = statfsSync(disk);
  const bytes = bavail * bsize - LEFT_FREE_BYTES;
  execFileSync('fallocate', ['-l', String(bytes), fillFile]);
}

/** Space again: that file is deleted. */
function freeDisk(): void {
  rmSync(fillFile, { force: true });
}

interface Environment {
  browser: ExtensionBrowser;
  server: FixtureServer;
}
const env = {} as Environment;

/** Opens the fixture and waits until rrweb records it (a first full snapshot is stored). */
async function recordingPage(query: string): Promise<{ page: Page; tabId: number }> {
  const viewer = await env.browser.extensionPage();
  const page = await env.browser.context.newPage();
  await page.goto(env.server.url(`stops.html?${query}`));
  const tabId = await tabIdOf(env.browser, page);
  await waitForFullSnapshot(viewer, tabId);
  return { page, tabId };
}

/**
 * Fills the disk, then clicks Add item until the page is told to stop: the click whose batch could
 * not be stored. Returns that item's number and when the stop reached the page. A click's batch
 * stored is told by the service worker's ack, which reaches the page (the fixture counts them):
 * no read of the database while the disk is full.
 */
async function clickIntoFullDisk(page: Page): Promise<{ item: number; stoppedAt: number }> {
  fillDisk();
  const progress = () =>
    page.evaluate(() => {
      const w = window as unknown as { acks?: number; commands: { kind: string }[] };
      return { acks: w.acks ?? 0, stops: w.commands.filter((c) => c.kind === 'stop').length };
    });
  for (let item = (await itemCount(page)) + 1; item < 5000; item++) {
    const before = await progress();
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator(`#item-${item}`).waitFor();
    // Stored (acked), or refused and the page told to stop: one or the other comes.
    const stopped = await waitFor(
      async () => {
        const now = await progress();
        if (now.stops > before.stops) return true;
        return now.acks > before.acks ? false : undefined;
      },
      `Item ${item} stored or recording stopped`,
      30_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message} (${await diskState()})`);
    });
    if (stopped)
      return { item, stoppedAt: (await waitForCommands(page, 'stop', before.stops + 1)).at };
  }
  throw new Error(`The disk never filled (${await diskState()}).`);
}

/** The disk's free bytes and the extension's status, for a failure's message. */
async function diskState(): Promise<string> {
  const { bavail, bsize } = statfsSync(disk);
  const worker = await env.browser.worker();
  const status = await worker.evaluate(() => chrome.storage.local.get('status'));
  return `${bavail * bsize} bytes free; status ${JSON.stringify(status)}`;
}

function itemCount(page: Page): Promise<number> {
  return page.locator('#items li').count();
}

/** An item's text as it stands in a stored DOM change (`"Item 1"`, not a prefix of `"Item 12"`). */
const quoted = (item: number) => JSON.stringify(`Item ${item}`);

describe.skipIf(cannotMount !== null)(
  'a full disk stops recording; space coming back starts it again',
  () => {
    // Each attempt (a retry included) on a fresh disk and browser: a retry in the last attempt's
    // full-then-freed profile would not test the same thing.
    beforeEach(async () => {
      const failed = mountDisk(disk);
      if (failed) throw new Error(`The small disk could not be mounted: ${failed}`);
      env.server = await startFixtureServer();
      env.browser = await launchWithExtension({ profileParent: disk });
    });
    afterEach(async () => {
      freeDisk();
      await env.browser?.close();
      await env.server?.close();
      unmountDisk(disk);
    });

    it('when the disk is freed: keeps the batch that met it, stores nothing meanwhile, replays after', async () => {
      mkdirSync(SHOTS, { recursive: true });
      const viewer = await env.browser.extensionPage();
      const { page, tabId } = await recordingPage('disk-freed');
      const { item: full, stoppedAt } = await clickIntoFullDisk(page);

      // While full: a click that changes the page, and typing.
      await page.getByRole('button', { name: 'Add item' }).click();
      await page.locator(`#item-${full + 1}`).waitFor();
      await page.getByLabel('Name').fill('typed on a full disk');
      const popupText = await popupShows(
        env.browser,
        page,
        /Disk full[\s\S]*recording is paused in every tab until space is freed/,
        `${SHOTS}/disk-1-popup-full.png`,
      );
      expect(popupText).toMatch(/Disk full since .*: recording is paused/);
      const options = await openOptions(env.browser);
      await options.getByRole('alert').filter({ hasText: 'the disk is full' }).waitFor();
      await options.screenshot({ path: `${SHOTS}/disk-2-options-full.png` });
      await options.close();

      freeDisk();
      // Nothing is waiting to be sent any more (the batch that met the full disk went through,
      // small enough for what was left): the minute's sweep finds the room with its probe write.
      const started = await waitForCommands(page, 'start', 2, 90_000);
      await popupShows(env.browser, page, /● Recording/, `${SHOTS}/disk-3-popup-recording.png`);
      const after = full + 2;
      await page.getByRole('button', { name: 'Add item' }).click();
      await page.locator(`#item-${after}`).waitFor();
      const { session, data } = await waitForRestartedRecording(
        viewer,
        tabId,
        started.at,
        quoted(after),
      );

      // The click that met the full disk was recorded before the stop: kept and stored, not lost.
      const events = eventsOfTab(data, tabId);
      // Which items' changes were stored, for a failure's message (CI once found `full` missing).
      const storedItems = () =>
        [...Array(full + 3).keys()].filter((n) => events.some((e) => changeCarries(e, quoted(n))));
      expect(
        events.some((e) => changeCarries(e, quoted(full))),
        `item ${full}'s change stored; stored items: ${storedItems().join(',')}`,
      ).toBe(true);
      expectNothingStoredBetween(data, tabId, stoppedAt, started.at);
      expect(events.some((e) => changeCarries(e, quoted(full + 1)))).toBe(false);
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
        `${SHOTS}/disk-5-popup-recovered.png`,
      );
      expect(recovered).not.toMatch(/Disk full/);

      const replay = await openViewer(env.browser, `#/session/${session.id}`);
      await playUntilText(replay, `#item-${after}`, `Item ${after}`);
      await replay.screenshot({ path: `${SHOTS}/disk-4-replayed.png` });
      await replay.close();
      await page.close();
    }, 240_000);
  },
);
