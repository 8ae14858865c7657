import { describe, expect, it } from 'vitest';
import {
  SIGNAL_TAG,
  type ConsolePayload,
  type ActionPayload,
  type EnvironmentPayload,
  type ErrorPayload,
  type RequestPayload,
  type VitalPayload,
} from '../../shared/signals/signal-events';
import { useRecordingBrowser } from './support/recording-browser';
import { waitForSignals } from './support/stored-sessions';

const env = useRecordingBrowser();

describe('console and errors', () => {
  it('records console warnings/errors and uncaught errors/rejections, redacted, without changing the page', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('errors.html'));
    await page.click('#log');
    await page.click('#throw');
    await page.click('#reject');

    const viewer = await env.browser.extensionPage();
    const errors = await waitForSignals<ErrorPayload>(
      viewer,
      (url) => url.endsWith('errors.html'),
      SIGNAL_TAG.error,
      (found) => found.length >= 2,
    );
    const consoleEntries = await waitForSignals<ConsolePayload>(
      viewer,
      (url) => url.endsWith('errors.html'),
      SIGNAL_TAG.console,
      (found) => found.length >= 2,
    );

    expect(consoleEntries.map((c) => [c.level, c.message])).toEqual([
      ['warn', 'early warning during parse'],
      ['error', 'logged 42 {status: 500} token=[redacted]'],
    ]);
    expect(errors.map((e) => [e.kind, e.message])).toEqual([
      ['error', expect.stringMatching(/TypeError: Cannot read properties of null/)],
      ['unhandledrejection', 'Unhandled rejection: RangeError: rejected on purpose'],
    ]);
    expect(errors[1]!.stack).toContain('RangeError: rejected on purpose');
    expect(errors[0]!.source).toBe(env.server.url('errors.html'));

    // The page saw exactly what it would without the extension.
    const pageView = await page.evaluate(() => ({
      seen: (window as unknown as { seen: string[] }).seen,
      logReturn: (window as unknown as { results: { logReturn?: unknown } }).results.logReturn,
      hasLogReturn: 'logReturn' in (window as unknown as { results: object }).results,
    }));
    expect(pageView).toEqual({
      seen: [expect.stringMatching(/^error:.*TypeError/), 'rejection:rejected on purpose'],
      logReturn: undefined,
      hasLogReturn: true,
    });
    await page.close();
  });
});

describe('web vitals', () => {
  // INP is wired the same way, but web-vitals reports it for Playwright's input in headless Chromium
  // only now and then (1 run in 6 in a plain page without the extension), so it is not asserted here.
  it('stores LCP, CLS, FCP and TTFB with ratings and attribution', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('vitals.html'));
    await page.waitForTimeout(1000);
    // The shift must come before the click: within 500 ms after an input it does not count as CLS
    // (under load the page's 600 ms timer can run late).
    await page.locator('#late-banner').waitFor();
    await page.click('#go');
    await page.waitForTimeout(300);
    // Leaving the page is when CLS and INP become final.
    await page.goto(env.server.url('second.html'));

    const viewer = await env.browser.extensionPage();
    const vitals = await waitForSignals<VitalPayload>(
      viewer,
      (url) => url.endsWith('vitals.html'),
      SIGNAL_TAG.vital,
      (found) => ['LCP', 'CLS', 'FCP', 'TTFB'].every((name) => found.some((v) => v.name === name)),
    );

    // Later reports of a metric id replace earlier ones.
    const byName = Object.fromEntries(vitals.map((v) => [v.name, v]));
    expect(byName.CLS!.value).toBeGreaterThan(0.1);
    expect(byName.CLS!.attribution.target).toBeTruthy();
    expect(byName.LCP!.value).toBeGreaterThan(250);
    expect(['#hero', '#late-banner']).toContain(byName.LCP!.attribution.target);
    for (const vital of vitals)
      expect(['good', 'needs-improvement', 'poor']).toContain(vital.rating);
    await page.close();
  });
});

describe('network requests', () => {
  it('records requests with method, status, timing and failures, and the page sees exactly what it would', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('requests.html'));
    await page.click('#run');
    await page.waitForFunction(() => (window as unknown as { seen: { done?: boolean } }).seen.done);
    const seen = await page.evaluate(() => (window as unknown as { seen: unknown }).seen);
    expect(seen).toEqual({
      ok: [200, true, true],
      missing: [404, false],
      refused: 'TypeError: Failed to fetch',
      xhr: 404,
      done: true,
    });

    const viewer = await env.browser.extensionPage();
    const requests = await waitForSignals<RequestPayload>(
      viewer,
      (url) => url.endsWith('requests.html'),
      SIGNAL_TAG.request,
      (found) => found.some((r) => r.initiatorType === 'xmlhttprequest'),
    );
    const summary = requests
      .filter((r) => !r.url.endsWith('favicon.ico'))
      .map((r) => [
        r.method,
        new URL(r.url).pathname + new URL(r.url).search,
        r.initiatorType,
        r.status,
        r.failure,
      ]);
    expect(summary).toEqual(
      expect.arrayContaining([
        [null, '/missing-image.png', 'img', 404, 'http'],
        ['GET', '/basic.html', 'fetch', 200, null],
        ['POST', '/missing.json', 'fetch', 404, 'http'],
        ['GET', '/refused', 'fetch', 0, 'network'],
        ['GET', '/missing-xhr.json?token=[redacted]', 'xmlhttprequest', 404, 'http'],
      ]),
    );
    expect(requests.find((r) => r.failure === 'network')!.error).toBe('TypeError: Failed to fetch');
    for (const request of requests) expect(request.durationMs).toBeGreaterThanOrEqual(0);
    await page.close();
  });

  it('records the environment of each page load, with the traffic source', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('basic.html?utm_source=newsletter&utm_campaign=spring'));
    await page.click('#go');
    const viewer = await env.browser.extensionPage();
    const [environment] = await waitForSignals<EnvironmentPayload>(
      viewer,
      (url) => url.includes('utm_source=newsletter'),
      SIGNAL_TAG.environment,
      (found) => found.length > 0,
    );
    expect(environment).toMatchObject({
      viewport: { width: 1100, height: 800 },
      devicePixelRatio: 1,
      language: expect.any(String),
      timeZone: expect.any(String),
      utm: { utm_source: 'newsletter', utm_campaign: 'spring' },
    });
    expect(environment!.browser).toMatch(/\d/);
    expect(environment!.os).toBe('Linux');
    await page.close();
  });
});

describe('actions', () => {
  it('names what the person clicked, typed into, submitted and pressed, as they would read it, without values', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('actions.html'));
    await page.getByLabel('Email address').fill('someone@example.com');
    await page.getByLabel('Email address').press('Tab');
    await page.locator('#save .icon').click();
    await page.getByRole('link', { name: 'Open help' }).click();
    await page.keyboard.press('Control+K');
    await page.mouse.wheel(0, 2500);
    await page.waitForTimeout(300);

    const viewer = await env.browser.extensionPage();
    const actions = await waitForSignals<ActionPayload>(
      viewer,
      (url) => url.endsWith('actions.html'),
      SIGNAL_TAG.action,
      (found) => found.some((a) => a.kind === 'scroll-depth' && a.depthPercent === 100),
    );
    const readable = actions
      .filter((a) => a.kind !== 'scroll-depth')
      .map((a) => [a.kind, a.target?.role, a.target?.name, a.shortcut ?? null]);
    expect(readable).toEqual(
      expect.arrayContaining([
        ['input', 'textbox', 'Email address', null],
        ['click', 'button', '★ Save changes', null],
        ['submit', 'form', expect.any(String), null],
        ['click', 'link', 'Open help', null],
        ['key', expect.any(String), expect.any(String), 'Ctrl+K'],
      ]),
    );
    expect(
      actions.find((a) => a.kind === 'click' && a.target?.role === 'button')!.target!.selector,
    ).toBe('#save');
    expect(JSON.stringify(actions)).not.toContain('someone@example.com');
    expect(actions.filter((a) => a.kind === 'scroll-depth').map((a) => a.depthPercent)).toContain(
      100,
    );
    await page.close();
  });
});
