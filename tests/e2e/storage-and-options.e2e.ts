// The options page and the storage budget, on the built extension: invalid values are refused in
// place, a lower budget evicts the oldest unpinned ended sessions at once (never a pinned or an
// open one) and recording goes on, "only listed sites" applies to open tabs, and "Delete all data"
// asks first and then empties the store. Full-page screenshots go to .tmp/screens/options-*.png.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRow } from '../../shared/db/schema';
import { DAY_MS } from '../../shared/settings/settings';
import { openOptions, saveOptions } from './support/extension-pages';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitFor } from './support/stored-sessions';

const env = useRecordingBrowser();
const SCREENS = resolve(import.meta.dirname, '../../.tmp/screens');
const MB = 1024 * 1024;
let unlisted: FixtureServer;

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  unlisted = await startFixtureServer('127.0.0.2');
});
afterAll(async () => {
  await unlisted?.close();
});

/** The whole page, with the viewport as tall as the page so the sticky save bar sits at its end. */
async function screenshot(page: Page, name: string): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const before = page.viewportSize() ?? { width: 1100, height: 800 };
  await page.setViewportSize({ width: before.width, height });
  await page.screenshot({ path: `${SCREENS}/options-${name}.png`, fullPage: true });
  await page.setViewportSize(before);
}

async function storedSettings(page: Page): Promise<unknown> {
  return page.evaluate(async () => (await chrome.storage.local.get('settings')).settings ?? null);
}

interface SeededSession {
  id: string;
  daysAgo: number;
  mb: number;
  pinned?: boolean;
  open?: boolean;
}

/**
 * Replaces every stored session with `sessions` (raw IndexedDB, no app code): each with a row whose
 * `storedBytes` says `mb`, one small chunk and, once ended, an analysis.
 */
async function seedBudgetSessions(page: Page, sessions: SeededSession[]): Promise<void> {
  const now = Date.now();
  const rows: SessionRow[] = sessions.map((s) => {
    const startedAt = now - s.daysAgo * DAY_MS;
    const endedAt = s.open ? null : startedAt + 60_000;
    return {
      id: s.id,
      tabId: 9000,
      incognito: false,
      startedAt,
      startReason: 'navigation',
      endedAt,
      endReason: s.open ? null : 'tab-closed',
      lastEventAt: startedAt + 60_000,
      firstUrl: `http://seeded.test/${s.id}`,
      host: 'seeded.test',
      title: `Seeded ${s.id}`,
      pageCount: 1,
      eventCount: 1,
      storedBytes: s.mb * MB,
      rawBytes: s.mb * MB * 4,
      campaign: null,
      privacy: { level: 'mask-inputs' },
      pinned: s.pinned ? 1 : 0,
      analysisPending: 0,
      summary: null,
      health: null,
    };
  });
  await page.evaluate('globalThis.__name ??= (f) => f');
  await page.evaluate(async (rows) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('tabreel');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['sessions', 'chunks', 'analyses'], 'readwrite');
    for (const store of ['sessions', 'chunks', 'analyses']) tx.objectStore(store).clear();
    for (const row of rows) {
      tx.objectStore('sessions').put(row);
      tx.objectStore('chunks').put({
        id: `${row.id}-stream:0`,
        sessionId: row.id,
        streamId: `${row.id}-stream`,
        fromSeq: 0,
        toSeq: 0,
        firstTs: row.startedAt,
        lastTs: row.startedAt,
        count: 0,
        rawBytes: 2,
        data: new Uint8Array([139, 142, 5, 0]), // deflate-raw of "[]"
      });
      if (row.endedAt !== null)
        tx.objectStore('analyses').put({ sessionId: row.id, eventCount: 1, analysis: {} });
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, rows);
}

/** Session ids in sessions, chunks and analyses, sorted. */
async function storedIds(page: Page) {
  const data = await readStored(page);
  const sorted = (ids: string[]) => [...new Set(ids)].sort();
  return {
    sessions: sorted(data.sessions.map((s) => s.id)),
    chunks: sorted(data.chunks.map((c) => c.sessionId)),
    analyses: sorted(data.analyses.map((a) => a.sessionId)),
  };
}

/** Changes options through the page and saves (a no-op save when nothing changed). */
async function setOptions(change: (options: Page) => Promise<void>): Promise<void> {
  const options = await openOptions(env.browser);
  await change(options);
  await saveOptions(options);
  await options.close();
}

/** Closes every tab but the extension page used to read the store: nothing records meanwhile. */
async function closeWebPages(): Promise<void> {
  for (const page of env.browser.context.pages()) {
    if (page.url().startsWith('http')) await page.close();
  }
}

describe('the options page refuses invalid values in place', () => {
  const cases: Array<{
    what: string;
    field: string;
    change: (options: Page) => Promise<void>;
    message: string;
  }> = [
    {
      what: 'an invalid site pattern',
      field: 'excludedSites',
      change: (o) =>
        o.getByLabel('Never record these sites (one per line)').fill('shop.example\nnot a site!'),
      message: 'Not a site pattern: "not a site!".',
    },
    {
      what: 'an invalid listed site',
      field: 'includedSites',
      change: async (o) => {
        await o.getByLabel('Only the sites I list').check();
        // An address pasted whole counts as its site; one with a path is refused.
        await o
          .getByLabel('Record only these sites (one per line)')
          .fill('https://shop.example/checkout');
      },
      message: 'Not a site pattern: "https://shop.example/checkout". A site has no path',
    },
    {
      what: 'a selector the browser cannot parse',
      field: 'maskSelector',
      // An empty selector in the list (CSS closes an unclosed `[` by itself, so that would pass).
      change: (o) => o.getByLabel('Also mask the text of').fill('.account,, [data-private]'),
      message: 'The mask selector is not valid CSS',
    },
    {
      what: 'CSS rules instead of a selector',
      field: 'blockSelector',
      change: (o) => o.getByLabel('Do not record at all').fill('.ads { display: none }'),
      message: 'The block selector must be CSS selectors, not rules.',
    },
    {
      what: 'an inactivity timeout over 24 hours',
      field: 'inactivity',
      change: async (o) => {
        await o.getByLabel('End a session after no activity for').fill('25');
        await o.getByLabel('Inactivity unit').selectOption('hours');
      },
      message: 'The inactivity timeout must be at most 24 hours.',
    },
    {
      what: 'a storage budget under 10 MB',
      field: 'storageBudgetMb',
      change: (o) => o.getByLabel('Storage budget').fill('5'),
      message: 'The storage budget must be at least 10 MB.',
    },
  ];

  for (const { what, field, change, message } of cases) {
    it(`refuses ${what}, says why next to the field, and saves nothing`, async () => {
      const options = await openOptions(env.browser);
      const before = await storedSettings(options);
      await change(options);
      await options.getByRole('button', { name: 'Save' }).click();

      const error = options.locator(`#${field}-error`);
      await error.waitFor();
      expect(await error.textContent()).toContain(message);
      const control = options.locator(`#${field}`);
      expect(await control.getAttribute('aria-invalid')).toBe('true');
      expect((await control.getAttribute('aria-describedby'))?.split(' ')).toContain(
        `${field}-error`,
      );
      // The first invalid field has the focus; the bar says nothing was saved.
      expect(await control.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await options.getByRole('alert').textContent()).toBe(
        'One setting needs a fix; nothing was saved.',
      );
      expect(await storedSettings(options)).toEqual(before);
      if (field === 'maskSelector') await screenshot(options, 'invalid-selector');
      await options.close();
    });
  }

  it('shows every refused field at once', async () => {
    const options = await openOptions(env.browser);
    const before = await storedSettings(options);
    await options.getByLabel('End a session after no activity for').fill('2');
    await options.getByLabel('Inactivity unit').selectOption('seconds');
    await options.getByLabel('Also mask the text of').fill('div[');
    await options.getByLabel('Only the sites I list').check();
    await options.getByLabel('Record only these sites (one per line)').fill('not a site');
    await options.getByRole('button', { name: 'Save' }).click();

    await options.getByRole('alert').filter({ hasText: '3 settings need a fix' }).waitFor();
    for (const id of ['inactivity', 'maskSelector', 'includedSites'])
      expect(await options.locator(`#${id}-error`).isVisible()).toBe(true);
    expect(await storedSettings(options)).toEqual(before);
    await screenshot(options, 'errors');

    // Fixing one field takes its message away at once; the others stay until the next save.
    await options.getByLabel('Also mask the text of').fill('[data-private]');
    expect(await options.locator('#maskSelector-error').count()).toBe(0);
    expect(await options.locator('#inactivity-error').isVisible()).toBe(true);
    await options.close();
  });
});

describe('the storage budget', () => {
  it('evicts the oldest ended, unpinned sessions when the budget is lowered; pinned and open ones stay, and recording goes on', async () => {
    await closeWebPages();
    // The default budget first (a retry starts where the last attempt left it).
    await setOptions((o) => o.getByLabel('Storage budget').fill('1024'));
    const viewer = await env.browser.extensionPage();
    // In start order, 18 MB in all against a 10 MB budget.
    await seedBudgetSessions(viewer, [
      { id: 'a-pinned', daysAgo: 10, mb: 4, pinned: true },
      { id: 'b-oldest', daysAgo: 9, mb: 4 },
      { id: 'c-open', daysAgo: 8, mb: 3, open: true },
      { id: 'd-older', daysAgo: 7, mb: 4 },
      { id: 'e-recent', daysAgo: 1, mb: 2 },
      { id: 'f-newest', daysAgo: 0.5, mb: 1 },
    ]);

    const options = await openOptions(env.browser);
    expect(await options.getByTestId('storage-used').textContent()).toBe('18.0 MB');
    await options.getByLabel('Storage budget').fill('10');
    await saveOptions(options);

    // b and d go (oldest first, skipping the pinned and the open one): 10 MB left, at the budget.
    const kept = ['a-pinned', 'c-open', 'e-recent', 'f-newest'];
    const ids = await waitFor(async () => {
      const found = await storedIds(viewer);
      return found.sessions.length === kept.length ? found : undefined;
    }, 'the eviction');
    expect(ids).toEqual({
      sessions: kept,
      chunks: kept,
      analyses: ['a-pinned', 'e-recent', 'f-newest'],
    });

    // The page follows the service worker's eviction live: the meter and the cleanup line.
    await options
      .getByTestId('last-eviction')
      .filter({ hasText: /Last cleanup .*: 2 sessions deleted \(8\.0 MB\)\./ })
      .waitFor();
    await options
      .getByTestId('storage-used')
      .filter({ hasText: /^10\.0 MB$/ })
      .waitFor();
    expect(await options.getByTestId('session-count').textContent()).toBe(
      '4 · 1 pinned · 1 recording',
    );
    await screenshot(options, 'overview');
    await options.close();

    // Recording goes on.
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('basic.html?probe=after-eviction'));
    await page.click('#go');
    const session = await waitFor(async () => {
      const data = await readStored(viewer);
      return data.sessions.find(
        (s) => s.firstUrl.includes('probe=after-eviction') && eventsOf(data, s.id).length > 0,
      );
    }, 'a recording after the eviction');
    expect(session.endedAt).toBeNull();
    await page.close();
  });
});

describe('only the listed sites', () => {
  it('records a listed site and stops recording an unlisted one, in tabs already open', async () => {
    await closeWebPages();
    await setOptions((o) =>
      o.getByLabel('All sites, except the ones never recorded (default)').check(),
    );
    const listedPage = await env.browser.context.newPage();
    await listedPage.goto(env.server.url('basic.html?probe=listed'));
    const unlistedPage = await env.browser.context.newPage();
    await unlistedPage.goto(unlisted.url('basic.html?probe=unlisted'));
    await listedPage.click('#go');
    await unlistedPage.click('#go');

    const options = await openOptions(env.browser);
    await options.getByLabel('Only the sites I list').check();
    await options.getByLabel('Record only these sites (one per line)').fill('127.0.0.1');
    await saveOptions(options);
    await screenshot(options, 'only-listed');
    const settings = (await storedSettings(options)) as {
      siteMode: string;
      includedSites: string[];
    };
    expect(settings).toMatchObject({ siteMode: 'only-listed', includedSites: ['127.0.0.1'] });

    // Neither tab reloads; the relays apply the change.
    await listedPage.waitForTimeout(500);
    const switchedAt = Date.now();
    for (let i = 0; i < 3; i += 1) {
      await listedPage.click('#go');
      await unlistedPage.click('#go');
    }
    // A second unlisted page opened now is not recorded at all.
    const freshUnlisted = await env.browser.context.newPage();
    await freshUnlisted.goto(unlisted.url('basic.html?probe=unlisted-fresh'));
    await freshUnlisted.click('#go');

    const viewer = await env.browser.extensionPage();
    const clicksAfterSwitch = (data: Awaited<ReturnType<typeof readStored>>, probe: string) =>
      data.sessions
        .filter((s) => s.firstUrl.includes(`probe=${probe}`))
        .flatMap((s) => eventsOf(data, s.id))
        .filter((e) => e.timestamp >= switchedAt && e.type === 3).length;
    const data = await waitFor(async () => {
      const stored = await readStored(viewer);
      return clicksAfterSwitch(stored, 'listed') > 0 ? stored : undefined;
    }, 'the listed page’s clicks after the switch');
    // Let anything in flight from the other tabs land before looking for it.
    await listedPage.waitForTimeout(1500);
    const settled = await readStored(viewer);
    expect(clicksAfterSwitch(data, 'listed')).toBeGreaterThan(0);
    expect(clicksAfterSwitch(settled, 'unlisted')).toBe(0);
    expect(settled.everything).not.toContain('probe=unlisted-fresh');
    // Before the switch both were recorded: the check above is not vacuous.
    expect(settled.everything).toContain('probe=unlisted');

    await options.getByLabel('All sites, except the ones never recorded (default)').check();
    await saveOptions(options);
    await options.close();
    await closeWebPages();
  });
});

describe('delete all data', () => {
  it('asks for confirmation, then deletes sessions, chunks and analyses and keeps the settings', async () => {
    await closeWebPages();
    const viewer = await env.browser.extensionPage();
    await seedBudgetSessions(viewer, [
      { id: 'one', daysAgo: 3, mb: 1 },
      { id: 'two', daysAgo: 2, mb: 1, pinned: true },
      { id: 'three', daysAgo: 1, mb: 1 },
    ]);
    const options = await openOptions(env.browser);
    await options.getByLabel('Keep sessions for').fill('30');
    await saveOptions(options);
    const settingsBefore = await storedSettings(options);

    const open = options.getByRole('button', { name: 'Delete all data…' });
    const dialog = options.getByRole('dialog', { name: 'Delete all recorded data?' });
    await open.click();
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('3 sessions (3.0 MB) will be deleted for good');
    await screenshot(options, 'delete-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await storedIds(viewer)).sessions).toEqual(['one', 'three', 'two']);

    await open.click();
    await dialog.getByRole('button', { name: 'Delete everything' }).click();
    await options.getByRole('status').filter({ hasText: 'Deleted 3 sessions (3.0 MB).' }).waitFor();
    expect(await storedIds(viewer)).toEqual({ sessions: [], chunks: [], analyses: [] });
    expect(await storedSettings(options)).toEqual(settingsBefore);
    await options.getByTestId('session-count').filter({ hasText: /^0$/ }).waitFor();
    await options.close();
  });
});
