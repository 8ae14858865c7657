import type { AnalyzedSession } from './analyzed-session';
import { countBy } from './count-by';
import type { Segment } from './segment';
import type { SessionTraffic } from './traffic-of';

export const TRAFFIC_DIMENSIONS: ReadonlyArray<keyof SessionTraffic> = [
  'source',
  'browser',
  'os',
  'viewport',
];
/** Values listed per dimension, the most frequent first. */
export const TOP_TRAFFIC = 10;

export type TrafficOverview = Record<
  keyof SessionTraffic,
  Array<{ value: string; count: number; segment: Segment }>
>;

/** Sessions by traffic source, browser, OS and viewport class (sessions analysed under v3 rules). */
export function aggregateTraffic(sessions: readonly AnalyzedSession[]): TrafficOverview {
  const withFacts = sessions.filter((s) => s.summary.facts);
  const out = {} as TrafficOverview;
  for (const dimension of TRAFFIC_DIMENSIONS)
    out[dimension] = countBy(
      withFacts,
      (s) => s.summary.facts!.traffic[dimension],
      TOP_TRAFFIC,
    ).map(({ key, count }) => ({
      value: key,
      count,
      segment: { kind: 'traffic', dimension, value: key },
    }));
  return out;
}
