import type { SessionRow } from '../db/schema';
import { aggregateConversions, type ConversionsOverview } from './aggregate-conversions';
import { aggregateFailures, type FailuresOverview } from './aggregate-failures';
import { aggregateFlow, type FlowOverview } from './aggregate-flow';
import { aggregateSessions, type SessionsOverview } from './aggregate-sessions';
import { aggregateTraffic, type TrafficOverview } from './aggregate-traffic';
import { aggregateVitals, type RouteVitals } from './aggregate-vitals';
import { isAnalyzed } from './analyzed-session';
import type { Goal } from './goal';

export interface Overview {
  /** Rows given; those counted (analysed); those analysed before the metrics' facts existed. */
  rows: number;
  analyzed: number;
  withoutFacts: number;
  sessions: SessionsOverview;
  failures: FailuresOverview;
  vitals: RouteVitals[];
  conversions: ConversionsOverview;
  flow: FlowOverview;
  traffic: TrafficOverview;
}

/** Every section of the overview over already-filtered rows: only analysed sessions count. */
export function aggregateOverview(
  rows: readonly SessionRow[],
  options: { edges: readonly number[]; goals: readonly Goal[] },
): Overview {
  const sessions = rows.filter(isAnalyzed);
  return {
    rows: rows.length,
    analyzed: sessions.length,
    withoutFacts: sessions.filter((s) => !s.summary.facts).length,
    sessions: aggregateSessions(sessions, options.edges),
    failures: aggregateFailures(sessions, options.edges),
    vitals: aggregateVitals(sessions),
    conversions: aggregateConversions(sessions, options.goals),
    flow: aggregateFlow(sessions),
    traffic: aggregateTraffic(sessions),
  };
}
