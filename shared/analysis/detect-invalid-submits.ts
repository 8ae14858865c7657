import type { ActionTarget, ValidityFlag } from '../signals/signal-events';
import type { RequestSignal, SessionSignals } from './collect-signals';
import { isPageFailure } from './is-page-failure';

/** The browser fires `invalid` for every refused field of one submit at once: one attempt. */
export const INVALID_BURST_MS = 100;
/** A submit attempt is the person's when a click or key press came this shortly before. */
export const SUBMIT_INTENT_WINDOW_MS = 1000;
/** A failing request that starts this shortly after a submit is the submit's answer. */
export const SUBMIT_REQUEST_WINDOW_MS = 1000;

export interface InvalidSubmit {
  timestamp: number;
  /** The control the person submitted with (the click just before), else the form. */
  target: ActionTarget | null;
  form: ActionTarget | null;
  cause: 'validation' | 'request';
  /** validation: the refused fields, by name, with the constraint each failed. */
  fields: Array<{ field: ActionTarget | null; validity: ValidityFlag | null }>;
  /** request: the failing answer. */
  request: RequestSignal | null;
}

/**
 * Invalid submits: a form submit the browser blocked by constraint validation (`invalid` events
 * right after a click or key press; a script's checkValidity() on its own is not a submit), or a
 * submit answered by a failing request (HTTP ≥ 400, network error or timeout) within 1 s.
 */
export function detectInvalidSubmits(signals: SessionSignals): InvalidSubmit[] {
  const found: InvalidSubmit[] = [];
  const intents = signals.actions.filter((a) => a.kind === 'click' || a.kind === 'key');
  const fields = signals.invalidFields;
  let i = 0;
  while (i < fields.length) {
    const first = fields[i]!;
    let j = i + 1;
    while (j < fields.length && fields[j]!.timestamp - first.timestamp <= INVALID_BURST_MS) j += 1;
    const intent = latestWithin(intents, first.timestamp, SUBMIT_INTENT_WINDOW_MS);
    if (intent) {
      found.push({
        timestamp: first.timestamp,
        target: submitControl(signals, intents, first.timestamp) ?? first.form,
        form: first.form,
        cause: 'validation',
        fields: fields.slice(i, j).map(({ field, validity }) => ({ field, validity })),
        request: null,
      });
    }
    i = j;
  }
  for (const submit of signals.submits) {
    const request = signals.requests.find(
      (r) =>
        isPageFailure(r) &&
        r.startedAt >= submit.timestamp &&
        r.startedAt - submit.timestamp <= SUBMIT_REQUEST_WINDOW_MS,
    );
    if (!request) continue;
    found.push({
      timestamp: submit.timestamp,
      target: submitControl(signals, intents, submit.timestamp) ?? submit.target,
      form: submit.target,
      cause: 'request',
      fields: [],
      request,
    });
  }
  return found.sort((a, b) => a.timestamp - b.timestamp);
}

/** The control clicked to submit at `t`; none when a key press (Enter) came after that click. */
function submitControl(
  signals: SessionSignals,
  intents: SessionSignals['actions'],
  t: number,
): ActionTarget | null {
  if (latestWithin(intents, t, SUBMIT_INTENT_WINDOW_MS)?.kind !== 'click') return null;
  return latestWithin(signals.clicks, t, SUBMIT_INTENT_WINDOW_MS)?.target ?? null;
}

/** The latest item at or before `t`, no earlier than `t - windowMs`. */
function latestWithin<T extends { timestamp: number }>(
  items: readonly T[],
  t: number,
  windowMs: number,
): T | undefined {
  let latest: T | undefined;
  for (const item of items) {
    if (item.timestamp > t) break;
    if (t - item.timestamp <= windowMs) latest = item;
  }
  return latest;
}
