import type { ErrorSignal, SessionSignals } from './collect-signals';
import type { ClickSignal } from './detect-rage-clicks';

/** An error within this long after a click is the click's (Datadog's error click). */
export const ERROR_CLICK_WINDOW_MS = 1000;

export interface ErrorClick {
  click: ClickSignal;
  error: ErrorSignal;
}

/** Error clicks: an uncaught error, unhandled rejection or console error within 1 s after a click. */
export function detectErrorClicks(
  signals: SessionSignals,
  windowMs = ERROR_CLICK_WINDOW_MS,
): ErrorClick[] {
  const found: ErrorClick[] = [];
  for (const click of signals.clicks) {
    const error = signals.errors.find(
      (e) => e.timestamp >= click.timestamp && e.timestamp - click.timestamp <= windowMs,
    );
    if (error) found.push({ click, error });
  }
  return found;
}
