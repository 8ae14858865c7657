import type { RequestSignal, SessionSignals } from './collect-signals';
import type { ClickSignal } from './detect-rage-clicks';
import { isPageFailure } from './is-page-failure';

/** A request that starts within this long after a click is taken to be the click's consequence. */
export const CLICK_REQUEST_WINDOW_MS = 1000;

export interface FailedRequestClick {
  click: ClickSignal;
  request: RequestSignal;
}

/**
 * Failed-request clicks: a request that starts within 1 s after a click and fails (HTTP ≥ 400,
 * network error or timeout). An abort is the page's own decision, not a failure the person saw;
 * the browser's favicon probe is not the page's request (see isPageFailure).
 * Each failed request is tied to the latest click before it.
 */
export function detectFailedRequestClicks(
  signals: SessionSignals,
  windowMs = CLICK_REQUEST_WINDOW_MS,
): FailedRequestClick[] {
  const clicks = [...signals.clicks].sort((a, b) => a.timestamp - b.timestamp);
  const found: FailedRequestClick[] = [];
  for (const request of signals.requests) {
    if (!isPageFailure(request)) continue;
    let owner: ClickSignal | undefined;
    for (const click of clicks) {
      if (click.timestamp > request.startedAt) break;
      if (request.startedAt - click.timestamp <= windowMs) owner = click;
    }
    if (owner) found.push({ click: owner, request });
  }
  return found;
}
