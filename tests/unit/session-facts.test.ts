import { describe, expect, it } from 'vitest';
import { ANALYSIS_VERSION, analyzeSession } from '../../shared/analysis/analyze-session';
import { summarizeSession } from '../../shared/analysis/summarize-session';
import { makeCustomEvent } from '../../shared/events/tabreel-events';
import { SIGNAL_TAG, type EnvironmentPayload } from '../../shared/signals/signal-events';
import { trafficOf, viewportClassOf } from '../../shared/metrics/traffic-of';
import { button, mutation, pageView, userClick, vital } from '../fixtures/signal-events';
import { at } from '../fixtures/timeline';

const environment = (ms: number, overrides: Partial<EnvironmentPayload> = {}) =>
  makeCustomEvent<EnvironmentPayload>(
    SIGNAL_TAG.environment,
    {
      userAgent: 'Mozilla/5.0',
      browser: 'Chrome 156',
      os: 'Linux',
      viewport: { width: 1280, height: 800 },
      screen: { width: 1920, height: 1080 },
      devicePixelRatio: 1,
      language: 'en',
      timeZone: 'UTC',
      connection: null,
      deviceMemory: null,
      referrer: 'https://www.search.example/?q=shoes',
      utm: {},
      ...overrides,
    },
    ms,
  );

describe('collectSessionFacts (through analyzeSession)', () => {
  const events = [
    pageView(at('0s'), '/product/12'),
    environment(at('0s')),
    pageView(at('5s'), '/product/12', { navigation: 'reload' }),
    vital(at('6s'), 'LCP', 3100, 'needs-improvement'),
    ...userClick(at('10s'), button('Add to cart')),
    mutation(at('10s') + 100),
    ...userClick(at('11s'), button('Add to cart')),
    mutation(at('11s') + 100),
    pageView(at('20s'), '/cart'),
    ...userClick(at('25s'), button('Checkout')),
  ];
  const analysis = analyzeSession(events);
  const summary = summarizeSession(analysis);

  it('stores route patterns in order (a reload collapsed) and every page view’s path', () => {
    expect(summary.analysisVersion).toBe(ANALYSIS_VERSION);
    expect(summary.facts?.routes).toEqual(['shop.example/product/:id', 'shop.example/cart']);
    expect(summary.facts?.paths).toEqual([
      'shop.example/product/12',
      'shop.example/product/12',
      'shop.example/cart',
    ]);
  });

  it('keeps each clicked target once per page view, with the page it was clicked on', () => {
    expect(summary.facts?.clicks).toEqual([
      { name: 'Add to cart', selector: '#add-to-cart', page: 1 },
      { name: 'Checkout', selector: '#checkout', page: 2 },
    ]);
  });

  it('keeps each page load’s vitals on its route, and the traffic of the first environment', () => {
    expect(summary.facts?.vitals).toEqual([
      { route: 'shop.example/product/:id', name: 'LCP', value: 3100 },
    ]);
    expect(summary.facts?.traffic).toEqual({
      source: 'search.example',
      browser: 'Chrome',
      os: 'Linux',
      viewport: 'desktop',
    });
  });
});

describe('trafficOf', () => {
  const landing = { url: 'https://shop.example/?utm_source=Newsletter', referrer: '' };
  it('prefers utm_source, then the referring site, then internal or direct', () => {
    expect(trafficOf(null, landing).source).toBe('newsletter');
    expect(
      trafficOf(null, { url: 'https://shop.example/', referrer: 'https://www.shop.example/a' })
        .source,
    ).toBe('(internal)');
    expect(trafficOf(null, { url: 'https://shop.example/', referrer: '' }).source).toBe('(direct)');
    expect(trafficOf(null, null)).toEqual({
      source: '(direct)',
      browser: 'unknown',
      os: 'unknown',
      viewport: 'unknown',
    });
  });

  it('classes viewports by width: under 640 mobile, under 1024 tablet, else desktop', () => {
    expect([639, 640, 1023, 1024, 0].map(viewportClassOf)).toEqual([
      'mobile',
      'tablet',
      'tablet',
      'desktop',
      'unknown',
    ]);
  });
});
