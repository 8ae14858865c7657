import type { VitalName, VitalRating } from '../signals/signal-events';
import { VITAL_THRESHOLDS } from '../signals/vital-thresholds';
import type { SessionFlow } from './build-flow';
import type { SessionSignals } from './collect-signals';
import type { PageVitals } from './collect-page-vitals';
import { isPageFailure } from './is-page-failure';
import { ACTION_FAILURE_KINDS, type FailedAction, type FailureKind } from './failed-action';

export interface WorstVital {
  name: VitalName;
  value: number;
  rating: VitalRating;
  url: string;
}

export interface SessionMetrics {
  pages: number;
  /** Clicks, inputs, submits and key shortcuts. */
  actions: number;
  /** Failures of the person's actions (dead, rage, error and failed-request clicks, invalid submits). */
  failedActions: number;
  /** Every failure, actions and page failures alike, by kind. */
  failuresByKind: Partial<Record<FailureKind, number>>;
  /** Uncaught errors and unhandled rejections. */
  errors: number;
  consoleErrors: number;
  consoleWarnings: number;
  requests: number;
  /** Requests that failed (HTTP ≥ 400, network error, timeout), aborts and favicon probes aside. */
  failedRequests: number;
  vitals: PageVitals[];
  worstVital: WorstVital | null;
  /** One page view and no meaningful action (a click, an input or a submit). */
  bounce: boolean;
}

const RATING_RANK: Record<VitalRating, number> = { good: 0, 'needs-improvement': 1, poor: 2 };

export function summarizeMetrics(
  signals: SessionSignals,
  flow: SessionFlow,
  failures: readonly FailedAction[],
  vitals: PageVitals[],
): SessionMetrics {
  const failuresByKind: Partial<Record<FailureKind, number>> = {};
  for (const f of failures) failuresByKind[f.kind] = (failuresByKind[f.kind] ?? 0) + 1;
  const meaningful = signals.actions.some(
    (a) => a.kind === 'click' || a.kind === 'input' || a.kind === 'submit',
  );
  return {
    pages: flow.pages.length,
    actions: signals.actions.length,
    failedActions: failures.filter((f) => ACTION_FAILURE_KINDS.has(f.kind)).length,
    failuresByKind,
    errors: signals.errors.filter((e) => e.source !== 'console').length,
    consoleErrors: signals.errors.filter((e) => e.source === 'console').length,
    consoleWarnings: signals.consoleWarnings,
    requests: signals.requests.length,
    failedRequests: signals.requests.filter(isPageFailure).length,
    vitals,
    worstVital: worstVitalOf(vitals),
    bounce: flow.pages.length <= 1 && !meaningful,
  };
}

/** The worst-rated vital of the session; between equals, the one furthest past its threshold. */
function worstVitalOf(vitals: readonly PageVitals[]): WorstVital | null {
  let worst: WorstVital | null = null;
  for (const page of vitals) {
    for (const [name, v] of Object.entries(page.vitals)) {
      const candidate = {
        name: name as VitalName,
        value: v.value,
        rating: v.rating,
        url: page.url,
      };
      if (
        !worst ||
        RATING_RANK[v.rating] > RATING_RANK[worst.rating] ||
        (v.rating === worst.rating && pastThreshold(candidate) > pastThreshold(worst))
      )
        worst = candidate;
    }
  }
  return worst;
}

/** How far a vital is past the threshold of its rating, as a multiple (units differ by vital). */
function pastThreshold(vital: WorstVital): number {
  const thresholds = VITAL_THRESHOLDS[vital.name];
  if (!thresholds) return 0;
  return vital.value / (vital.rating === 'poor' ? thresholds.poor : thresholds.good);
}
