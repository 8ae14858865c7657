import { describe, expect, it } from 'vitest';
import { binIndexOf } from '../../shared/metrics/time-bins';
import { MAX_TIME_BUCKETS, timeEdges } from '../../viewer/state/time-edges';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const from = new Date(2025, 0, 15, 9, 30).getTime();

describe('timeEdges', () => {
  it('picks hours for two days, local days up to the cap, weeks beyond', () => {
    expect(timeEdges(from, from + 10 * HOUR).unit).toBe('hour');
    expect(timeEdges(from, from + 30 * DAY).unit).toBe('day');
    expect(timeEdges(from, from + 200 * DAY).unit).toBe('week');
  });

  it('covers the range from the start of its first unit, every start in one bucket', () => {
    const { edges } = timeEdges(from, from + 3 * DAY);
    expect(edges[0]).toBe(new Date(2025, 0, 15).getTime());
    expect(edges.at(-1)!).toBeGreaterThanOrEqual(from + 3 * DAY);
    expect(edges.length - 1).toBeLessThanOrEqual(MAX_TIME_BUCKETS);
    expect(binIndexOf(edges, from)).toBe(0);
    expect(binIndexOf(edges, from + 2 * DAY)).toBe(2);
    expect(binIndexOf(edges, edges[0]! - 1)).toBe(-1);
  });
});
