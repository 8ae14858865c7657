import { describe, expect, it } from 'vitest';
import { buildFlow } from '../../shared/analysis/build-flow';
import { collectPageVitals } from '../../shared/analysis/collect-page-vitals';
import { collectSignals } from '../../shared/analysis/collect-signals';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { pageView, vital } from '../fixtures/signal-events';
import { ORIGIN } from '../fixtures/timeline';

function vitalsOf(events: readonly TimedEvent[]) {
  const signals = collectSignals(events);
  return collectPageVitals(signals, buildFlow(signals.pages, signals.lastAt, []).pages);
}

/** Each load's vitals as `path: NAME value rating @time` lines. */
const linesOf = (events: readonly TimedEvent[]) =>
  vitalsOf(events).flatMap((page) =>
    Object.entries(page.vitals).map(
      ([name, v]) =>
        `${page.url.replace(ORIGIN, '')}: ${name} ${v.value} ${v.rating} @${v.timestamp}`,
    ),
  );

describe('collectPageVitals', () => {
  it('keeps the last report of a metric id as its value, and the worst rating of the load', () => {
    expect(
      vitalsOf([
        pageView(0, '/'),
        vital(800, 'TTFB', 300, 'good', 'ttfb-1'),
        vital(1000, 'LCP', 1800, 'good', 'lcp-1'),
        vital(3000, 'LCP', 4600, 'poor', 'lcp-1'),
        vital(5000, 'CLS', 0.02, 'good', 'cls-1'),
      ]),
    ).toEqual([
      {
        url: `${ORIGIN}/`,
        enteredAt: 0,
        vitals: {
          TTFB: { value: 300, rating: 'good', timestamp: 800, attribution: {} },
          LCP: { value: 4600, rating: 'poor', timestamp: 3000, attribution: {} },
          CLS: { value: 0.02, rating: 'good', timestamp: 5000, attribution: {} },
        },
        worst: 'poor',
      },
    ]);
  });

  it('times a metric from when its rating first reached its final value', () => {
    expect(
      linesOf([
        pageView(0, '/'),
        vital(1000, 'CLS', 0.05, 'good', 'cls-1'),
        vital(2000, 'CLS', 0.3, 'poor', 'cls-1'),
        vital(4000, 'CLS', 0.42, 'poor', 'cls-1'),
      ]),
    ).toEqual(['/: CLS 0.42 poor @2000']);
  });

  it('gives the vitals to the page load: a route change in the same document gets none', () => {
    const pages = vitalsOf([
      pageView(0, '/'),
      pageView(10_000, '/products', { kind: 'route', navigation: 'push' }),
      vital(12_000, 'INP', 350, 'needs-improvement', 'inp-1'),
    ]);
    expect(pages.map((p) => [p.url, p.worst])).toEqual([[`${ORIGIN}/`, 'needs-improvement']]);
  });

  it("keeps a metric on the load current at its first report, though its last comes after the next load's", () => {
    expect(
      linesOf([
        pageView(0, '/a'),
        vital(1000, 'CLS', 0.05, 'good', 'cls-a'),
        pageView(10_000, '/b', { navigation: 'navigate' }),
        // /a's final CLS, reported as it was left.
        vital(10_050, 'CLS', 0.3, 'poor', 'cls-a'),
        vital(11_000, 'LCP', 1200, 'good', 'lcp-b'),
      ]),
    ).toEqual(['/a: CLS 0.3 poor @10050', '/b: LCP 1200 good @11000']);
  });

  it('gives a page restored from the back/forward cache its own vitals, under their new ids', () => {
    expect(
      linesOf([
        pageView(0, '/a'),
        vital(1000, 'LCP', 4200, 'poor', 'lcp-1'),
        pageView(10_000, '/b', { navigation: 'navigate' }),
        vital(11_000, 'LCP', 900, 'good', 'lcp-2'),
        pageView(20_000, '/a', { navigation: 'back_forward' }),
        vital(20_100, 'LCP', 300, 'good', 'lcp-3'),
      ]),
    ).toEqual(['/a: LCP 4200 poor @1000', '/b: LCP 900 good @11000', '/a: LCP 300 good @20100']);
  });

  it('gives a report from before the first page view to the first load', () => {
    expect(linesOf([vital(0, 'TTFB', 90, 'good'), pageView(5, '/')])).toEqual([
      '/: TTFB 90 good @0',
    ]);
  });

  it('has nothing for a session without vitals', () => {
    expect(vitalsOf([pageView(0, '/')])).toEqual([]);
  });
});
