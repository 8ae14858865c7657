import type { ErrorSignal, SessionSignals } from './collect-signals';
import type { ClickSignal } from './detect-rage-clicks';

/** An error within this long after a click is the click's (Datadog's error click). */
export const ERROR_CLICK_WINDOW_MS = 1000;

export interface ErrorClick {
  click: ClickSignal;
  error: ErrorSignal;
}

/**
 * Error clicks: an uncaught error, unhandled rejection or console error within 1 s after a click.
 * Each error is the latest click's before it (not an earlier click's too); a click followed by
 * several errors is one error click, its first error the evidence.
 */
export function detectErrorClicks(
  signals: SessionSignals,
  windowMs = ERROR_CLICK_WINDOW_MS,
): ErrorClick[] {
  const clicks = [...signals.clicks].sort((a, b) => a.timestamp - b.timestamp);
  const found = new Map<ClickSignal, ErrorSignal>();
  for (const error of signals.errors) {
    const owner = latestClickWithin(clicks, error.timestamp, windowMs);
    if (owner && !found.has(owner)) found.set(owner, error);
  }
  return [...found].map(([click, error]) => ({ click, error }));
}

/** The latest click at or before `t`, no earlier than `t - windowMs`. */
export function latestClickWithin(
  clicks: readonly ClickSignal[],
  t: number,
  windowMs = ERROR_CLICK_WINDOW_MS,
): ClickSignal | undefined {
  let latest: ClickSignal | undefined;
  for (const click of clicks) {
    if (click.timestamp > t) break;
    if (t - click.timestamp <= windowMs) latest = click;
  }
  return latest;
}
