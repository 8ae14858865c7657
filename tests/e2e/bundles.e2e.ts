// Bundles end to end, as a person uses them: record a checkout that fails, export it from the
// viewer (a real download), open the file in another browser profile (file picker, then a drop),
// and find the same session there: new id, same events, failures and flow, marked imported,
// replaying to the same end. Bad files are refused in the UI, each with its reason.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from '../../shared/bundle/bundle-format';
import { readBundle } from '../../shared/bundle/read-bundle';
import type { SessionRow } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { launchWithExtension, type ExtensionBrowser } from '../support/chromium';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitFor, type StoredData } from './support/stored-sessions';
import { openPopup } from './support/popup-driver';
import { nextBrowserDownload } from './support/popup-downloads';
import { recordShopSession, type ShopSession } from './support/shop-session';
import { dropFileOnList, openViewer, readReplayedPage, playUntilText } from './support/viewer-page';

const env = useRecordingBrowser();
/** A second browser with its own, empty profile: where the files are opened. */
let fresh: ExtensionBrowser;
const FILES = resolve(import.meta.dirname, '../../.tmp/bundles');
const SCREENS = resolve(import.meta.dirname, '../../.tmp/screens');

type Recorded = ShopSession;
let recorded: Recorded;
/** The downloads of the first test: the session exported from the list, and from its page. */
let fromList: { path: string; name: string };
let fromPage: { path: string; name: string };

/** Events in time order, ties in stored order: what the viewer replays. */
const byTime = (events: TimedEvent[]) => [...events].sort((a, b) => a.timestamp - b.timestamp);

/** Clicks what starts a download and saves the file under .tmp/bundles; returns its path. */
async function download(
  page: Page,
  start: () => Promise<void>,
): Promise<{ path: string; name: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), start()]);
  const name = file.suggestedFilename();
  const path = join(FILES, `${Date.now()}-${name}`);
  await file.saveAs(path);
  return { path, name };
}

/** Imports files through the Import button's file picker, as a person would. */
async function importThroughPicker(viewer: Page, files: Array<{ name: string; path: string }>) {
  const [chooser] = await Promise.all([
    viewer.waitForEvent('filechooser'),
    viewer.getByRole('button', { name: 'Import', exact: true }).click(),
  ]);
  await chooser.setFiles(
    files.map((f) => ({ name: f.name, mimeType: '', buffer: readFileSync(f.path) })),
  );
}

/** Drops a file onto the list; the drop overlay is checked and pictured before the drop. */
async function dropFile(viewer: Page, name: string, bytes: Uint8Array) {
  await dropFileOnList(viewer, name, bytes, async () => {
    await viewer.locator('.drop-overlay').waitFor();
    await viewer.screenshot({ path: join(SCREENS, 'bundle-drop-overlay.png') });
  });
}

/** The outcome the list shows for a file: its text once it is there. */
async function outcomeOf(viewer: Page, file: string): Promise<{ text: string; role: string }> {
  const outcome = viewer.getByTestId('import-outcome').filter({ hasText: file });
  await outcome.waitFor({ timeout: 30_000 });
  return {
    text: (await outcome.textContent()) ?? '',
    role: (await outcome.getAttribute('role')) ?? '',
  };
}

/** Plays the session's replay at 16× to the failed payment; returns the replayed basket. */
async function replayToEnd(viewer: Page, screenshot: string) {
  await playUntilText(viewer, '#status', 'Payment failed (500)', 30_000);
  await viewer.waitForTimeout(300);
  await viewer.screenshot({ path: join(SCREENS, screenshot) });
  return readReplayedPage(viewer, (doc) => ({
    items: [...doc.querySelectorAll('#items li')].map((li) => li.textContent),
    count: doc.querySelector('#count')?.textContent,
    status: doc.querySelector('#status')?.textContent,
  }));
}

/** The imported session stored from `file`, checked against the recording it came from. */
function expectSameSession(data: StoredData, file: string): SessionRow {
  const row = data.sessions.find((s) => s.imported?.from === file);
  expect(row, `a session imported from ${file}`).toBeDefined();
  const session = row!;
  expect(session.id).not.toBe(recorded.session.id);
  expect(session).toMatchObject({
    tabId: -1,
    pinned: 0,
    startedAt: recorded.session.startedAt,
    endedAt: recorded.session.endedAt,
    firstUrl: recorded.session.firstUrl,
    title: 'Shop basket',
    eventCount: recorded.session.eventCount,
    health: recorded.session.health,
    summary: recorded.session.summary,
    imported: { from: file, originalId: recorded.session.id },
  });
  expect(session.imported!.producer).toMatch(/^Tabreel \d+\.\d+\.\d+$/);
  expect(byTime(eventsOf(data, session.id))).toEqual(recorded.events);
  const analysis = data.analyses.find((a) => a.sessionId === session.id)!.analysis;
  expect(analysis.failures).toEqual(recorded.analysis.failures);
  expect(analysis.flow).toEqual(recorded.analysis.flow);
  expect(analysis).toEqual(recorded.analysis);
  return session;
}

beforeAll(async () => {
  mkdirSync(FILES, { recursive: true });
  mkdirSync(SCREENS, { recursive: true });
  recorded = await recordShopSession(env);
  expect(recorded.analysis.failures.map((f) => f.kind)).toContain('failed-request-click');
  fresh = await launchWithExtension();
}, 90_000);

afterAll(async () => {
  await fresh?.close();
});

describe('bundles between two browser profiles', () => {
  it('exports the session from the list and from its page as .tabreel downloads', async () => {
    const viewer = await openViewer(env.browser);
    await viewer.getByRole('checkbox', { name: 'Select “Shop basket”' }).check();
    const bar = viewer.getByRole('region', { name: 'Selected sessions' });
    fromList = await download(viewer, () =>
      bar.getByRole('button', { name: 'Export', exact: true }).click(),
    );
    const day = new Date(recorded.session.startedAt);
    const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    expect(fromList.name).toBe(
      `tabreel-${recorded.session.host.replace(':', '-')}-${date}.tabreel`,
    );

    await viewer.goto(viewer.url().replace(/#.*$/, `#/session/${recorded.session.id}`));
    await viewer.getByText('Export', { exact: true }).click();
    await viewer.screenshot({ path: join(SCREENS, 'bundle-export-menu.png') });
    fromPage = await download(viewer, () =>
      viewer.getByRole('menuitem', { name: /Tabreel bundle/ }).click(),
    );
    await viewer.close();

    // Both files hold the session whole: read here with the same reader the import uses.
    for (const file of [fromList, fromPage]) {
      const bundle = await readBundle(new Uint8Array(readFileSync(file.path)));
      expect(bundle.header).toMatchObject({
        format: BUNDLE_FORMAT,
        version: BUNDLE_VERSION,
        sessions: 1,
      });
      expect(bundle.sessions[0]!.meta.id).toBe(recorded.session.id);
      expect(bundle.sessions[0]!.events).toEqual(recorded.events);
    }
  });

  it('imports through the file picker: a new session, the same events, failures and flow, marked imported, replaying to the same end', async () => {
    const viewer = await openViewer(fresh);
    await viewer.getByRole('heading', { name: 'No sessions yet' }).waitFor();
    await importThroughPicker(viewer, [fromList]);
    const outcome = await outcomeOf(viewer, fromList.name);
    expect(outcome).toEqual({
      role: 'status',
      text: expect.stringContaining(`Imported one session from ${fromList.name}.`),
    });
    const data = await readStored(await fresh.extensionPage());
    expect(data.sessions).toHaveLength(1);
    const session = expectSameSession(data, fromList.name);

    const row = viewer.locator(`[role="row"][data-session-id="${session.id}"]`);
    await expect(row.getByTestId('imported-mark').textContent()).resolves.toBe(
      `Imported · ${fromList.name}`,
    );
    await viewer.screenshot({ path: join(SCREENS, 'bundle-list-imported.png') });

    await row.locator('.session-link').click();
    await viewer.getByRole('heading', { name: 'Shop basket' }).waitFor();
    await expect(viewer.getByTestId('imported-badge').textContent()).resolves.toBe(
      `Imported from ${fromList.name}`,
    );
    await viewer.getByRole('tab', { name: /Failures/ }).click();
    await viewer
      .getByRole('list', { name: 'Failed actions' })
      .getByRole('button', { name: /Failed request after click.*Pay now/ })
      .waitFor();
    const replayed = await replayToEnd(viewer, 'bundle-picker-replay-end.png');
    expect(replayed).toEqual({
      items: ['Item 1', 'Item 2', 'Item 3'],
      count: '3 items',
      status: 'Payment failed (500)',
    });
    await viewer.close();
    // The recording it came from, replayed in its own browser, ends the same.
    const original = await openViewer(env.browser, `#/session/${recorded.session.id}`);
    expect(await replayToEnd(original, 'bundle-original-replay-end.png')).toEqual(replayed);
    await original.close();
  });

  it('imports a file dropped on the list as another session of its own', async () => {
    const viewer = await openViewer(fresh);
    await viewer.locator('[role="row"][data-session-id]').first().waitFor();
    await dropFile(viewer, fromPage.name, new Uint8Array(readFileSync(fromPage.path)));
    const outcome = await outcomeOf(viewer, fromPage.name);
    expect(outcome.role).toBe('status');
    const data = await readStored(await fresh.extensionPage());
    expect(data.sessions).toHaveLength(2);
    const [first, second] = data.sessions.map((s) => s.id);
    expect(first).not.toBe(second);
    // Both files are named alike (same site, same day): pick the newer import.
    const dropped = data.sessions.reduce((a, b) => (a.imported!.at >= b.imported!.at ? a : b));
    expect(dropped.imported!.from).toBe(fromPage.name);
    expectSameSession({ ...data, sessions: [dropped] }, fromPage.name);

    await viewer.locator(`a[href="#/session/${dropped.id}"]`).first().click();
    await viewer.getByTestId('imported-badge').waitFor();
    expect((await replayToEnd(viewer, 'bundle-drop-replay-end.png')).status).toBe(
      'Payment failed (500)',
    );
    await viewer.close();
  });

  it('keeps imported sessions apart: the origin filter, and "Export all shown" of what it shows', async () => {
    // The recording browser gets the file back: one recorded and one imported session.
    const viewer = await openViewer(env.browser);
    await viewer.locator('[role="row"][data-session-id]').first().waitFor();
    await importThroughPicker(viewer, [fromList]);
    await outcomeOf(viewer, fromList.name);
    const rows = viewer.locator('[role="row"][data-session-id]');
    await waitFor(async () => ((await rows.count()) === 2 ? true : undefined), 'two rows');
    const origin = viewer.getByRole('combobox', { name: 'Recorded or imported' });
    await origin.selectOption('recorded');
    await waitFor(async () => ((await rows.count()) === 1 ? true : undefined), 'the recorded row');
    expect(await rows.first().getAttribute('data-session-id')).toBe(recorded.session.id);
    expect(await rows.first().getByTestId('imported-mark').count()).toBe(0);
    await origin.selectOption('imported');
    await waitFor(async () => {
      const id =
        (await rows.count()) === 1 ? await rows.first().getAttribute('data-session-id') : null;
      return id && id !== recorded.session.id ? true : undefined;
    }, 'the imported row');
    await viewer.screenshot({ path: join(SCREENS, 'bundle-filter-imported.png') });

    const all = await download(viewer, () =>
      viewer.getByRole('button', { name: 'Export all shown' }).click(),
    );
    const bundle = await readBundle(new Uint8Array(readFileSync(all.path)));
    expect(bundle.sessions.map((s) => s.meta.id)).toEqual([
      await rows.first().getAttribute('data-session-id'),
    ]);
    await viewer.close();
  });
});

describe('bad files', () => {
  /** A bundle written by hand, with a correct end record unless `sha` says otherwise. */
  const handMade = (lines: string[], sha?: string) => {
    const text = lines.map((l) => `${l}\n`).join('');
    const end = {
      t: 'end',
      records: lines.length,
      sha256: sha ?? bytesToHex(sha256(strToU8(text))),
    };
    return gzipSync(strToU8(`${text}${JSON.stringify(end)}\n`));
  };
  const header = (version: number) =>
    JSON.stringify({
      t: 'bundle',
      format: BUNDLE_FORMAT,
      version,
      producer: { name: 'Tabreel', version: '9.0.0' },
      createdAt: 1,
      sessions: 1,
    });

  it('refuses each through the UI with its own message, and imports nothing', async () => {
    const good = new Uint8Array(readFileSync(fromList.path));
    const goodText = strFromU8(gunzipSync(good));
    const altered = goodText.replace('Item 3', 'Item 9');
    expect(altered).not.toBe(goodText);
    const bad: Array<{ name: string; bytes: Uint8Array; message: string | RegExp }> = [
      {
        name: 'truncated.tabreel',
        bytes: good.subarray(0, Math.floor(good.length * 0.6)),
        message: /^The bundle is truncated/,
      },
      {
        name: 'from-the-future.tabreel',
        bytes: handMade([header(BUNDLE_VERSION + 1)]),
        message: `This bundle was made by a newer Tabreel (bundle format ${BUNDLE_VERSION + 1}); this one reads up to format ${BUNDLE_VERSION}. Update Tabreel to open it.`,
      },
      {
        name: 'holiday-photo.tabreel',
        bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
        message: 'This file is not a Tabreel bundle.',
      },
      {
        name: 'edited.tabreel',
        bytes: gzipSync(strToU8(altered)),
        message:
          'The bundle does not match its own hash: it was changed or damaged after it was made.',
      },
      {
        name: 'zip-bomb.tabreel',
        // 100 MB of blank lines after a valid header: a 100 KB file that must not be inflated whole.
        bytes: gzipSync(
          new Uint8Array([
            ...strToU8(`${header(1)}\n`),
            ...new Uint8Array(100 * 1024 * 1024).fill(10),
          ]),
          { level: 9 },
        ),
        message: 'This file expands past 64 MB: it is not a bundle Tabreel can open safely.',
      },
      {
        name: 'not-rrweb.json',
        bytes: strToU8('{"events": []}'),
        message:
          'This JSON file is not an rrweb recording: it holds an object, not an array of events.',
      },
    ];
    const viewer = await openViewer(fresh);
    await viewer.locator('[role="row"][data-session-id]').first().waitFor();
    const before = await readStored(await fresh.extensionPage());
    for (const file of bad) {
      const path = join(FILES, file.name);
      writeFileSync(path, file.bytes);
      await importThroughPicker(viewer, [{ name: file.name, path }]);
      const outcome = await outcomeOf(viewer, file.name);
      expect(outcome.role, file.name).toBe('alert');
      const message = await viewer
        .getByTestId('import-outcome')
        .filter({ hasText: file.name })
        .locator('.import-message')
        .textContent();
      if (typeof file.message === 'string') expect(message, file.name).toBe(file.message);
      else expect(message, file.name).toMatch(file.message);
      expect(outcome.text).toContain(`Could not import “${file.name}”.`);
      expect(outcome.text).toContain('Nothing was imported.');
      await viewer.screenshot({
        path: join(SCREENS, `bundle-refused-${file.name.replace('.', '-')}.png`),
      });
      const after = await readStored(await fresh.extensionPage());
      expect(after.sessions.map((s) => s.id).sort(), file.name).toEqual(
        before.sessions.map((s) => s.id).sort(),
      );
      expect(after.chunks.length, file.name).toBe(before.chunks.length);
      expect(after.analyses.length, file.name).toBe(before.analyses.length);
    }
    await viewer.close();
  });
});

describe('plain rrweb JSON', () => {
  it('exports the session as rrweb events and imports them back as a session that replays the same', async () => {
    const viewer = await openViewer(env.browser, `#/session/${recorded.session.id}`);
    await viewer.getByText('Export', { exact: true }).click();
    const json = await download(viewer, () =>
      viewer.getByRole('menuitem', { name: /rrweb JSON/ }).click(),
    );
    await viewer.close();
    expect(json.name).toMatch(/^tabreel-.+\.json$/);
    const events = JSON.parse(readFileSync(json.path, 'utf8')) as TimedEvent[];
    expect(events).toEqual(recorded.events);

    const target = await openViewer(fresh);
    await target.locator('[role="row"][data-session-id]').first().waitFor();
    await importThroughPicker(target, [json]);
    expect((await outcomeOf(target, json.name)).role).toBe('status');
    const data = await readStored(await fresh.extensionPage());
    const session = data.sessions.find((s) => s.imported?.from === json.name)!;
    expect(session.imported).toMatchObject({ producer: 'rrweb JSON' });
    expect(session.id).not.toBe(recorded.session.id);
    expect(byTime(eventsOf(data, session.id))).toEqual(recorded.events);
    const analysis = data.analyses.find((a) => a.sessionId === session.id)!.analysis;
    // A plain file has no session end: the failures and pages are the same.
    expect(analysis.failures).toEqual(recorded.analysis.failures);
    expect(analysis.flow.pages.map((p) => p.url)).toEqual(
      recorded.analysis.flow.pages.map((p) => p.url),
    );

    await target.locator(`a[href="#/session/${session.id}"]`).first().click();
    await target.getByTestId('imported-badge').waitFor();
    expect((await replayToEnd(target, 'bundle-rrweb-json-replay-end.png')).status).toBe(
      'Payment failed (500)',
    );
    await target.close();
  });
});

describe('the popup', () => {
  it('exports the tab’s current session as a .tabreel download', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('shop.html'));
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.bringToFront();
    const extension = await env.browser.extensionPage();
    const open = await waitFor(async () => {
      const stored = await readStored(extension);
      return stored.sessions.find((s) => s.endedAt === null && s.eventCount > 0);
    }, 'the tab’s open session');
    await page.bringToFront();

    const download = await nextBrowserDownload(env.browser, join(FILES, `popup-${Date.now()}`));
    const popup = await openPopup(env.browser);
    await popup.waitForText(/Export this session/);
    await popup.click('Export this session');
    const { name, path } = await download.done;
    await popup.screenshot(join(SCREENS, 'bundle-popup-export.png'));
    await popup.close().catch(() => {});
    await download.stop();
    expect(name).toMatch(/^tabreel-127\.0\.0\.1-\d+-\d{4}-\d\d-\d\d\.tabreel$/);
    const bundle = await readBundle(new Uint8Array(readFileSync(path)));
    expect(bundle.sessions.map((s) => s.meta.id)).toEqual([open.id]);
    // Still recording: the bundle holds what was stored when it was made.
    expect(bundle.sessions[0]!.meta.endedAt).toBeNull();
    expect(bundle.sessions[0]!.events.length).toBeGreaterThanOrEqual(open.eventCount);
    await page.close();
  });
});
