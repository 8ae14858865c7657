import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionRow } from '../../shared/db/schema';
import { generatedId, generateSessions, LONGEST_INDEX } from '../fixtures/generated-sessions';
import { useRecordingBrowser } from './support/recording-browser';
import { countStored, seedSessions } from './support/seed-sessions';

const env = useRecordingBrowser();
const SESSIONS = 10_000;
/** The render budget of the issue, for 10,000 sessions. */
const RENDER_BUDGET_MS = 300;

/** The list's row of session `id` (only rendered while in or near view). */
const rowOf = (viewer: Page, id: string) => viewer.locator(`[role="row"][data-session-id="${id}"]`);
const count = (viewer: Page) => viewer.locator('.result-count');
const screenshot = (viewer: Page, name: string) =>
  viewer.screenshot({ path: `.tmp/screens/list-${name}.png` });

async function openList(): Promise<Page> {
  const viewer = await env.browser.extensionPage();
  await viewer.setViewportSize({ width: 1280, height: 800 });
  return viewer;
}

async function search(viewer: Page, text: string) {
  await viewer.getByRole('searchbox', { name: 'Search sessions' }).fill(text);
}

/** The shown rows' names, top to bottom. */
async function shownNames(viewer: Page): Promise<string[]> {
  return viewer.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[role="row"][data-session-id]')]
      .sort(
        (a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')),
      )
      .map((row) => row.querySelector('.session-link')!.textContent!),
  );
}

const text = (locator: Locator) => locator.textContent();

/** ms; `firstRows` and `whole` from the start of navigation, the others from the rows' arrival. */
interface Timings {
  /** Reading every row from the database (from the list's connect). */
  read: number;
  /** From all rows in memory to the list in the DOM (filter, sort, render). */
  render: number;
  /** The same, to the next frame painted. */
  paint: number;
  /** The first frame with rows in it (the newest rows, read first). */
  firstRows: number;
  /** The frame with the whole list in it. */
  whole: number;
}

/** The list's User Timing marks after a load (see LIST_MARKS in session-list-store.ts). */
async function listTimings(viewer: Page): Promise<Timings> {
  await viewer.evaluate('globalThis.__name ??= (f) => f');
  return viewer.evaluate(
    () =>
      new Promise<Timings>((resolve) => {
        const entry = (name: string) => performance.getEntriesByName(name)[0];
        const poll = () => {
          const paint = entry('tabreel:list-paint');
          const firstRows = entry('tabreel:list-first-rows');
          if (!paint || !firstRows) return void setTimeout(poll, 20);
          const rows = entry('tabreel:list-rows')!;
          resolve({
            read: rows.startTime - entry('tabreel:list-connect')!.startTime,
            render: entry('tabreel:list-render')!.duration,
            paint: paint.duration,
            firstRows: firstRows.startTime,
            whole: paint.startTime + paint.duration,
          });
        };
        poll();
      }),
  );
}

describe('session list', () => {
  it('says how to record when there are no sessions', async () => {
    const viewer = await openList();
    await viewer.getByRole('heading', { name: 'No sessions yet' }).waitFor();
    expect(await viewer.locator('.list-state').textContent()).toContain('http');
    await screenshot(viewer, 'empty');
  });

  describe('with 10,000 sessions', () => {
    let rows: SessionRow[];
    let viewer: Page;

    beforeAll(async () => {
      viewer = await openList();
      rows = generateSessions(SESSIONS, Date.now());
      await seedSessions(viewer, rows, [generatedId(1), generatedId(2)]);
      await viewer.reload();
      await count(viewer).filter({ hasText: '10,000 sessions' }).waitFor();
    });

    it('renders them windowed, and reports how long that takes', async () => {
      const runs: Timings[] = [];
      for (let i = 0; i < 5; i++) {
        await viewer.reload();
        runs.push(await listTimings(viewer));
      }
      const median = (key: keyof Timings) =>
        Math.round(runs.map((r) => r[key]).sort((a, b) => a - b)[2]!);
      const medians = {
        read: median('read'),
        render: median('render'),
        paint: median('paint'),
        firstRows: median('firstRows'),
        whole: median('whole'),
      };
      console.log(`session list, 10,000 sessions, median of 5 (ms): ${JSON.stringify(medians)}`);
      // From the rows in memory to the list painted: filter, sort, render, layout, paint. Reported
      // against the target, not asserted: tests stay timing-free on a shared machine.
      console.log(
        `rows → painted ${medians.paint} ms (target ≤ ${RENDER_BUDGET_MS} ms, ${medians.paint <= RENDER_BUDGET_MS ? 'met' : 'missed'})`,
      );

      expect(await text(count(viewer))).toBe('10,000 sessions');
      const rendered = await viewer.locator('[role="row"][data-session-id]').count();
      expect(rendered).toBeGreaterThan(5);
      expect(rendered).toBeLessThan(50);
      expect(
        await viewer.getByRole('table', { name: 'Sessions' }).getAttribute('aria-rowcount'),
      ).toBe('10001');
      // Newest first; the first one is still recording.
      expect((await shownNames(viewer)).slice(0, 2)).toEqual(['Home 0', 'Product details 1']);
      expect(await text(rowOf(viewer, generatedId(0)).locator('.health-badge'))).toBe('Recording');
      await screenshot(viewer, 'full');

      await viewer
        .locator('.table-body')
        .evaluate((body) => body.scrollTo({ top: body.scrollHeight }));
      await rowOf(viewer, generatedId(SESSIONS - 1)).waitFor();
      expect(await rowOf(viewer, generatedId(SESSIONS - 1)).isVisible()).toBe(true);
      expect(await viewer.locator('[role="row"][data-session-id]').count()).toBeLessThan(50);
      await viewer.locator('.table-body').evaluate((body) => body.scrollTo({ top: 0 }));
    });

    it('lines each column heading up with its cells, at any width', async () => {
      // Class names are global: a rule of another view's (the overview's `.table-head`, once in
      // the same stylesheet) had shrunk the heading row, so headings sat over the wrong values.
      for (const width of [1100, 1600]) {
        await viewer.setViewportSize({ width, height: 800 });
        const lefts = (row: string) =>
          viewer
            .locator(row)
            .first()
            .evaluate((element) =>
              [...element.children].map((cell) => Math.round(cell.getBoundingClientRect().left)),
            );
        const headings = await lefts('.head-row');
        expect(headings.length).toBeGreaterThan(5);
        expect(await lefts('[role="row"][data-session-id]')).toEqual(headings);
      }
      await screenshot(viewer, 'aligned');
      await viewer.setViewportSize({ width: 1280, height: 800 });
    });

    it('searches titles and URLs, filters by health, site and failed actions', async () => {
      await search(viewer, 'invoice');
      await count(viewer).filter({ hasText: '10 of 10,000 sessions' }).waitFor();
      const invoices = rows.filter((r) => r.title.includes('invoice')).map((r) => r.title);
      expect(await shownNames(viewer)).toEqual(invoices);
      await screenshot(viewer, 'filtered');

      await search(viewer, 'docs.example/account');
      const docsAccounts = rows.filter((r) => r.firstUrl.includes('docs.example/account'));
      expect(docsAccounts.length).toBe(500);
      await count(viewer).filter({ hasText: '500 of 10,000 sessions' }).waitFor();
      await search(viewer, '');

      await viewer.getByRole('combobox', { name: 'Health' }).selectOption('abnormal');
      const abnormal = rows.filter((r) => r.health === 'abnormal').length;
      await count(viewer)
        .filter({ hasText: `${abnormal.toLocaleString('en-US')} of 10,000 sessions` })
        .waitFor();
      expect(abnormal).toBe(2499);
      for (const badge of await viewer.locator('[data-session-id] .health-badge').all())
        expect(await badge.textContent()).toBe('Abnormal');
      expect(
        await viewer.locator('[data-session-id] .health-badge').first().getAttribute('title'),
      ).toBe('1 uncaught error\n2 failed actions');

      await viewer.getByRole('combobox', { name: 'Site' }).selectOption('news.example');
      const abnormalNews = rows.filter(
        (r) => r.health === 'abnormal' && r.host === 'news.example',
      ).length;
      await count(viewer)
        .filter({ hasText: `${abnormalNews} of 10,000 sessions` })
        .waitFor();
      await viewer.getByRole('button', { name: 'Clear filters' }).first().click();
      await count(viewer)
        .filter({ hasText: /^10,000 sessions$/ })
        .waitFor();

      await viewer.getByRole('checkbox', { name: 'Has failed actions' }).check();
      const failed = rows.filter((r) => (r.summary?.failedActions ?? 0) > 0).length;
      await count(viewer)
        .filter({ hasText: `${failed.toLocaleString('en-US')} of 10,000 sessions` })
        .waitFor();
      await viewer.getByRole('checkbox', { name: 'Has failed actions' }).uncheck();

      // Yesterday, local time: a session every ten minutes.
      const now = new Date();
      const from = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1).getTime();
      const to = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
      const yesterday = new Date(from).toLocaleDateString('sv'); // yyyy-mm-dd
      await viewer.getByLabel('From', { exact: true }).fill(yesterday);
      await viewer.getByLabel('To', { exact: true }).fill(yesterday);
      const inDay = rows.filter((r) => r.startedAt >= from && r.startedAt < to).length;
      expect(inDay).toBe(144);
      await count(viewer)
        .filter({ hasText: `${inDay} of 10,000 sessions` })
        .waitFor();
      await viewer.getByRole('button', { name: 'Clear filters' }).first().click();
      await count(viewer)
        .filter({ hasText: /^10,000 sessions$/ })
        .waitFor();

      await search(viewer, 'no such session anywhere');
      await viewer.getByRole('heading', { name: 'No sessions match these filters' }).waitFor();
      await viewer.locator('.list-state').getByRole('button', { name: 'Clear filters' }).click();
      await count(viewer)
        .filter({ hasText: /^10,000 sessions$/ })
        .waitFor();
    });

    it('sorts by duration, longest first, and back', async () => {
      const header = viewer.getByRole('columnheader', { name: 'Duration' });
      await header.getByRole('button').click();
      expect(await header.getAttribute('aria-sort')).toBe('descending');
      await rowOf(viewer, generatedId(LONGEST_INDEX)).waitFor();
      expect((await shownNames(viewer))[0]).toBe(`Product details ${LONGEST_INDEX}`);
      expect(
        await text(rowOf(viewer, generatedId(LONGEST_INDEX)).locator('.cell-num').first()),
      ).toBe('9h 00m');
      await header.getByRole('button').click();
      expect(await header.getAttribute('aria-sort')).toBe('ascending');
      await viewer.getByRole('columnheader', { name: 'Started' }).getByRole('button').click();
      await rowOf(viewer, generatedId(0)).waitFor();
    });

    it('pins, tags, renames and deletes, as a person does', async () => {
      const first = 'Product details 1';
      const second = 'Search results 2';
      await viewer.getByRole('checkbox', { name: `Select “${first}”` }).check();
      await viewer.getByRole('checkbox', { name: `Select “${second}”` }).check();
      const bar = viewer.getByRole('region', { name: 'Selected sessions' });
      expect(await text(bar.getByRole('status'))).toBe('2 selected');
      await screenshot(viewer, 'selection');

      await bar.getByRole('button', { name: 'Pin' }).click();
      await viewer.getByRole('button', { name: `Unpin “${first}”` }).waitFor();
      await viewer.getByRole('button', { name: `Unpin “${second}”` }).waitFor();
      expect(
        await viewer.getByRole('button', { name: `Unpin “${first}”` }).getAttribute('aria-pressed'),
      ).toBe('true');

      await bar.getByRole('button', { name: 'Add tag' }).click();
      await bar.getByRole('combobox', { name: 'Tag to add' }).fill('checkout-bug');
      await bar.getByRole('button', { name: 'Add', exact: true }).click();
      await rowOf(viewer, generatedId(1))
        .locator('.tag-chip', { hasText: 'checkout-bug' })
        .waitFor();
      await rowOf(viewer, generatedId(2))
        .locator('.tag-chip', { hasText: 'checkout-bug' })
        .waitFor();
      await bar.getByRole('button', { name: 'Clear selection' }).click();
      await search(viewer, 'checkout-bug');
      await count(viewer).filter({ hasText: '2 of 10,000 sessions' }).waitFor();
      expect(await shownNames(viewer)).toEqual([first, second]);
      await search(viewer, '');

      await viewer.getByRole('button', { name: 'Edit “Account settings 3”' }).click();
      const dialog = viewer.getByRole('dialog', { name: 'Edit session' });
      await dialog.getByRole('textbox', { name: 'Name' }).fill('Broken coupon flow');
      await dialog.getByRole('textbox', { name: 'Note' }).fill('Coupon field rejects valid codes');
      await screenshot(viewer, 'edit-dialog');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await rowOf(viewer, generatedId(3))
        .getByRole('link', { name: 'Broken coupon flow' })
        .waitFor();
      await search(viewer, 'coupon');
      await count(viewer).filter({ hasText: '1 of 10,000 sessions' }).waitFor();
      await search(viewer, '');

      await viewer.getByRole('checkbox', { name: 'Pinned' }).check();
      await count(viewer).filter({ hasText: '2 of 10,000 sessions' }).waitFor();
      await viewer.getByRole('checkbox', { name: 'Select all 2 shown' }).check();
      await bar.getByRole('button', { name: 'Delete' }).click();
      const confirm = viewer.getByRole('dialog', { name: 'Delete 2 sessions?' });
      expect(await confirm.textContent()).toContain('All of them are pinned.');
      await screenshot(viewer, 'delete-confirm');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      expect(await countStored(viewer, [generatedId(1), generatedId(2)])).toEqual({
        sessions: 2,
        chunks: 2,
        analyses: 2,
      });
      await bar.getByRole('button', { name: 'Delete' }).click();
      await confirm.getByRole('button', { name: 'Delete 2 sessions' }).click();
      await viewer.getByRole('heading', { name: 'No sessions match these filters' }).waitFor();
      await viewer.getByRole('checkbox', { name: 'Pinned' }).uncheck();
      await count(viewer)
        .filter({ hasText: /^9,998 sessions$/ })
        .waitFor();
      expect(await countStored(viewer, [generatedId(1), generatedId(2)])).toEqual({
        sessions: 0,
        chunks: 0,
        analyses: 0,
      });
      expect(await rowOf(viewer, generatedId(3)).count()).toBe(1);
    });

    it('shows a tab being recorded live, without stalling, and opens it', async () => {
      await viewer.evaluate(() => {
        const tasks: number[] = [];
        Object.assign(globalThis, { longTasks: tasks });
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) tasks.push(Math.round(entry.duration));
        }).observe({ type: 'longtask' });
      });
      const page = await env.browser.context.newPage();
      await page.goto(env.server.url('basic.html'));
      for (let i = 0; i < 6; i++) {
        await page.click('#go');
        await page.waitForTimeout(400);
      }
      await page.close();
      // No reload: the list follows the database.
      const link = viewer.getByRole('link', { name: 'Basic page' });
      await link.waitFor();
      await count(viewer)
        .filter({ hasText: /^9,999 sessions$/ })
        .waitFor();
      const longTasks = await viewer.evaluate(
        () => (globalThis as unknown as { longTasks: number[] }).longTasks,
      );
      // Reported, not asserted (tests stay timing-free on a shared machine): reading all 10,000
      // rows again on each recorded batch cost 100–350 ms several times a second; the list now
      // re-reads only the rows a change touched (unit-tested in watch-session-rows.test.ts).
      console.log(`long tasks in the list while a tab recorded (ms): ${JSON.stringify(longTasks)}`);

      await search(viewer, 'Basic page');
      await count(viewer).filter({ hasText: '1 of 9,999 sessions' }).waitFor();
      const id = await viewer
        .locator('[role="row"][data-session-id]')
        .first()
        .getAttribute('data-session-id');
      await link.click();
      await viewer.waitForURL((url) => url.hash === `#/session/${id}`);
      await viewer.goBack();
      await link.waitFor();
      expect(await viewer.getByRole('searchbox', { name: 'Search sessions' }).inputValue()).toBe(
        'Basic page',
      );
    });
  });
});
