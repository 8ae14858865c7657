import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FailedAction } from '../../shared/analysis/failed-action';
import {
  SIGNAL_TAG,
  type ActionPayload,
  type VitalPayload,
} from '../../shared/signals/signal-events';
import { refusedOrigin } from './support/fixture-server';
import { useRecordingBrowser } from './support/recording-browser';
import { readStored, waitFor, waitForAnalysis, waitForSignals } from './support/stored-sessions';

const env = useRecordingBrowser();

// Screenshots of each page state the tests rely on, to look at when one fails.
const SCREENS = '.tmp/screens/failed-actions';
mkdirSync(SCREENS, { recursive: true });

/** The dead-click window (2.5 s) and a margin for a loaded machine. */
const DEAD_CLICK_WAIT_MS = 3000;
/** Longer than the error-click window (1 s): an error is not blamed on the click before. */
const ERROR_WINDOW_GAP_MS = 1100;

const pathOf = (url: string) => new URL(url).pathname;
const readable = (failures: readonly FailedAction[]) =>
  failures.map((f) => [f.kind, f.target?.name ?? null, pathOf(f.page)]);

describe('failed actions at the end of a session', () => {
  it('lists exactly the clicks and submits that failed, once each, and calls the session abnormal', async () => {
    const sync = `${await refusedOrigin()}/sync`;
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url(`failures.html?sync=${encodeURIComponent(sync)}`));
    const button = (name: string) => page.getByRole('button', { name, exact: true });

    // Works: not a failure.
    await button('Add to cart').click();
    // Four fast clicks on a control that does react: rage, not dead.
    await button('Next photo').click({ clickCount: 4 });
    // Their requests fail: a 500, then a refused connection (failed-request clicks).
    await button('Pay now').click();
    await page.getByText('Payment failed').waitFor();
    await button('Sync').click();
    await page.getByText('Offline: not synced').waitFor();
    // Submitted with the required email empty: the browser refuses it (invalid submit).
    await button('Sign up').click();
    // A new-tab link and plain text: nothing happens on this page, and that is no failure.
    const popup = page.waitForEvent('popup');
    await page.getByRole('link', { name: 'Open docs in a new tab' }).click();
    await (await popup).close();
    await page.getByText('Terms and conditions').click();

    // caret: 'initial', or the screenshot's own style change would be recorded as a reaction.
    await page.screenshot({ path: `${SCREENS}/failures.png`, caret: 'initial' });
    await page.waitForTimeout(ERROR_WINDOW_GAP_MS);
    // Throws before changing anything: an error click (not also dead, though nothing changed).
    await button('Export report').click();
    // Does nothing at all: dead once the window has passed with no reaction.
    await button('Save draft').click();
    expect(await page.locator('#photo').textContent()).toBe('Photo 5');
    expect(await page.locator('#cart').textContent()).toBe('Cart: 1');
    await page.waitForTimeout(DEAD_CLICK_WAIT_MS);

    const viewer = await env.browser.extensionPage();
    // Closing the tab ends the session: everything it did must be stored by then.
    await waitForSignals<ActionPayload>(
      viewer,
      (url) => url.includes('failures.html'),
      SIGNAL_TAG.action,
      (found) => found.some((a) => a.target?.name === 'Save draft'),
    );
    await page.close();

    const { session, analysis } = await waitForAnalysis(viewer, (url) =>
      url.includes('failures.html'),
    );
    const failures = analysis.failures;
    expect(failures.map((f) => f.timestamp)).toEqual(
      [...failures.map((f) => f.timestamp)].sort((a, b) => a - b),
    );
    expect(readable(failures)).toEqual([
      ['rage-click', 'Next photo', '/failures.html'],
      ['failed-request-click', 'Pay now', '/failures.html'],
      ['failed-request-click', 'Sync', '/failures.html'],
      ['invalid-submit', 'Sign up', '/failures.html'],
      ['error-click', 'Export report', '/failures.html'],
      ['dead-click', 'Save draft', '/failures.html'],
    ]);
    const evidence = Object.fromEntries(failures.map((f) => [f.target!.name, f.evidence]));
    expect(evidence).toEqual({
      'Next photo': expect.stringMatching(/^4 clicks in 0\.\d s$/),
      'Pay now': 'POST /api/status/500 → 500',
      Sync: 'GET /sync → network error (TypeError: Failed to fetch)',
      'Sign up': 'Refused: Email address (required)',
      'Export report': expect.stringContaining(
        "TypeError: Cannot read properties of null (reading 'rows')",
      ),
      'Save draft': 'No reaction within 2.5 s',
    });
    expect(analysis.slowClicks).toEqual([]);

    expect(analysis.metrics).toMatchObject({
      pages: 1,
      failedActions: 6,
      errors: 1,
      failedRequests: 2,
      failuresByKind: {
        'rage-click': 1,
        'failed-request-click': 2,
        'invalid-submit': 1,
        'error-click': 1,
        'dead-click': 1,
      },
    });
    expect(analysis.health).toEqual({
      status: 'abnormal',
      reasons: ['1 uncaught error', '2 failed page or API requests', '6 failed actions'],
    });
    expect(session).toMatchObject({
      endReason: 'tab-closed',
      health: 'abnormal',
      analysisPending: 0,
      summary: { failedActions: 6, health: 'abnormal' },
    });
  });
});

describe('flow at the end of a session', () => {
  it('lists the SPA route changes in order, the back move as back, with times that add up', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('spa.html'));
    for (const name of ['Products', 'Cart', 'Account']) {
      await page.waitForTimeout(300);
      await page.getByRole('link', { name }).click();
      await page
        .locator('#view')
        .filter({ hasText: `view of ${name}` })
        .waitFor();
    }
    await page.screenshot({ path: `${SCREENS}/spa-account.png` });
    await page.waitForTimeout(300);
    await page.goBack();
    await page.locator('#view').filter({ hasText: 'view of Cart' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/spa/cart');
    await page.screenshot({ path: `${SCREENS}/spa-back-to-cart.png` });

    const viewer = await env.browser.extensionPage();
    await waitFor(async () => {
      const stored = await readStored(viewer);
      const spa = stored.sessions.find((s) => s.firstUrl.endsWith('spa.html'));
      return spa && spa.pageCount === 5 ? spa : undefined;
    }, 'the SPA session with five page views');
    await page.waitForTimeout(300);
    await page.close();

    const { analysis } = await waitForAnalysis(viewer, (url) => url.endsWith('spa.html'));
    const { flow, duration } = analysis;
    // The router sets document.title right after pushState: each route still has its own title.
    expect(flow.pages.map((p) => [pathOf(p.url), p.title, p.kind, p.move])).toEqual([
      ['/spa.html', 'SPA home', 'load', 'entry'],
      ['/spa/products', 'SPA Products', 'route', 'navigate'],
      ['/spa/cart', 'SPA Cart', 'route', 'navigate'],
      ['/spa/account', 'SPA Account', 'route', 'navigate'],
      ['/spa/cart', 'SPA Cart', 'route', 'back'],
    ]);
    expect(pathOf(flow.entry!)).toBe('/spa.html');
    expect(pathOf(flow.exit!)).toBe('/spa/cart');
    expect([flow.backMoves, flow.forwardMoves]).toEqual([1, 0]);

    // Each page lasts until the next one begins; the last until the session's end.
    flow.pages.forEach((p, i) => {
      expect(p.wallMs).toBe(p.leftAt - p.enteredAt);
      expect(p.leftAt).toBe(flow.pages[i + 1]?.enteredAt ?? duration.endedAt);
      expect(p.activeMs).toBe(p.wallMs); // nobody was away for 10 s
    });
    // The test waited 300 ms on every page before leaving it.
    for (const p of flow.pages) expect(p.wallMs).toBeGreaterThanOrEqual(250);
    const total = flow.pages.reduce((sum, p) => sum + p.wallMs, 0);
    // The session may begin a moment before its first page view (its start marker).
    expect(duration.wallMs - total).toBeGreaterThanOrEqual(0);
    expect(duration.wallMs - total).toBeLessThan(100);
    expect(duration.wallMs).toBeLessThan(15_000);
    expect(duration).toMatchObject({ idleMs: 0, activeMs: duration.wallMs });
    expect(analysis.failures).toEqual([]);
    expect(analysis.health).toEqual({ status: 'tolerable', reasons: [] });
  });
});

describe('web vitals at the end of a session', () => {
  // INP is not asserted: headless Chromium reports it for Playwright's input only now and then.
  it('keeps each page load’s final vitals and lists a poor layout shift as a failure', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('vitals.html'));
    // The hero image arrives at 300 ms (LCP), the banner pushes everything down at 600 ms (CLS).
    await page.locator('#late-banner').waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SCREENS}/vitals.png` });
    await page.getByRole('button', { name: 'Interact' }).click();
    // Leaving the page is when its CLS is final.
    await page.goto(env.server.url('second.html'));
    await page.screenshot({ path: `${SCREENS}/vitals-second.png` });

    const viewer = await env.browser.extensionPage();
    await waitForSignals<VitalPayload>(
      viewer,
      (url) => url.endsWith('vitals.html'),
      SIGNAL_TAG.vital,
      (found) => found.filter((v) => v.name === 'FCP').length === 2,
    );
    await page.close();

    const { analysis } = await waitForAnalysis(viewer, (url) => url.endsWith('vitals.html'));
    expect(analysis.flow.pages.map((p) => [pathOf(p.url), p.kind, p.move])).toEqual([
      ['/vitals.html', 'load', 'entry'],
      ['/second.html', 'load', 'navigate'],
    ]);
    const [first, second] = analysis.metrics.vitals;
    expect(analysis.metrics.vitals.map((v) => pathOf(v.url))).toEqual([
      '/vitals.html',
      '/second.html',
    ]);
    expect(Object.keys(first!.vitals)).toEqual(
      expect.arrayContaining(['LCP', 'CLS', 'FCP', 'TTFB']),
    );
    expect(Object.keys(second!.vitals)).toEqual(expect.arrayContaining(['FCP', 'TTFB']));
    const { LCP, CLS, FCP, TTFB } = first!.vitals;
    expect(LCP!.value).toBeGreaterThan(250);
    expect(['#hero', '#late-banner']).toContain(LCP!.attribution.target);
    expect(FCP!.value).toBeGreaterThan(0);
    expect(TTFB!.value).toBeGreaterThanOrEqual(0);
    expect(FCP!.value).toBeLessThanOrEqual(LCP!.value);
    // A 400 px banner pushing down most of an 800 px viewport: poor (> 0.25).
    expect(CLS!.value).toBeGreaterThan(0.25);
    expect(CLS!.rating).toBe('poor');
    expect(first!.worst).toBe('poor');

    expect(readable(analysis.failures)).toEqual([['poor-vital', null, '/vitals.html']]);
    expect(analysis.failures[0]!.evidence).toMatch(/^CLS [\d.]+, poor$/);
    expect(analysis.failures[0]!.timestamp).toBe(CLS!.timestamp);
    expect(analysis.metrics.worstVital).toMatchObject({ name: 'CLS', rating: 'poor' });
    expect(analysis.health.status).toBe('abnormal');
    expect(analysis.health.reasons).toEqual([
      expect.stringMatching(/^Poor CLS \([\d.]+\) on \/vitals\.html$/),
    ]);
  });
});
