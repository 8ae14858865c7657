import { describe, expect, it } from 'vitest';
import { aggregateTraffic } from '../../shared/metrics/aggregate-traffic';
import { matchesSegment } from '../../shared/metrics/segment';
import type { SessionTraffic } from '../../shared/metrics/traffic-of';
import { analyzed } from '../fixtures/analyzed-sessions';

const from = (id: string, traffic: SessionTraffic) => analyzed(id, { facts: { traffic } });
const sessions = [
  from('a', { source: 'newsletter', browser: 'Chrome', os: 'Linux', viewport: 'desktop' }),
  from('b', { source: 'newsletter', browser: 'Edge', os: 'Windows', viewport: 'desktop' }),
  from('c', { source: '(direct)', browser: 'Chrome', os: 'Android', viewport: 'mobile' }),
];

describe('aggregateTraffic', () => {
  it('counts sessions by source, browser, OS and viewport class, most first', () => {
    const traffic = aggregateTraffic(sessions);
    expect(traffic.source.map((v) => [v.value, v.count])).toEqual([
      ['newsletter', 2],
      ['(direct)', 1],
    ]);
    expect(traffic.browser.map((v) => [v.value, v.count])).toEqual([
      ['Chrome', 2],
      ['Edge', 1],
    ]);
    expect(traffic.viewport.map((v) => [v.value, v.count])).toEqual([
      ['desktop', 2],
      ['mobile', 1],
    ]);
    for (const dim of Object.values(traffic))
      for (const v of dim)
        expect(sessions.filter((s) => matchesSegment(s, v.segment)).length).toBe(v.count);
  });
});
