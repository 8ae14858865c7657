import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../shared/analysis/analyze-session';
import { ABNORMAL_FAILED_ACTIONS } from '../../shared/analysis/classify-health';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import {
  button,
  click,
  consoleError,
  consoleWarn,
  failedRequest,
  faviconProbe,
  input,
  key,
  mouseMove,
  mutation,
  pageView,
  rejection,
  request,
  submit,
  form,
  textbox,
  uncaughtError,
  userClick,
  vital,
} from '../fixtures/signal-events';
import { ORIGIN } from '../fixtures/timeline';

/** A session on `/` (a page load at 0) that holds `events`. */
const analysisOf = (events: readonly TimedEvent[]) => analyzeSession([pageView(0, '/'), ...events]);
const metricsOf = (events: readonly TimedEvent[]) => analysisOf(events).metrics;
const healthOf = (events: readonly TimedEvent[]) => analysisOf(events).health;

describe('summarizeMetrics: counts', () => {
  it('counts pages, actions, errors, console entries, requests and failures', () => {
    const metrics = metricsOf([
      ...userClick(1000, button('Open')),
      mutation(1100),
      input(2000, textbox('Name')),
      key(3000, 'Ctrl+S'),
      submit(4000, form('Profile')),
      request(4010),
      pageView(5000, '/done', { kind: 'route', navigation: 'push' }),
      uncaughtError(8000, 'TypeError: a'),
      rejection(9000, 'Error: b'),
      consoleError(10_000, 'c'),
      consoleWarn(11_000, 'd'),
      consoleWarn(11_500, 'e'),
      failedRequest(12_000, 'network'),
      failedRequest(13_000, 'abort'),
      faviconProbe(14_000),
    ]);
    expect(metrics).toEqual({
      pages: 2,
      actions: 4,
      failedActions: 0,
      failuresByKind: { error: 2, 'failed-request': 1 },
      errors: 2,
      consoleErrors: 1,
      consoleWarnings: 2,
      requests: 4,
      failedRequests: 1,
      vitals: [],
      worstVital: null,
      bounce: false,
    });
  });

  it('counts failed actions apart from page failures', () => {
    const metrics = metricsOf([
      click(1000, button('Dead')),
      ...[20_000, 20_200, 20_400].map((ms) => click(ms, button('Rage'))),
      mutation(40_000),
      uncaughtError(50_000),
    ]);
    expect(metrics.failuresByKind).toEqual({ 'dead-click': 1, 'rage-click': 1, error: 1 });
    expect(metrics.failedActions).toBe(2);
  });
});

describe('summarizeMetrics: bounce', () => {
  it('is a bounce with one page view and no click, input or submit, whatever else happened', () => {
    expect(metricsOf([mouseMove(1000), key(2000, 'Ctrl+F'), mutation(3000)]).bounce).toBe(true);
  });

  it('is no bounce once the person clicked, typed or submitted', () => {
    expect(metricsOf([...userClick(1000, button('More')), mutation(1100)]).bounce).toBe(false);
    expect(metricsOf([input(1000, textbox('Search'))]).bounce).toBe(false);
    expect(metricsOf([submit(1000, form('Search'))]).bounce).toBe(false);
  });

  it('is no bounce with a second page view', () => {
    expect(
      metricsOf([pageView(5000, '/about', { kind: 'route', navigation: 'push' })]).bounce,
    ).toBe(false);
  });
});

describe('summarizeMetrics: worst vital', () => {
  it('is none without vitals', () => {
    expect(metricsOf([mouseMove(1000)]).worstVital).toBeNull();
  });

  it('is the worst-rated vital of the session, on the page it belongs to', () => {
    const metrics = metricsOf([
      vital(500, 'LCP', 2000, 'good', 'lcp-1'),
      pageView(10_000, '/slow', { navigation: 'navigate' }),
      vital(10_500, 'INP', 320, 'needs-improvement', 'inp-2'),
      vital(11_000, 'TTFB', 400, 'good', 'ttfb-2'),
    ]);
    expect(metrics.worstVital).toEqual({
      name: 'INP',
      value: 320,
      rating: 'needs-improvement',
      url: `${ORIGIN}/slow`,
    });
  });

  it('between equal ratings, is the one furthest past its threshold', () => {
    const metrics = metricsOf([
      vital(500, 'LCP', 4100, 'poor', 'lcp-1'), // just past 4 s
      vital(600, 'CLS', 0.75, 'poor', 'cls-1'), // three times 0.25
    ]);
    expect(metrics.worstVital).toEqual({
      name: 'CLS',
      value: 0.75,
      rating: 'poor',
      url: `${ORIGIN}/`,
    });
  });
});

describe('classifyHealth', () => {
  it('finds a session with no problem tolerable', () => {
    expect(
      healthOf([
        ...userClick(1000, button('More')),
        mutation(1100),
        request(1100),
        vital(1500, 'LCP', 1200, 'good'),
      ]),
    ).toEqual({ status: 'tolerable', reasons: [] });
  });

  it('tolerates one failed action; two are a pattern', () => {
    expect(ABNORMAL_FAILED_ACTIONS).toBe(2);
    const deadClick = (ms: number) => click(ms, button(`Button ${ms}`));
    expect(healthOf([deadClick(1000)])).toEqual({ status: 'tolerable', reasons: [] });
    expect(healthOf([deadClick(1000), deadClick(20_000)])).toEqual({
      status: 'abnormal',
      reasons: ['2 failed actions'],
    });
  });

  it('finds an uncaught error or unhandled rejection abnormal, counting each', () => {
    expect(healthOf([uncaughtError(1000)])).toEqual({
      status: 'abnormal',
      reasons: ['1 uncaught error'],
    });
    expect(healthOf([uncaughtError(1000), rejection(2000)]).reasons).toEqual(['2 uncaught errors']);
  });

  it('does not count console errors and warnings against the session', () => {
    expect(healthOf([consoleError(1000), consoleWarn(2000)])).toEqual({
      status: 'tolerable',
      reasons: [],
    });
  });

  it('finds a failed page or API request abnormal', () => {
    const documentError = failedRequest(0, 'http', {
      url: '/',
      initiatorType: 'document',
      method: null,
      status: 503,
    });
    expect(healthOf([documentError]).reasons).toEqual(['1 failed page or API request']);
    expect(
      healthOf([
        failedRequest(1000, 'http'),
        failedRequest(2000, 'network', { initiatorType: 'xmlhttprequest' }),
      ]).reasons,
    ).toEqual(['2 failed page or API requests']);
  });

  it('tolerates a failed image, an abort and the favicon 404 (the image is still listed)', () => {
    const brokenImage = failedRequest(1000, 'http', {
      url: '/img/hero.png',
      initiatorType: 'img',
      method: null,
      status: 404,
    });
    const analysis = analysisOf([brokenImage, failedRequest(2000, 'abort'), faviconProbe(3000)]);
    expect(analysis.health).toEqual({ status: 'tolerable', reasons: [] });
    expect(analysis.failures.map((f) => f.evidence)).toEqual(['img /img/hero.png → 404']);
  });

  it('finds a poor vital abnormal, naming it, its value and its page', () => {
    expect(
      healthOf([
        vital(500, 'CLS', 0.31, 'poor', 'cls-1'),
        pageView(10_000, '/checkout', { navigation: 'navigate' }),
        vital(11_000, 'LCP', 4800, 'poor', 'lcp-2'),
        vital(11_500, 'INP', 350, 'needs-improvement', 'inp-2'),
      ]),
    ).toEqual({
      status: 'abnormal',
      reasons: ['Poor CLS (0.31) on /', 'Poor LCP (4.8 s) on /checkout'],
    });
  });

  it('lists every reason: errors, requests, vitals, then failed actions', () => {
    expect(
      healthOf([
        click(1000, button('Pay')),
        failedRequest(1100, 'http', { method: 'POST', url: '/api/pay' }),
        click(5000, button('Retry')),
        uncaughtError(5010, 'TypeError: retry'),
        vital(6000, 'INP', 900, 'poor'),
      ]).reasons,
    ).toEqual([
      '1 uncaught error',
      '1 failed page or API request',
      'Poor INP (900 ms) on /',
      '2 failed actions',
    ]);
  });
});
