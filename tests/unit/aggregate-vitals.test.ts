import { describe, expect, it } from 'vitest';
import { aggregateVitals } from '../../shared/metrics/aggregate-vitals';
import { matchesSegment } from '../../shared/metrics/segment';
import { analyzed } from '../fixtures/analyzed-sessions';

// Eight loads of /product/:id with LCPs 1..8 s (two good, two NI, four poor); one load of /.
const sessions = Array.from({ length: 8 }, (_, i) =>
  analyzed(`p${i}`, {
    facts: {
      vitals: [
        { route: 'shop.example/product/:id', name: 'LCP', value: (i + 1) * 1000 },
        ...(i === 0 ? [{ route: 'shop.example/', name: 'CLS' as const, value: 0.3 }] : []),
      ],
    },
  }),
);

describe('aggregateVitals', () => {
  const routes = aggregateVitals(sessions);

  it('gives per route the nearest-rank p75 and the CrUX-style split of page loads', () => {
    expect(routes.map((r) => [r.route, r.loads])).toEqual([
      ['shop.example/product/:id', 8],
      ['shop.example/', 1],
    ]);
    expect(routes[0]!.vitals.LCP).toMatchObject({
      loads: 8,
      p75: 6000,
      p75Rating: 'poor',
      split: { good: 2, 'needs-improvement': 2, poor: 4 },
    });
    expect(routes[1]!.vitals.CLS).toMatchObject({ p75: 0.3, p75Rating: 'poor' });
  });

  it('links each rating to the sessions with a load so rated', () => {
    const poor = sessions.filter((s) =>
      matchesSegment(s, {
        kind: 'vital',
        route: 'shop.example/product/:id',
        name: 'LCP',
        rating: 'poor',
      }),
    );
    expect(poor.map((s) => s.id)).toEqual(['p4', 'p5', 'p6', 'p7']);
  });
});
