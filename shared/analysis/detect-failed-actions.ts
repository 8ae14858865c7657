import { formatVital } from '../signals/vital-thresholds';
import type { ActionTarget, ValidityFlag } from '../signals/signal-events';
import type { PageVisit } from './build-flow';
import type { RequestSignal, SessionSignals } from './collect-signals';
import type { PageVitals } from './collect-page-vitals';
import { DEAD_CLICK_RULES, detectDeadClicks } from './detect-dead-clicks';
import { detectErrorClicks, latestClickWithin } from './detect-error-clicks';
import { detectFailedRequestClicks } from './detect-failed-request-clicks';
import { detectInvalidSubmits } from './detect-invalid-submits';
import { detectRageClicks, type ClickSignal } from './detect-rage-clicks';
import type { FailedAction } from './failed-action';
import { isPageFailure } from './is-page-failure';
import { pathOf } from '../format/url-parts';

export interface SlowClick {
  timestamp: number;
  target: ActionTarget | null;
  page: string;
  reactedAfterMs: number;
}

export interface DetectedFailures {
  /** Every failure, in time order. */
  failures: FailedAction[];
  /** Clicks the page answered late (after 2.5 s): not failures, but the person waited. */
  slowClicks: SlowClick[];
}

/**
 * Every failed action and failure of a session, each counted once: clicks inside a rage burst are
 * not also dead clicks; an error or failed request tied to a click or a submit is that action's
 * evidence, not a second, stand-alone failure. See docs/failed-actions.md.
 */
export function detectFailedActions(
  signals: SessionSignals,
  pages: readonly PageVisit[],
  pageVitals: readonly PageVitals[],
): DetectedFailures {
  const pageAt = (t: number) => pageUrlAt(pages, t);
  const failures: FailedAction[] = [];
  const add = (failure: Omit<FailedAction, 'page'>) =>
    failures.push({ ...failure, page: pageAt(failure.timestamp) });

  const rage = detectRageClicks(signals.clicks);
  const inRage = (click: ClickSignal) =>
    rage.some((r) => click.timestamp >= r.start && click.timestamp <= r.end);
  for (const burst of rage) {
    const seconds = ((burst.end - burst.start) / 1000).toFixed(1);
    add({
      kind: 'rage-click',
      timestamp: burst.start,
      target: burst.target,
      evidence: `${burst.count} clicks in ${seconds} s`,
    });
  }

  const errorClicks = detectErrorClicks(signals);
  // A click that threw is an error click: the error is why nothing happened, not a second failure.
  const threw = new Set(errorClicks.map(({ click }) => click));
  const { dead, slow } = detectDeadClicks(signals);
  for (const click of dead) {
    if (inRage(click) || threw.has(click)) continue;
    add({
      kind: 'dead-click',
      timestamp: click.timestamp,
      target: click.target,
      evidence: `No reaction within ${DEAD_CLICK_RULES.deadAfterMs / 1000} s`,
    });
  }

  for (const { click, error } of errorClicks) {
    add({
      kind: 'error-click',
      timestamp: click.timestamp,
      target: click.target,
      evidence: error.message,
    });
  }

  const claimedRequests = new Set<RequestSignal>();
  for (const submit of detectInvalidSubmits(signals)) {
    if (submit.request) claimedRequests.add(submit.request);
    add({
      kind: 'invalid-submit',
      timestamp: submit.timestamp,
      target: submit.target,
      evidence: submit.request
        ? requestEvidence(submit.request)
        : `Refused: ${submit.fields.map((f) => `${f.field?.name || f.field?.selector || 'a field'} (${VALIDITY_WORDS[f.validity ?? 'customError']})`).join(', ')}`,
    });
  }
  for (const { click, request } of detectFailedRequestClicks(signals)) {
    if (claimedRequests.has(request)) continue;
    claimedRequests.add(request);
    add({
      kind: 'failed-request-click',
      timestamp: click.timestamp,
      target: click.target,
      evidence: requestEvidence(request),
    });
  }

  const clicks = [...signals.clicks].sort((a, b) => a.timestamp - b.timestamp);
  for (const error of signals.errors) {
    // Every error within 1 s after a click is that click's, listed with its error click.
    if (error.source === 'console' || latestClickWithin(clicks, error.timestamp)) continue;
    add({ kind: 'error', timestamp: error.timestamp, target: null, evidence: error.message });
  }
  for (const request of signals.requests) {
    if (!isPageFailure(request) || claimedRequests.has(request)) continue;
    add({
      kind: 'failed-request',
      timestamp: request.startedAt,
      target: null,
      evidence: requestEvidence(request),
    });
  }
  for (const page of pageVitals) {
    for (const [name, vital] of Object.entries(page.vitals)) {
      if (vital.rating !== 'poor') continue;
      failures.push({
        kind: 'poor-vital',
        timestamp: vital.timestamp,
        target: null,
        page: page.url,
        evidence: `${name} ${formatVital(name as keyof typeof page.vitals, vital.value)}, poor`,
      });
    }
  }

  return {
    failures: failures.sort((a, b) => a.timestamp - b.timestamp),
    slowClicks: slow
      .filter((click) => !threw.has(click) && !inRage(click))
      .map((click) => ({
        timestamp: click.timestamp,
        target: click.target,
        page: pageAt(click.timestamp),
        reactedAfterMs: click.reactedAfterMs,
      })),
  };
}

const VALIDITY_WORDS: Record<ValidityFlag, string> = {
  valueMissing: 'required',
  typeMismatch: 'wrong format',
  patternMismatch: 'does not match the pattern',
  tooLong: 'too long',
  tooShort: 'too short',
  rangeUnderflow: 'too low',
  rangeOverflow: 'too high',
  stepMismatch: 'not an allowed step',
  badInput: 'not understood',
  customError: 'refused by the page',
};

/** `POST /api/pay → 500`, `GET /feed → network error (TypeError: Failed to fetch)`. */
export function requestEvidence(request: RequestSignal): string {
  const what = `${request.method ?? request.initiatorType} ${pathOf(request.url, { search: true })}`;
  if (request.failure === 'http') return `${what} → ${request.status}`;
  const failure = request.failure === 'timeout' ? 'timeout' : 'network error';
  return `${what} → ${failure}${request.error ? ` (${request.error})` : ''}`;
}

/** The address of the page view current at `t` (the first one, before any). */
export function pageUrlAt(pages: readonly PageVisit[], t: number): string {
  let url = pages[0]?.url ?? '';
  for (const page of pages) {
    if (page.enteredAt > t) break;
    url = page.url;
  }
  return url;
}
