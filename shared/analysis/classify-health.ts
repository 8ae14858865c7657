import { formatVital } from '../signals/vital-thresholds';
import type { RequestSignal, SessionSignals } from './collect-signals';
import { isPageFailure } from './is-page-failure';
import type { SessionMetrics } from './summarize-metrics';
import { pathOf } from '../format/url-parts';

/** Stored and indexed: values only grow. */
export type HealthStatus = 'tolerable' | 'abnormal';

export interface SessionHealth {
  status: HealthStatus;
  /** Why it is abnormal, one line each; empty when tolerable. */
  reasons: string[];
}

/** Failed actions a session tolerates before it is abnormal: one can be a slip, two is a pattern. */
export const ABNORMAL_FAILED_ACTIONS = 2;

/** Requests whose failure breaks what the person sees: the page itself and its API calls. */
const ESSENTIAL_INITIATORS: ReadonlySet<string> = new Set(['document', 'fetch', 'xmlhttprequest']);

/**
 * Abnormal when any of: an uncaught error or unhandled rejection; a failed request for the page
 * itself or from fetch/XHR; a poor web vital; two or more failed actions. Otherwise tolerable.
 */
export function classifyHealth(signals: SessionSignals, metrics: SessionMetrics): SessionHealth {
  const reasons: string[] = [];
  if (metrics.errors > 0) reasons.push(plural(metrics.errors, 'uncaught error'));
  const essential = signals.requests.filter(
    (r: RequestSignal) => isPageFailure(r) && ESSENTIAL_INITIATORS.has(r.initiatorType),
  ).length;
  if (essential > 0) reasons.push(plural(essential, 'failed page or API request'));
  for (const page of metrics.vitals) {
    for (const [name, v] of Object.entries(page.vitals)) {
      if (v.rating === 'poor')
        reasons.push(
          `Poor ${name} (${formatVital(name as 'LCP', v.value)}) on ${pathOf(page.url)}`,
        );
    }
  }
  if (metrics.failedActions >= ABNORMAL_FAILED_ACTIONS)
    reasons.push(plural(metrics.failedActions, 'failed action'));
  return { status: reasons.length > 0 ? 'abnormal' : 'tolerable', reasons };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
