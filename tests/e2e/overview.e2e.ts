import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../shared/bundle/write-bundle';
import {
  hasDeadClick,
  journeyOf,
  metricSessions,
  wallMinutesOf,
} from '../fixtures/metric-sessions';
import { useRecordingBrowser } from './support/recording-browser';
import { waitForAnalysis } from './support/stored-sessions';
import { openViewer } from './support/viewer-page';

const env = useRecordingBrowser();
const COUNT = 300;
const FILES = resolve(import.meta.dirname, '../../.tmp/bundles');
const SHOTS = '/tmp/shots-metrics';
const all = Array.from({ length: COUNT }, (_, i) => i);
const howMany = (test: (i: number) => boolean) => all.filter(test).length;
const percent = (n: number) => `${Math.round((n / COUNT) * 100)} %`;

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
const resultCount = (page: Page) => page.locator('.list-header .result-count');

/** Writes the fixture sessions as a bundle file, as another browser would have exported them. */
async function writeFixtureBundle(): Promise<string> {
  const sessions = metricSessions(COUNT, Date.now() - COUNT * 5 * 60_000 - 3_600_000);
  const parts: Uint8Array[] = [];
  await writeBundle(
    sessions.map(({ meta, events }) => ({ meta, events: [events] })),
    {
      producer: { name: 'Tabreel', version: 'test' },
      createdAt: Date.now(),
      onData: (c) => parts.push(c),
    },
  );
  mkdirSync(FILES, { recursive: true });
  const file = join(FILES, 'metrics.tabreel');
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

describe('the overview', () => {
  let viewer: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const file = await writeFixtureBundle();
    viewer = await openViewer(env.browser);
    await viewer.setViewportSize({ width: 1280, height: 900 });
    // Through the import, the pipeline's own write path: each session analysed, summarised, stored.
    const [chooser] = await Promise.all([
      viewer.waitForEvent('filechooser'),
      viewer.getByRole('button', { name: 'Import', exact: true }).click(),
    ]);
    await chooser.setFiles(file);
    await resultCount(viewer)
      .filter({ hasText: `${COUNT} sessions` })
      .waitFor({ timeout: 60_000 });
  }, 90_000);

  it('shows the known numbers of the sessions it covers', async () => {
    await viewer.getByRole('link', { name: 'Overview' }).click();
    await viewer.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    const stat = (id: string) => viewer.getByTestId(id).locator('.stat-value').textContent();
    expect(await stat('stat-sessions')).toBe(String(COUNT));
    // Durations 1…10 min, 30 sessions each: nearest-rank median 5, p75 8, p95 10 minutes.
    const sorted = all.map(wallMinutesOf).sort((a, b) => a - b);
    expect(await stat('stat-median')).toBe(`${sorted[Math.ceil(0.5 * COUNT) - 1]!.toFixed(1)} min`);
    expect(await stat('stat-p75')).toBe(`${sorted[Math.ceil(0.75 * COUNT) - 1]!.toFixed(1)} min`);
    expect(await stat('stat-p95')).toBe(`${sorted[Math.ceil(0.95 * COUNT) - 1]!.toFixed(1)} min`);
    expect(await stat('stat-bounce')).toBe(percent(howMany((i) => journeyOf(i) === 0)));
    expect(await stat('stat-failed')).toBe(percent(howMany(hasDeadClick)));
    expect(await stat('stat-kind-dead-click')).toBe(String(howMany(hasDeadClick)));
    await shot(viewer, 'overview');
  });

  it('counts conversions of goals the person adds, in funnel order and by failed actions', async () => {
    const addGoal = async (name: string, kind: 'Page reached' | 'Target clicked', rule: string) => {
      const form = viewer.getByRole('form', { name: 'Add a goal' });
      await form.getByLabel('Goal name').fill(name);
      await form.getByLabel('Goal kind').selectOption({ label: kind });
      await form
        .getByLabel(kind === 'Page reached' ? 'Page address pattern' : 'Target name or selector')
        .fill(rule);
      await form.getByRole('button', { name: 'Add goal' }).click();
    };
    await addGoal('Paid', 'Target clicked', 'pay now');
    await addGoal('Cart', 'Page reached', '/cart');
    // The funnel is Cart then Paid: move Cart up.
    await viewer.getByRole('button', { name: 'Move Cart up' }).click();
    const goals = viewer.getByRole('table', { name: 'Goals' });
    const cart = howMany((i) => journeyOf(i) >= 2);
    const paid = howMany((i) => journeyOf(i) === 3);
    expect(await goals.locator('tbody tr').allInnerTexts()).toEqual([
      `Cart\t${cart}\t${percent(cart)}`,
      `Paid\t${paid}\t${percent(paid)}`,
    ]);
    const funnel = viewer.getByRole('table', { name: 'Funnel steps' });
    expect(await funnel.locator('tbody tr td:nth-child(2)').allInnerTexts()).toEqual([
      String(cart),
      String(paid),
    ]);
    // Sessions with one failed action (a dead click) reach the cart more often in this fixture.
    const byFailures = viewer.getByRole('table', {
      name: 'Conversion rate by failed actions in the session',
    });
    const oneFailed = all.filter(hasDeadClick);
    const oneFailedCart = oneFailed.filter((i) => journeyOf(i) >= 2).length;
    expect(await byFailures.locator('tbody tr').nth(1).innerText()).toBe(
      `1\t${oneFailed.length}\t${Math.round((oneFailedCart / oneFailed.length) * 100)} %\t${Math.round((oneFailed.filter((i) => journeyOf(i) === 3).length / oneFailed.length) * 100)} %`,
    );
    // The table as CSV, the same rows.
    const [download] = await Promise.all([
      viewer.waitForEvent('download'),
      viewer.getByRole('button', { name: 'Export Goals as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('tabreel-goals.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toBe(
      `Goal,Converted,Rate\r\nCart,${cart},${cart / COUNT}\r\nPaid,${paid},${paid / COUNT}\r\n`,
    );
    await viewer.getByRole('heading', { name: 'Conversions' }).scrollIntoViewIfNeeded();
    await shot(viewer, 'overview-goals');
  });

  it('links a chart segment to the list of exactly its sessions', async () => {
    // A bar of the duration histogram: sessions of 5 to 10 minutes.
    await viewer.getByRole('link', { name: '5 min–10 min: ', exact: false }).click();
    const inBar = howMany((i) => wallMinutesOf(i) >= 5 && wallMinutesOf(i) < 10);
    await resultCount(viewer)
      .filter({ hasText: `${inBar} of ${COUNT} sessions` })
      .waitFor();
    expect(await viewer.getByTestId('segment-chip').innerText()).toBe('Duration: 5 min – 10 min');
    await shot(viewer, 'list-from-duration-bar');

    // Back to the overview, then a link of the flow diagram: from the home page to a product.
    await viewer.getByRole('link', { name: 'Overview' }).click();
    // Flow bands overlap where they cross: a person reaches one surely by keyboard.
    await viewer.getByRole('link', { name: '/ → /product/:id: ', exact: false }).focus();
    await viewer.keyboard.press('Enter');
    const moved = howMany((i) => journeyOf(i) >= 1);
    await resultCount(viewer)
      .filter({ hasText: `${moved} of ${COUNT} sessions` })
      .waitFor();
    expect(await viewer.getByTestId('segment-chip').innerText()).toBe(
      'Step 1: shop.example/ → shop.example/product/:id',
    );

    // The p95 duration: the sessions lasting at least that long.
    await viewer.getByRole('link', { name: 'Overview' }).click();
    await viewer.getByTestId('stat-p95').getByRole('link').click();
    const p95 = [...all.map(wallMinutesOf)].sort((a, b) => a - b)[Math.ceil(0.95 * COUNT) - 1]!;
    const tail = howMany((i) => wallMinutesOf(i) >= p95);
    await resultCount(viewer)
      .filter({ hasText: `${tail} of ${COUNT} sessions` })
      .waitFor();
    expect(await viewer.getByTestId('segment-chip').innerText()).toBe('Duration: ≥ 10 min');

    await viewer.getByRole('link', { name: 'Overview' }).click();
    await viewer.getByRole('link', { name: '/ → /product/:id: ', exact: false }).focus();
    await viewer.keyboard.press('Enter');
    await resultCount(viewer)
      .filter({ hasText: `${moved} of ${COUNT} sessions` })
      .waitFor();

    // Removing the chip shows every session again.
    await viewer.getByRole('button', { name: /Remove the filter Step 1/ }).click();
    await resultCount(viewer)
      .filter({ hasText: new RegExp(`^${COUNT} sessions$`) })
      .waitFor();
  });

  it('refuses a forged segment in a link with a message, and filters nothing by it', async () => {
    const page = await openViewer(env.browser, '#/?seg=%5B%7B%22kind%22%3A%22eval%22%7D%5D');
    await page.getByRole('alert').filter({ hasText: 'not one the list knows' }).waitFor();
    await resultCount(page)
      .filter({ hasText: `${COUNT} sessions` })
      .waitFor();
    await page.close();
  });

  it('counts a session recorded here, with its routes and traffic, once the worker analysed it', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('basic.html?utm_source=E2E-Mail'));
    await page.goto(env.server.url('second.html'));
    await page.getByRole('button', { name: 'Click me too' }).click();
    await page.close();
    const { session } = await waitForAnalysis(await env.browser.extensionPage(), (url) =>
      url.includes('basic.html'),
    );
    const host = new URL(env.server.origin).host;
    expect(session.summary?.facts).toMatchObject({
      routes: [`${host}/basic.html`, `${host}/second.html`],
      clicks: [{ name: 'Click me too', page: 1 }],
      traffic: { source: 'e2e-mail', viewport: 'desktop' },
    });

    await viewer.goto(viewer.url().replace(/#.*$/, '#/overview'));
    await viewer.getByLabel('Site').selectOption(host);
    await viewer
      .getByTestId('overview-count')
      .filter({ hasText: /^1 session\b/ })
      .waitFor();
    const sources = viewer.getByRole('table', { name: 'Source (referrer / UTM)' });
    expect(await sources.locator('tbody td').allInnerTexts()).toEqual(['e2e-mail', '1']);
    const goals = viewer.getByRole('table', { name: 'Goals' });
    // "Cart" and "Paid" still apply: this session reached neither.
    expect(await goals.locator('tbody tr td:nth-child(2)').allInnerTexts()).toEqual(['0', '0']);
    await shot(viewer, 'overview-recorded-site');
  });
});
