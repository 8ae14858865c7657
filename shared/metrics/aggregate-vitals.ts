import type { VitalName, VitalRating } from '../signals/signal-events';
import type { AnalyzedSession } from './analyzed-session';
import { percentile, sortedNumbers } from './percentile';
import { rateVital } from './rate-vital';
import type { Segment } from './segment';

export const VITAL_NAMES: readonly VitalName[] = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'];
/** Routes the vitals table lists, those with the most page loads first. */
export const TOP_VITAL_ROUTES = 20;

export interface VitalCell {
  /** Page loads that reported it. */
  loads: number;
  p75: number;
  /** The page loads rated good, needs improvement and poor, by the web-vitals thresholds. */
  split: Record<VitalRating, number>;
  p75Rating: VitalRating;
  segment: Segment;
}

export interface RouteVitals {
  route: string;
  /** Page loads with any vital on this route. */
  loads: number;
  vitals: Partial<Record<VitalName, VitalCell>>;
}

/**
 * Per route pattern and vital, CrUX-style: every page load's final value counts once; the p75 is
 * the nearest-rank 75th percentile; the split is the share of loads in each rating.
 */
export function aggregateVitals(sessions: readonly AnalyzedSession[]): RouteVitals[] {
  const values = new Map<string, Map<VitalName, number[]>>();
  const loads = new Map<string, number>();
  for (const s of sessions) {
    for (const v of s.summary.facts?.vitals ?? []) {
      let byName = values.get(v.route);
      if (!byName) values.set(v.route, (byName = new Map()));
      const list = byName.get(v.name) ?? [];
      list.push(v.value);
      byName.set(v.name, list);
    }
  }
  for (const [route, byName] of values)
    loads.set(route, Math.max(...[...byName.values()].map((list) => list.length)));
  return [...values]
    .sort((a, b) => loads.get(b[0])! - loads.get(a[0])! || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_VITAL_ROUTES)
    .map(([route, byName]) => {
      const vitals: Partial<Record<VitalName, VitalCell>> = {};
      for (const name of VITAL_NAMES) {
        const list = byName.get(name);
        if (!list) continue;
        const sorted = sortedNumbers(list);
        const split: Record<VitalRating, number> = { good: 0, 'needs-improvement': 0, poor: 0 };
        for (const value of sorted) split[rateVital(name, value)] += 1;
        const p75 = percentile(sorted, 75)!;
        vitals[name] = {
          loads: sorted.length,
          p75,
          split,
          p75Rating: rateVital(name, p75),
          segment: { kind: 'vital', route, name },
        };
      }
      return { route, loads: loads.get(route)!, vitals };
    });
}
