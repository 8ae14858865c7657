// What a person sees and reaches with the keyboard in the viewer, from a second dogfooding pass: a
// long tag no longer squeezes a row's Imported label, the network panel counts failed requests as
// the analysis does (the browser's favicon 404 is listed, not counted), the panel tabs and the
// Export menu move with the arrow keys (WAI-ARIA tabs and menu patterns), and the overview's goal
// fields show their placeholders whole.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { sessionRow, summary } from '../fixtures/session-rows';
import { faviconProbe, failedRequest, pageView, request } from '../fixtures/signal-events';
import { useRecordingBrowser } from './support/recording-browser';
import { seedSession, seededPageLoad } from './support/seed-session';
import { seedSessions } from './support/seed-sessions';
import { openViewer } from './support/viewer-page';

const env = useRecordingBrowser();
const SHOTS = '.tmp/screens/polish';

const LONG_TAG = 'regression found while testing the new checkout flow on staging, needs triage';

/** A page load, its document, a failed fetch and the browser's favicon 404. */
function requestsPage(t0: number): TimedEvent[] {
  return [
    ...seededPageLoad(t0, { type: 2, id: 3, tagName: 'body', attributes: {}, childNodes: [] }),
    pageView(t0 + 2, 'http://seeded.test/'),
    request(t0 + 3, {
      url: 'http://seeded.test/',
      method: null,
      initiatorType: 'document',
      durationMs: 40,
    }),
    faviconProbe(t0 + 300),
    failedRequest(t0 + 600, 'http', { url: 'http://seeded.test/api/pay', method: 'POST' }),
    pageView(t0 + 5000, 'http://seeded.test/done'),
  ] as TimedEvent[];
}

/** The focused element: its role and text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    return `${el.getAttribute('role') ?? el.tagName.toLowerCase()} ${(el.textContent ?? '').trim().slice(0, 30)}`;
  });

describe('the session list', () => {
  it('cuts a long tag with an ellipsis (whole in its title); the Imported label keeps its size', async () => {
    const viewer = await env.browser.extensionPage();
    const imported = {
      from: 'checkout-bug.tabreel',
      at: Date.now(),
      producer: 'Tabreel 0.1.0',
      originalId: 'x',
      sha256: '0'.repeat(64),
    };
    await seedSessions(viewer, [
      sessionRow({ id: 'tagged', imported, tags: [LONG_TAG], summary: summary() }),
      sessionRow({ id: 'plain', imported, startedAt: Date.now() - 3_600_000 }),
    ]);
    const page = await openViewer(env.browser);
    for (const [width, height] of [
      [1280, 800],
      [900, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.getByTestId('imported-mark').nth(1).waitFor();
      const marks = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[role="row"]')]
          .filter((row) => row.querySelector('[data-testid="imported-mark"]'))
          .map((row) => {
            const mark = row.querySelector<HTMLElement>('[data-testid="imported-mark"]')!;
            const text = mark.querySelector<HTMLElement>('.imported-text')!;
            const tag = row.querySelector<HTMLElement>('.tag-chip');
            const cell = row.querySelector<HTMLElement>('.cell-title')!.getBoundingClientRect();
            return {
              markWidth: mark.getBoundingClientRect().width,
              markCut: text.scrollWidth > text.clientWidth,
              tagWidth: tag?.getBoundingClientRect().width ?? 0,
              tag: tag && {
                title: tag.title,
                cut:
                  tag.querySelector<HTMLElement>('.tag-text')!.scrollWidth >
                  tag.querySelector<HTMLElement>('.tag-text')!.clientWidth,
                inside: tag.getBoundingClientRect().right <= cell.right + 0.5,
              },
            };
          }),
      );
      await page.screenshot({ path: `${SHOTS}/list-long-tag-${width}.png` });
      const tagged = marks.find((m) => m.tag);
      const plain = marks.find((m) => !m.tag);
      expect(tagged!.tag, `the tag at ${width}px`).toEqual({
        title: LONG_TAG,
        cut: true,
        inside: true,
      });
      // The label is as wide as in a row without tags: whole where the cell has room for it; in a
      // cell too narrow for it, it still takes all but a cut tag's room.
      expect(tagged!.markWidth, `the Imported label at ${width}px`).toBeCloseTo(
        plain!.markWidth,
        0,
      );
      if (width === 1280) expect(tagged!.markCut).toBe(false);
      else expect(tagged!.markWidth).toBeGreaterThan(tagged!.tagWidth * 2);
    }
    await page.close();
  });
});

describe('a session’s page', () => {
  it('lists the browser’s favicon 404 in the network panel without counting it as failed', async () => {
    const viewer = await env.browser.extensionPage();
    const t0 = Date.now() - 60_000;
    await seedSession(viewer, { id: 'requests', startedAt: t0, title: 'Requests' }, [
      { events: requestsPage(t0) },
    ]);
    const page = await openViewer(env.browser, '#/session/requests');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('tab', { name: /Network/ }).click();
    await page.locator('.waterfall .entry').nth(2).waitFor();
    await page.screenshot({ path: `${SHOTS}/network-favicon.png` });
    expect(await page.locator('.panel-note').textContent()).toBe('3 requests, 1 failed');
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.waterfall .entry')].map((entry) => ({
        url: entry.querySelector('.request-url')!.textContent,
        status: entry.querySelector('.status')!.textContent,
        failed: entry.classList.contains('failed'),
        title: entry.title,
      })),
    );
    expect(rows.map(({ url, status, failed }) => ({ url, status, failed }))).toEqual([
      { url: '/', status: '200', failed: false },
      { url: '/favicon.ico', status: '404', failed: false },
      { url: '/api/pay', status: '500', failed: true },
    ]);
    expect(rows[1]!.title).toMatch(/browser’s own favicon request.*not counted/);
    // The failures panel, from the analysis, agrees: one failed request.
    await page.getByRole('tab', { name: /Failures/ }).click();
    expect(await page.getByRole('tab', { name: /Failures/ }).textContent()).toMatch(
      /^Failures \(1\)/,
    );
    await page.close();
  });

  it('moves between the panel tabs with the arrows, Home and End; only the selected tab is in the Tab order', async () => {
    const viewer = await env.browser.extensionPage();
    const t0 = Date.now() - 60_000;
    await seedSession(viewer, { id: 'tabs', startedAt: t0, title: 'Tabs' }, [
      { events: requestsPage(t0) },
    ]);
    const page = await openViewer(env.browser, '#/session/tabs');
    await page.setViewportSize({ width: 1280, height: 800 });
    const tabs = page.getByRole('tablist', { name: 'Session panels' }).getByRole('tab');
    await tabs.first().waitFor();
    const state = () =>
      page.evaluate(() => {
        const all = [...document.querySelectorAll<HTMLElement>('[role="tab"]')];
        const selected = all.filter((t) => t.getAttribute('aria-selected') === 'true');
        const panel = document.getElementById(selected[0]!.getAttribute('aria-controls')!);
        return {
          selected: selected.map((t) => t.textContent!.replace(/ \(.*$/, '')),
          inTabOrder: all
            .filter((t) => t.tabIndex === 0)
            .map((t) => t.textContent!.replace(/ \(.*$/, '')),
          focused: (document.activeElement?.textContent ?? '').replace(/ \(.*$/, ''),
          panelRole: panel?.getAttribute('role'),
          labelledBy: panel?.getAttribute('aria-labelledby') === selected[0]!.id,
        };
      });
    const clock = () => page.getByTestId('replay-clock').textContent();
    const clockBefore = await clock();
    expect(await state()).toMatchObject({ selected: ['Failures'], inTabOrder: ['Failures'] });

    // Tab from Play's row reaches the selected tab; the arrows walk the rest.
    await tabs.first().focus();
    const walk: string[] = [];
    for (const key of ['ArrowRight', 'ArrowRight', 'End', 'ArrowRight', 'ArrowLeft', 'Home']) {
      await page.keyboard.press(key);
      const now = await state();
      expect(now.selected, key).toEqual([now.focused]);
      expect(now.inTabOrder, key).toEqual(now.selected);
      expect(now).toMatchObject({ panelRole: 'tabpanel', labelledBy: true });
      walk.push(now.focused);
    }
    expect(walk).toEqual(['Flow', 'Console', 'Duration', 'Failures', 'Duration', 'Failures']);
    await page.keyboard.press('ArrowRight');
    await page.screenshot({ path: `${SHOTS}/tabs-keyboard.png` });
    // The arrows were the tab list's: the replay did not move.
    expect(await clock()).toBe(clockBefore);
    await page.close();
  });

  it('opens the Export menu on its first choice and moves through it with Up/Down, Home and End', async () => {
    const viewer = await env.browser.extensionPage();
    const t0 = Date.now() - 60_000;
    await seedSession(viewer, { id: 'menu', startedAt: t0, title: 'Menu' }, [
      { events: requestsPage(t0) },
    ]);
    const page = await openViewer(env.browser, '#/session/menu');
    await page.setViewportSize({ width: 1280, height: 800 });
    const exportButton = page.locator('summary', { hasText: 'Export' });
    await exportButton.waitFor();
    await exportButton.focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('menuitem').first().waitFor();
    const items = await page.getByRole('menuitem').count();
    expect(items).toBeGreaterThan(2);
    const steps: string[] = [await focused(page)];
    for (const key of ['ArrowDown', 'End', 'ArrowDown', 'ArrowUp', 'Home', 'ArrowUp']) {
      await page.keyboard.press(key);
      steps.push(await focused(page));
    }
    const names = (await page.getByRole('menuitem').allTextContents()).map(
      (t) => `menuitem ${t.trim().slice(0, 30)}`,
    );
    const last = names[items - 1]!;
    expect(steps).toEqual([names[0], names[1], last, names[0], last, names[0], last]);
    await page.screenshot({ path: `${SHOTS}/export-menu-keyboard.png` });
    // Choices are reached with the arrows, not Tab: Tab leaves the menu, which closes.
    expect(
      await page.getByRole('menuitem').evaluateAll((els) => els.map((e) => e.tabIndex)),
    ).toEqual(Array(items).fill(-1));
    await page.keyboard.press('Tab');
    await page.getByRole('menuitem').first().waitFor({ state: 'hidden' });
    await page.close();
  });
});

describe('the overview', () => {
  it('shows the goal fields’ placeholders whole, at the default size and a narrow one', async () => {
    const viewer = await env.browser.extensionPage();
    await seedSessions(viewer, [sessionRow({ id: 'one', startedAt: Date.now() - 3_600_000 })]);
    const page = await openViewer(env.browser, '#/overview');
    const form = page.getByRole('form', { name: 'Add a goal' });
    await form.waitFor();
    for (const [width, height] of [
      [1280, 800],
      [900, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const kind of ['Page reached', 'Target clicked']) {
        await form.getByRole('combobox', { name: 'Goal kind' }).selectOption({ label: kind });
        const fields = await form.locator('input[placeholder]').evaluateAll((inputs) =>
          (inputs as HTMLInputElement[]).map((input) => {
            const style = getComputedStyle(input);
            const context = document.createElement('canvas').getContext('2d')!;
            context.font = style.font;
            const room =
              input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return {
              placeholder: input.placeholder,
              fits: context.measureText(input.placeholder).width <= room,
            };
          }),
        );
        await form.scrollIntoViewIfNeeded();
        await page.screenshot({
          path: `${SHOTS}/overview-goal-${width}-${kind.split(' ')[0]}.png`,
        });
        expect(fields.length).toBe(2);
        for (const field of fields)
          expect(field, `${field.placeholder} at ${width}px`).toMatchObject({ fits: true });
      }
    }
    await page.close();
  });
});
