import type { ActionTarget } from '../signals/signal-events';

/**
 * What went wrong, as the viewer lists it. The first five are things a person did that failed;
 * the last three are failures of the page on their own (not tied to an action).
 * Stored in analyses and bundles: values only grow.
 */
export type FailureKind =
  | 'dead-click'
  | 'rage-click'
  | 'error-click'
  | 'failed-request-click'
  | 'invalid-submit'
  | 'error'
  | 'failed-request'
  | 'poor-vital';

export const ACTION_FAILURE_KINDS: ReadonlySet<FailureKind> = new Set([
  'dead-click',
  'rage-click',
  'error-click',
  'failed-request-click',
  'invalid-submit',
]);

export interface FailedAction {
  kind: FailureKind;
  /** When it happened, on the replay's clock (ms since the epoch): the click, the error, … */
  timestamp: number;
  /** What the person acted on; null for a failure that is not tied to an action. */
  target: ActionTarget | null;
  /** The address of the page view it happened on (as stored: redacted). */
  page: string;
  /** One line a person reads as the proof: `No reaction within 2.5 s`, `POST /api → 500`, … */
  evidence: string;
}
