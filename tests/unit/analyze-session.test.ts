import { describe, expect, it } from 'vitest';
import { ANALYSIS_VERSION, analyzeSession } from '../../shared/analysis/analyze-session';
import { makeCustomEvent, type TimedEvent } from '../../shared/events/tabreel-events';
import { SIGNAL_TAG } from '../../shared/signals/signal-events';
import {
  button,
  consoleWarn,
  failedRequest,
  faviconProbe,
  focus,
  form,
  invalidField,
  link,
  mouseMove,
  mutation,
  pageView,
  request,
  textbox,
  uncaughtError,
  userClick,
  vital,
} from '../fixtures/signal-events';
import { at, formatOffset, ORIGIN, T0, timeline } from '../fixtures/timeline';

const checkoutForm = form('Checkout');

/**
 * A shopper on an SPA: home, three route changes (products, a product, checkout), with one of
 * every failure people complain of, and the things that must not count (the favicon 404, an abort).
 */
const shopping: TimedEvent[] = [
  // Landing on the home page.
  pageView(at('0s'), '/', { navigation: 'navigate', historyIndex: 0 }),
  request(at('0s'), { url: '/', initiatorType: 'document', method: null, durationMs: 120 }),
  faviconProbe(at('300ms')),
  vital(at('800ms'), 'TTFB', 120, 'good', 'ttfb-1'),
  vital(at('1s'), 'FCP', 900, 'good', 'fcp-1'),
  vital(at('1s200ms'), 'LCP', 1400, 'good', 'lcp-1'),
  mouseMove(at('1s500ms')),

  ...userClick(at('2s'), link('Products')),
  pageView(at('2s100ms'), '/products', { kind: 'route', navigation: 'push', historyIndex: 1 }),
  mutation(at('2s150ms')),

  // A filter button that does nothing at all.
  ...userClick(at('5s'), button('Apply filter')),
  mouseMove(at('8s')),
  mouseMove(at('12s')),

  // "Load more", clicked in anger until it answers.
  ...[16_000, 16_200, 16_400, 16_600].flatMap((ms) => userClick(T0 + ms, button('Load more'))),
  mutation(at('17s')),

  ...userClick(at('20s'), link('Blue kettle')),
  pageView(at('20s100ms'), '/products/42', { kind: 'route', navigation: 'push', historyIndex: 2 }),
  mutation(at('20s150ms')),
  // Scrolling down lazy-loads recommendations: the network fails, no click asked for it.
  ...timeline`wheel@21s800ms`,
  failedRequest(at('22s'), 'network', { url: '/api/recommendations', durationMs: 40 }),

  // A button that throws, and nothing happens: the shopper leaves the tab for a while.
  ...userClick(at('25s'), button('Add to cart')),
  uncaughtError(at('25s5ms'), 'TypeError: cart is undefined'),
  mouseMove(at('1m')),

  ...userClick(at('1m2s'), link('Checkout')),
  pageView(at('1m2s100ms'), '/checkout', { kind: 'route', navigation: 'push', historyIndex: 3 }),
  mutation(at('1m2s150ms')),

  // Saving the address: the API answers 500.
  ...userClick(at('1m10s'), button('Save address')),
  failedRequest(at('1m10s200ms'), 'http', {
    method: 'POST',
    url: '/api/address',
    durationMs: 150,
  }),
  mutation(at('1m10s400ms')),

  // Placing the order with fields left empty: the browser refuses, and focuses the first.
  ...userClick(at('1m15s'), button('Place order')),
  invalidField(at('1m15s5ms'), textbox('Email'), 'valueMissing', checkoutForm),
  invalidField(at('1m15s6ms'), textbox('Card number'), 'patternMismatch', checkoutForm),
  focus(at('1m15s7ms')),

  // The page cancels a stale request on its own, and warns in the console: neither is a failure.
  failedRequest(at('1m18s'), 'abort', { url: '/api/shipping-quote' }),
  consoleWarn(at('1m19s'), 'Deprecated API'),
  mouseMove(at('1m20s')),
];

/** The tab closed exactly 10 s after the last sign of the shopper: not idle (only past 10 s is). */
const ENDED_AT = at('1m30s');

const path = (url: string) => url.replace(ORIGIN, '');
const offset = (ms: number) => formatOffset(ms - T0);

describe('analyzeSession: a whole shopping session', () => {
  const analysis = analyzeSession(shopping, { startedAt: T0, endedAt: ENDED_AT });

  it('lists every failure once, in order, with its target, page and evidence', () => {
    expect(
      analysis.failures.map((f) => [
        offset(f.timestamp),
        f.kind,
        f.target?.name ?? null,
        path(f.page),
        f.evidence,
      ]),
    ).toEqual([
      ['5s', 'dead-click', 'Apply filter', '/products', 'No reaction within 2.5 s'],
      ['16s', 'rage-click', 'Load more', '/products', '4 clicks in 0.6 s'],
      [
        '22s',
        'failed-request',
        null,
        '/products/42',
        'GET /api/recommendations → network error (TypeError: Failed to fetch)',
      ],
      ['25s', 'error-click', 'Add to cart', '/products/42', 'TypeError: cart is undefined'],
      ['1m10s', 'failed-request-click', 'Save address', '/checkout', 'POST /api/address → 500'],
      [
        '1m15s5ms',
        'invalid-submit',
        'Place order',
        '/checkout',
        'Refused: Email (required), Card number (does not match the pattern)',
      ],
    ]);
    expect(analysis.slowClicks).toEqual([]);
  });

  it('follows the pages in order, with wall and active time on each', () => {
    expect(
      analysis.flow.pages.map((p) => [
        path(p.url),
        p.kind,
        p.move,
        offset(p.enteredAt),
        offset(p.leftAt),
        p.wallMs,
        p.activeMs,
      ]),
    ).toEqual([
      ['/', 'load', 'entry', '0s', '2s100ms', 2100, 2100],
      ['/products', 'route', 'navigate', '2s100ms', '20s100ms', 18_000, 18_000],
      // The 35 s away from the tab are idle.
      ['/products/42', 'route', 'navigate', '20s100ms', '1m2s100ms', 42_000, 7000],
      ['/checkout', 'route', 'navigate', '1m2s100ms', '1m30s', 27_900, 27_900],
    ]);
    expect(analysis.flow).toMatchObject({
      entry: `${ORIGIN}/`,
      exit: `${ORIGIN}/checkout`,
      backMoves: 0,
      forwardMoves: 0,
    });
  });

  it('measures the session, the time away idle', () => {
    expect(analysis.duration).toEqual({
      startedAt: T0,
      endedAt: ENDED_AT,
      wallMs: 90_000,
      activeMs: 55_000,
      idleMs: 35_000,
      idlePeriods: [{ start: at('25s'), end: at('1m') }],
    });
  });

  it('sums it up, and finds it abnormal for its error, its failed API calls and its failed actions', () => {
    expect(analysis.version).toBe(ANALYSIS_VERSION);
    expect(analysis.metrics).toMatchObject({
      pages: 4,
      actions: 11,
      failedActions: 5,
      failuresByKind: {
        'dead-click': 1,
        'rage-click': 1,
        'failed-request': 1,
        'error-click': 1,
        'failed-request-click': 1,
        'invalid-submit': 1,
      },
      errors: 1,
      consoleErrors: 0,
      consoleWarnings: 1,
      requests: 5,
      failedRequests: 2,
      worstVital: { name: 'LCP', value: 1400, rating: 'good', url: `${ORIGIN}/` },
      bounce: false,
    });
    expect(analysis.metrics.vitals.map((v) => [path(v.url), v.worst])).toEqual([['/', 'good']]);
    expect(analysis.health).toEqual({
      status: 'abnormal',
      reasons: ['1 uncaught error', '2 failed page or API requests', '5 failed actions'],
    });
  });

  it('gives the same analysis whatever order the events arrive in', () => {
    expect(analyzeSession([...shopping].reverse(), { startedAt: T0, endedAt: ENDED_AT })).toEqual(
      analysis,
    );
  });
});

describe('analyzeSession: bounds', () => {
  const events = [pageView(at('10s'), '/'), mouseMove(at('15s'))];

  it('runs from the first to the last event unless told', () => {
    expect(analyzeSession(events).duration).toMatchObject({
      startedAt: at('10s'),
      endedAt: at('15s'),
      wallMs: 5000,
    });
  });

  it("takes a stored session's wider bounds, but never cuts its events off", () => {
    expect(
      analyzeSession(events, { startedAt: at('9s'), endedAt: at('20s') }).duration,
    ).toMatchObject({ startedAt: at('9s'), endedAt: at('20s'), wallMs: 11_000 });
    expect(
      analyzeSession(events, { startedAt: at('12s'), endedAt: at('13s') }).duration,
    ).toMatchObject({ startedAt: at('10s'), endedAt: at('15s'), wallMs: 5000 });
  });

  it('analyzes a session without events as empty and tolerable', () => {
    const empty = analyzeSession([], { startedAt: T0, endedAt: T0 + 1000 });
    expect(empty.duration).toMatchObject({ wallMs: 1000, activeMs: 1000, idleMs: 0 });
    expect(empty.flow).toEqual({
      pages: [],
      entry: null,
      exit: null,
      backMoves: 0,
      forwardMoves: 0,
    });
    expect(empty.failures).toEqual([]);
    expect(empty.health).toEqual({ status: 'tolerable', reasons: [] });
  });
});

describe('analyzeSession: what a page can send', () => {
  it('skips a signal without a payload instead of failing the whole analysis', () => {
    const forged = [
      pageView(at('0s'), '/'),
      ...[SIGNAL_TAG.request, SIGNAL_TAG.error, SIGNAL_TAG.action, SIGNAL_TAG.vital].map((tag) =>
        makeCustomEvent(tag, null, at('1s')),
      ),
      uncaughtError(at('2s'), 'TypeError: real'),
    ];
    const analysis = analyzeSession(forged);
    expect(analysis.failures.map((f) => f.evidence)).toEqual(['TypeError: real']);
    expect(analysis.metrics).toMatchObject({ actions: 0, requests: 0, errors: 1 });
  });
});
