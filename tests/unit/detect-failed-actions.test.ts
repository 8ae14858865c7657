import { describe, expect, it } from 'vitest';
import { buildFlow } from '../../shared/analysis/build-flow';
import { collectPageVitals } from '../../shared/analysis/collect-page-vitals';
import { collectSignals } from '../../shared/analysis/collect-signals';
import { detectFailedActions } from '../../shared/analysis/detect-failed-actions';
import type { FailedAction } from '../../shared/analysis/failed-action';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import {
  button,
  click,
  consoleError,
  failedRequest,
  faviconProbe,
  focus,
  form,
  invalidField,
  link,
  mutation,
  PAY_BUTTON,
  pageView,
  paragraph,
  rejection,
  request,
  submit,
  textbox,
  uncaughtError,
  vital,
} from '../fixtures/signal-events';
import { ORIGIN } from '../fixtures/timeline';

const addToCart = button('Add to cart');
const terms = paragraph('Terms of sale');

/** Failures and slow clicks of a session on /checkout that holds `events` (in any order). */
function detect(events: readonly TimedEvent[]) {
  const all = [pageView(0, '/checkout'), ...events].sort((a, b) => a.timestamp - b.timestamp);
  const signals = collectSignals(all);
  const { pages } = buildFlow(signals.pages, signals.lastAt, []);
  return detectFailedActions(signals, pages, collectPageVitals(signals, pages));
}

/** A failure as one line: `kind "target" @ms: evidence`. */
const line = (f: FailedAction) =>
  `${f.kind}${f.target ? ` "${f.target.name}"` : ''} @${f.timestamp}: ${f.evidence}`;

const failuresOf = (events: readonly TimedEvent[]) => detect(events).failures.map(line);

describe('detectFailedActions: clicks', () => {
  it('lists a dead button once, with where it happened', () => {
    expect(detect([click(1000)]).failures).toEqual([
      {
        kind: 'dead-click',
        timestamp: 1000,
        target: PAY_BUTTON,
        page: `${ORIGIN}/checkout`,
        evidence: 'No reaction within 2.5 s',
      },
    ]);
  });

  it('takes a slow but eventual reaction for slow, not dead', () => {
    const { failures, slowClicks } = detect([click(1000), mutation(5000)]);
    expect(failures).toEqual([]);
    expect(slowClicks).toEqual([
      { timestamp: 1000, target: PAY_BUTTON, page: `${ORIGIN}/checkout`, reactedAfterMs: 4000 },
    ]);
  });

  it('does not take a click on plain text or on a link that opens a new tab for dead', () => {
    expect(
      failuresOf([click(1000, terms), click(20_000, link('Docs', { opensElsewhere: true }))]),
    ).toEqual([]);
  });

  it('lists a rage burst once, not its clicks as dead too', () => {
    expect(failuresOf([click(1000), click(1200), click(1400), click(1600)])).toEqual([
      'rage-click "Pay now" @1000: 4 clicks in 0.6 s',
    ]);
  });

  it('does not take a double or triple click to select text for rage', () => {
    expect(failuresOf([click(1000, terms), click(1150, terms)])).toEqual([]);
    expect(failuresOf([click(1000, terms), click(1150, terms), click(1300, terms)])).toEqual([]);
  });
});

describe('detectFailedActions: errors', () => {
  it('lists a throwing button once, as an error click: not also dead, nor the error on its own', () => {
    expect(
      failuresOf([click(1000, addToCart), uncaughtError(1005, 'TypeError: cart is undefined')]),
    ).toEqual(['error-click "Add to cart" @1000: TypeError: cart is undefined']);
  });

  it('lists a click that caused two errors once', () => {
    expect(
      failuresOf([
        click(1000, addToCart),
        mutation(1002),
        uncaughtError(1005, 'TypeError: cart is undefined'),
        rejection(1400, 'Error: cart sync failed'),
      ]),
    ).toEqual(['error-click "Add to cart" @1000: TypeError: cart is undefined']);
  });

  it('blames an error on the click just before it, not on an earlier one', () => {
    expect(
      failuresOf([
        click(1000, terms),
        click(1500, addToCart),
        uncaughtError(1505, 'TypeError: cart is undefined'),
      ]),
    ).toEqual(['error-click "Add to cart" @1500: TypeError: cart is undefined']);
  });

  it('lists a burst on a throwing button as rage and an error click per click', () => {
    expect(
      failuresOf([
        click(1000, addToCart),
        uncaughtError(1001, 'TypeError: a'),
        click(1200, addToCart),
        uncaughtError(1201, 'TypeError: b'),
        click(1400, addToCart),
        uncaughtError(1401, 'TypeError: c'),
      ]),
    ).toEqual([
      'rage-click "Add to cart" @1000: 3 clicks in 0.4 s',
      'error-click "Add to cart" @1000: TypeError: a',
      'error-click "Add to cart" @1200: TypeError: b',
      'error-click "Add to cart" @1400: TypeError: c',
    ]);
  });

  it('lists an uncaught error or rejection with no click just before on its own; a console error is no failure', () => {
    expect(
      failuresOf([
        uncaughtError(3000, 'TypeError: x is undefined'),
        rejection(4000, 'Error: token expired'),
        consoleError(5000, 'Widget failed'),
      ]),
    ).toEqual(['error @3000: TypeError: x is undefined', 'error @4000: Error: token expired']);
  });
});

describe('detectFailedActions: requests', () => {
  const save = button('Save');

  it('lists a click whose request fails as a failed-request click, not the request again', () => {
    expect(
      failuresOf([
        click(1000, save),
        failedRequest(1100, 'http', { method: 'POST', url: '/api/profile' }),
      ]),
    ).toEqual(['failed-request-click "Save" @1000: POST /api/profile → 500']);
  });

  it('lists a failing request with no click just before on its own, at its start', () => {
    expect(
      failuresOf([
        failedRequest(3000, 'network', { url: '/api/recommendations', durationMs: 80 }),
        failedRequest(6000, 'timeout', { url: '/api/stock?sku=42', durationMs: 10_000 }),
        failedRequest(0, 'http', {
          url: '/checkout',
          initiatorType: 'document',
          method: null,
          status: 503,
        }),
        failedRequest(500, 'http', {
          url: '/img/hero.png',
          initiatorType: 'img',
          method: null,
          status: 404,
        }),
      ]),
    ).toEqual([
      'failed-request @0: document /checkout → 503',
      'failed-request @500: img /img/hero.png → 404',
      'failed-request @3000: GET /api/recommendations → network error (TypeError: Failed to fetch)',
      'failed-request @6000: GET /api/stock?sku=42 → timeout (TimeoutError: signal timed out)',
    ]);
  });

  it('does not take an abort for a failure, after a click or on its own', () => {
    expect(
      failuresOf([click(1000, save), failedRequest(1100, 'abort'), failedRequest(4000, 'abort')]),
    ).toEqual([]);
  });

  it("does not take the browser's favicon 404 for a failure, even right after a click", () => {
    expect(failuresOf([faviconProbe(200)])).toEqual([]);
    expect(failuresOf([click(1000, link('Next')), mutation(1100), faviconProbe(1500)])).toEqual([]);
  });

  it("takes the page's own failing fetch of /favicon.ico for a failure", () => {
    expect(failuresOf([failedRequest(200, 'http', { url: '/favicon.ico', status: 404 })])).toEqual([
      'failed-request @200: GET /favicon.ico → 404',
    ]);
  });
});

describe('detectFailedActions: invalid submits', () => {
  const checkout = form('Checkout');
  const placeOrder = button('Place order');

  it('names the refused fields and why, by name, else by selector', () => {
    expect(
      failuresOf([
        click(1000, placeOrder),
        invalidField(1004, textbox('Email'), 'valueMissing', checkout),
        invalidField(
          1005,
          { role: 'textbox', name: '', selector: '#card' },
          'patternMismatch',
          checkout,
        ),
        focus(1006),
      ]),
    ).toEqual([
      'invalid-submit "Place order" @1004: Refused: Email (required), #card (does not match the pattern)',
    ]);
  });

  it('lists a submit answered by a failing request once, as an invalid submit', () => {
    expect(
      failuresOf([
        click(1000, placeOrder),
        submit(1002, checkout),
        failedRequest(1050, 'http', { method: 'POST', url: '/api/orders', status: 422 }),
      ]),
    ).toEqual(['invalid-submit "Place order" @1002: POST /api/orders → 422']);
  });
});

describe('detectFailedActions: vitals, pages and order', () => {
  it('lists a poor vital of a load at the moment it became poor; needs-improvement is no failure', () => {
    expect(
      failuresOf([
        vital(1000, 'LCP', 3200, 'needs-improvement', 'lcp-1'),
        vital(2000, 'LCP', 4800, 'poor', 'lcp-1'),
        vital(9000, 'LCP', 5100, 'poor', 'lcp-1'),
        vital(3000, 'INP', 300, 'needs-improvement', 'inp-1'),
      ]),
    ).toEqual(['poor-vital @2000: LCP 5.1 s, poor']);
  });

  it('gives each failure the page it happened on, in time order', () => {
    const { failures } = detect([
      uncaughtError(500, 'TypeError: early'),
      pageView(5000, '/checkout/pay', { kind: 'route', navigation: 'push' }),
      request(5000),
      click(6000),
    ]);
    expect(failures.map((f) => [f.kind, f.timestamp, f.page])).toEqual([
      ['error', 500, `${ORIGIN}/checkout`],
      ['dead-click', 6000, `${ORIGIN}/checkout/pay`],
    ]);
  });
});
