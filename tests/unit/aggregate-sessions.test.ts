import { describe, expect, it } from 'vitest';
import { aggregateSessions } from '../../shared/metrics/aggregate-sessions';
import { matchesSegment } from '../../shared/metrics/segment';
import { analyzed } from '../fixtures/analyzed-sessions';
import { MINUTE_MS, T0 } from '../fixtures/session-rows';

const DAY = 86_400_000;
// Ten sessions lasting 1..10 minutes, one a day over ten days; every third a bounce; pages 1..10.
const sessions = Array.from({ length: 10 }, (_, i) =>
  analyzed(`s${i}`, {
    row: { startedAt: T0 + i * DAY, endReason: i % 2 === 0 ? 'inactivity' : 'tab-closed' },
    summary: {
      wallMs: (i + 1) * MINUTE_MS,
      activeMs: (i + 1) * 15_000,
      pages: i + 1,
      bounce: i % 3 === 0,
    },
  }),
);
const edges = [T0, T0 + 5 * DAY, T0 + 10 * DAY];
const overview = aggregateSessions(sessions, edges);

describe('aggregateSessions', () => {
  it('counts sessions per time bucket by their start', () => {
    expect(overview.total).toBe(10);
    expect(overview.overTime.map((b) => b.count)).toEqual([5, 5]);
  });

  it('gives the nearest-rank median, p75 and p95 of the durations', () => {
    expect(overview.duration.medianMs).toBe(5 * MINUTE_MS);
    expect(overview.duration.p75Ms).toBe(8 * MINUTE_MS);
    expect(overview.duration.p95Ms).toBe(10 * MINUTE_MS);
  });

  it('bins durations into the fixed histogram, each bin linking to its sessions', () => {
    const counts = Object.fromEntries(overview.duration.histogram.map((b) => [b.label, b.count]));
    expect(counts).toMatchObject({
      '1 min–2 min': 1,
      '2 min–5 min': 3,
      '5 min–10 min': 5,
      '10 min–30 min': 1,
    });
    for (const bin of overview.duration.histogram)
      expect(sessions.filter((s) => matchesSegment(s, bin.segment)).length).toBe(bin.count);
  });

  it('sums active and idle time, and spreads pages per session with 5+ together', () => {
    expect(overview.activeMs).toBe(55 * 15_000);
    expect(overview.idleMs).toBe(55 * MINUTE_MS - 55 * 15_000);
    expect(overview.pages.mean).toBe(5.5);
    expect(overview.pages.histogram.map((b) => [b.label, b.count])).toEqual([
      ['1', 1],
      ['2', 1],
      ['3', 1],
      ['4', 1],
      ['5+', 6],
    ]);
  });

  it('has the bounce rate and end reasons', () => {
    expect(overview.bounce).toEqual({ count: 4, rate: 0.4 });
    expect(overview.endReasons.map((r) => [r.reason, r.count])).toEqual([
      ['inactivity', 5],
      ['tab-closed', 5],
    ]);
    expect(sessions.filter((s) => matchesSegment(s, { kind: 'bounce' })).length).toBe(4);
  });
});
