import type { SessionAnalysis } from './analyze-session';
import type { HealthStatus } from './classify-health';
import type { FailureKind } from './failed-action';
import type { WorstVital } from './summarize-metrics';
import type { SessionFacts } from '../metrics/session-facts';

/** An analysis in brief: what the session list shows and filters on, stored on the session row. */
export interface SessionSummary {
  analysisVersion: number;
  wallMs: number;
  activeMs: number;
  pages: number;
  actions: number;
  failedActions: number;
  failuresByKind: Partial<Record<FailureKind, number>>;
  errors: number;
  failedRequests: number;
  worstVital: WorstVital | null;
  health: HealthStatus;
  healthReasons: string[];
  bounce: boolean;
  exitUrl: string | null;
  /** v3 (ANALYSIS_VERSION 3): what the metrics overview aggregates; absent in older summaries. */
  facts?: SessionFacts;
}

export function summarizeSession(analysis: SessionAnalysis): SessionSummary {
  const { metrics, duration, health, flow } = analysis;
  return {
    analysisVersion: analysis.version,
    wallMs: duration.wallMs,
    activeMs: duration.activeMs,
    pages: metrics.pages,
    actions: metrics.actions,
    failedActions: metrics.failedActions,
    failuresByKind: metrics.failuresByKind,
    errors: metrics.errors,
    failedRequests: metrics.failedRequests,
    worstVital: metrics.worstVital,
    health: health.status,
    healthReasons: health.reasons,
    bounce: metrics.bounce,
    exitUrl: flow.exit,
    facts: analysis.facts,
  };
}
