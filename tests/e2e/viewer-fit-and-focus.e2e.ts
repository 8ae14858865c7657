// What a person sees and reaches with the keyboard on the list and a session's page, from a
// dogfooding pass: every failed-action chip of a row is visible (the "+N" one was cut off), a
// request's type is read whole in the network panel (it ran into the address), the replayed page
// takes no keyboard focus (Tab walked through every link of the recorded page before Play), and
// Escape in the Export menu gives focus back to its button; space presses a button reached with Tab
// (it played/paused instead); a very long console message shows six lines until clicked (one filled
// the whole panel).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { sessionRow, summary } from '../fixtures/session-rows';
import { consoleError, pageView, request } from '../fixtures/signal-events';
import { useRecordingBrowser } from './support/recording-browser';
import { seedSession, seededPageLoad } from './support/seed-session';
import { seedSessions } from './support/seed-sessions';
import { openViewer, readReplayedPage } from './support/viewer-page';

const env = useRecordingBrowser();
const SHOTS = '.tmp/screens/fit-and-focus';

/** A page with three links, as a recorded page would have: things a Tab could land on. */
function linksPage(t0: number): TimedEvent[] {
  const link = (id: number, text: string) => ({
    type: 2,
    id,
    tagName: 'a',
    attributes: { href: `http://seeded.test/${text.toLowerCase()}` },
    childNodes: [{ type: 3, id: id + 100, textContent: text }],
  });
  return [
    ...seededPageLoad(t0, {
      type: 2,
      id: 3,
      tagName: 'body',
      attributes: {},
      childNodes: [link(4, 'Home'), link(5, 'Products'), link(6, 'Account')],
    }),
    pageView(t0 + 2, 'http://seeded.test/'),
    request(t0 + 3, {
      url: 'http://seeded.test/',
      method: null,
      initiatorType: 'document',
      durationMs: 40,
    }),
    request(t0 + 500, { url: 'http://seeded.test/api/cart', method: 'OPTIONS' }),
    request(t0 + 900, { url: 'http://seeded.test/app.js', method: null, initiatorType: 'script' }),
  ] as TimedEvent[];
}

/** Describes the focused element, in the page and in any frame it is in. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    return `${el.tagName.toLowerCase()} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}`;
  });

describe('the session list', () => {
  it('shows every failed-action chip of a row whole, the "+N" of the kinds left out included', async () => {
    const viewer = await env.browser.extensionPage();
    await seedSessions(viewer, [
      sessionRow({
        id: 'three-kinds',
        summary: summary({
          failedActions: 3,
          failuresByKind: { 'rage-click': 1, 'error-click': 1, 'failed-request-click': 1 },
          health: 'abnormal',
        }),
      }),
      sessionRow({
        id: 'many',
        startedAt: Date.now() - 60_000,
        summary: summary({
          failedActions: 136,
          failuresByKind: { 'failed-request-click': 12, 'invalid-submit': 24, 'dead-click': 100 },
          health: 'abnormal',
        }),
      }),
    ]);
    for (const width of [1100, 1400]) {
      const page = await openViewer(env.browser);
      await page.setViewportSize({ width, height: 700 });
      await page.locator('.failure-chip').first().waitFor();
      const chips = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.cell-failed')].map((cell) => {
          const box = cell.getBoundingClientRect();
          const right = box.right - parseFloat(getComputedStyle(cell).paddingRight);
          const row = cell.closest('[role="row"]')!.getBoundingClientRect();
          return [...cell.querySelectorAll<HTMLElement>('.failure-chip')].map((chip) => {
            const chipBox = chip.getBoundingClientRect();
            return {
              text: chip.textContent,
              whole:
                chipBox.right <= right + 0.5 &&
                chipBox.top >= row.top &&
                chipBox.bottom <= row.bottom,
              cut: chip.scrollWidth > chip.clientWidth,
            };
          });
        }),
      );
      await page.screenshot({ path: `${SHOTS}/list-${width}.png` });
      expect(
        chips
          .flat()
          .map((c) => c.text)
          .sort(),
      ).toEqual(['+1', '+12', '1 error', '1 rage', '100 dead', '24 invalid'].sort());
      // Each chip is inside its cell and reads whole: the "+N" above all.
      for (const chip of chips.flat())
        expect(chip, `${chip.text} at ${width}px`).toMatchObject({ whole: true, cut: false });
      await page.close();
    }
  });
});

describe('a session’s page', () => {
  it('reads each request’s type whole; Tab skips the replayed page; Escape closes Export onto its button', async () => {
    const viewer = await env.browser.extensionPage();
    const t0 = Date.now() - 60_000;
    await seedSession(viewer, { id: 'links', startedAt: t0, title: 'Links' }, [
      { events: linksPage(t0) },
    ]);
    const page = await openViewer(env.browser, '#/session/links');
    await page.setViewportSize({ width: 1100, height: 800 });
    await page.getByRole('tab', { name: /Network/ }).click();
    await page.locator('.waterfall .method').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/network.png` });
    const types = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.waterfall .entry')].map((entry) => {
        const method = entry.querySelector<HTMLElement>('.method')!;
        const url = entry.querySelector<HTMLElement>('.request-url')!;
        return {
          text: method.textContent,
          whole: method.scrollWidth <= method.clientWidth,
          apart: method.getBoundingClientRect().right <= url.getBoundingClientRect().left,
        };
      }),
    );
    expect(types.map((t) => t.text)).toEqual(['document', 'OPTIONS', 'script']);
    for (const type of types) expect(type, type.text!).toMatchObject({ whole: true, apart: true });

    // The replayed page is drawn (its links are there) before Tab is tried.
    expect(await readReplayedPage(page, (doc) => doc.querySelectorAll('a').length)).toBe(3);
    await page.getByRole('link', { name: '← Sessions' }).focus();
    const stops: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      stops.push(await focused(page));
    }
    // From the back link: Export, then straight to Play; never into the replay's frame.
    expect(stops.slice(0, 2)).toEqual(['summary Export', 'button Play']);
    expect(stops.filter((s) => s.startsWith('iframe'))).toEqual([]);

    const exportButton = page.locator('summary', { hasText: 'Export' });
    await exportButton.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem').first().waitFor();
    // The menu opens on its first choice (the WAI-ARIA menu pattern; arrows move, viewer-polish).
    await expect.poll(() => focused(page)).toMatch(/^button Tabreel bundle/);
    await page.keyboard.press('Escape');
    await page.getByRole('menuitem').first().waitFor({ state: 'hidden' });
    expect(await focused(page)).toBe('summary Export');
    await page.close();
  });

  it('space activates a control reached with the keyboard, and plays/pauses after a click', async () => {
    const viewer = await env.browser.extensionPage();
    const t0 = Date.now() - 60_000;
    await seedSession(viewer, { id: 'keys', startedAt: t0, endedAt: t0 + 30_000, title: 'Keys' }, [
      { events: linksPage(t0) },
    ]);
    const page = await openViewer(env.browser, '#/session/keys');
    const speed = (name: string) => page.getByRole('button', { name, exact: true });
    await speed('1×').waitFor();
    await page.getByRole('button', { name: 'Play' }).focus();
    // Tab from Play to the speeds, as a keyboard-only person does; space picks 2×.
    for (let i = 0; i < 12 && (await focused(page)) !== 'button 2×'; i++)
      await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button 2×');
    await page.keyboard.press('Space');
    // It played instead, at 1×.
    await page.waitForTimeout(300);
    expect(await speed('2×').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: 'Play' }).count()).toBe(1);
    // Clicked with the mouse, a speed keeps the focus, and space is play/pause again.
    await speed('4×').click();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    expect(await speed('4×').getAttribute('aria-pressed')).toBe('true');
    await page.close();
  });

  it('shows six lines of a very long console message, and all of it once clicked', async () => {
    const viewer = await env.browser.extensionPage();
    const t0 = Date.now() - 60_000;
    const long = `error line 0 ${'y'.repeat(3000)}`;
    await seedSession(
      viewer,
      { id: 'console', startedAt: t0, endedAt: t0 + 30_000, title: 'Console' },
      [
        {
          events: [
            ...linksPage(t0),
            consoleError(t0 + 1000, long),
            consoleError(t0 + 2000, 'short one'),
          ],
        },
      ],
    );
    const page = await openViewer(env.browser, '#/session/console');
    await page.getByRole('tab', { name: /Console/ }).click();
    const entries = page.getByRole('list', { name: 'Console' }).getByRole('button');
    await entries.nth(1).waitFor();
    const height = async (i: number) => (await entries.nth(i).boundingBox())!.height;
    // It was one entry taller than the panel (about 80 lines in the side panel).
    expect(await height(0)).toBeLessThan(200);
    await page.screenshot({ path: `${SHOTS}/console-clamped.png` });
    await entries.nth(0).click();
    await waitForHeight(
      () => height(0),
      (h) => h > 600,
    );
    await page.close();
  });
});

async function waitForHeight(
  read: () => Promise<number>,
  ok: (h: number) => boolean,
): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (ok(await read())) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`The entry kept its height: ${await read()} px.`);
}
