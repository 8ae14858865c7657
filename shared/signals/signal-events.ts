// Signals travel in the rrweb stream as Custom events, like our other markers (see
// events/tabreel-events.ts): one clock with the replay, and the same exactly-once delivery.

export const SIGNAL_TAG = {
  console: 'tabreel.console',
  error: 'tabreel.error',
} as const;

export type ConsoleLevel = 'error' | 'warn';

export interface ConsolePayload {
  level: ConsoleLevel;
  /** The arguments as text, secrets redacted, truncated. */
  message: string;
  /** Where it was logged from (our own frames removed), redacted, truncated. */
  stack: string;
}

export type ErrorKind = 'error' | 'unhandledrejection';

export interface ErrorPayload {
  kind: ErrorKind;
  /** `TypeError: x is undefined`, redacted and truncated. */
  message: string;
  stack: string;
  /** Script URL (redacted), line and column, when the browser gives them. */
  source: string;
  line: number;
  column: number;
}
