import type { TimedEvent } from '../events/tabreel-events';
import { buildFlow, type SessionFlow } from './build-flow';
import { classifyHealth, type SessionHealth } from './classify-health';
import { collectPageVitals } from './collect-page-vitals';
import { collectSignals } from './collect-signals';
import { detectFailedActions, pageUrlAt, type SlowClick } from './detect-failed-actions';
import type { FailedAction } from './failed-action';
import { measureDuration, type SessionDuration } from './measure-duration';
import { summarizeMetrics, type SessionMetrics } from './summarize-metrics';
import { collectSessionFacts, type SessionFacts } from '../metrics/session-facts';

/** Bumped when a rule changes, so stored analyses can be recomputed. */
export const ANALYSIS_VERSION = 6; // 2: markers; 3: facts for the metrics overview; 4: clicks no DOM record could answer are not judged dead; 5: a late reaction after a click on another command is not the first click's; 6: a page load back to the page just left is a back move

/** Everything derived from one session's events: what the viewer, bundles and metrics read. */
export interface SessionAnalysis {
  version: number;
  flow: SessionFlow;
  duration: SessionDuration;
  failures: FailedAction[];
  slowClicks: SlowClick[];
  /** Moments the person flagged while recording, with their notes and pages. */
  markers: Array<{ timestamp: number; note: string; page: string }>;
  metrics: SessionMetrics;
  health: SessionHealth;
  /** v3: what the metrics across sessions read (routes, clicks, vitals per route, traffic). */
  facts: SessionFacts;
}

export interface AnalyzeOptions {
  /** The session's start and end when known (a stored row's); else its first and last events. */
  startedAt?: number;
  endedAt?: number;
}

/** Analyzes a session's events (any order; sorted by time here). Pure: same events, same answer. */
export function analyzeSession(
  events: readonly TimedEvent[],
  options: AnalyzeOptions = {},
): SessionAnalysis {
  const sorted = isSorted(events) ? events : [...events].sort((a, b) => a.timestamp - b.timestamp);
  const signals = collectSignals(sorted);
  const empty = sorted.length === 0;
  const startedAt = empty
    ? (options.startedAt ?? 0)
    : Math.min(options.startedAt ?? signals.firstAt, signals.firstAt);
  const endedAt = empty
    ? Math.max(options.endedAt ?? startedAt, startedAt)
    : Math.max(options.endedAt ?? signals.lastAt, signals.lastAt);
  const duration = measureDuration(signals.presence, startedAt, endedAt);
  const flow = buildFlow(signals.pages, endedAt, duration.idlePeriods);
  const vitals = collectPageVitals(signals, flow.pages);
  const { failures, slowClicks } = detectFailedActions(signals, flow.pages, vitals);
  const metrics = summarizeMetrics(signals, flow, failures, vitals);
  return {
    version: ANALYSIS_VERSION,
    flow,
    duration,
    failures,
    slowClicks,
    markers: signals.markers.map((m) => ({ ...m, page: pageUrlAt(flow.pages, m.timestamp) })),
    metrics,
    health: classifyHealth(signals, metrics),
    facts: collectSessionFacts({
      signals,
      pages: flow.pages,
      failures,
      vitals,
      idleMs: duration.wallMs - duration.activeMs,
    }),
  };
}

function isSorted(events: readonly TimedEvent[]): boolean {
  for (let i = 1; i < events.length; i++)
    if (events[i]!.timestamp < events[i - 1]!.timestamp) return false;
  return true;
}
