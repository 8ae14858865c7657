import { redactTextWithUrls, redactUrl } from '../../shared/privacy/redact';
import { describeValue } from '../../shared/signals/describe-value';
import type { ErrorPayload } from '../../shared/signals/signal-events';

const STACK_LENGTH = 3000;

function stackOf(error: unknown): string {
  try {
    return error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  } catch {
    return '';
  }
}

/**
 * Records uncaught errors and unhandled promise rejections. Listens only (capture phase, passive):
 * the page's own handlers see the same events, and default handling is unchanged. Returns its stop.
 */
export function startErrorWatch(onError: (error: ErrorPayload) => void): () => void {
  const controller = new AbortController();
  const options = { capture: true, signal: controller.signal };
  window.addEventListener(
    'error',
    (event) => {
      // A failed <img>/<script> load is an Event on the element, not an ErrorEvent: not a JS error.
      if (!(event instanceof ErrorEvent)) return;
      try {
        onError({
          kind: 'error',
          // Addresses in the message are redacted as addresses (watch-console.ts); the stack
          // starts with the message.
          message: redactTextWithUrls(event.message || describeValue(event.error)),
          stack: redactTextWithUrls(stackOf(event.error), STACK_LENGTH),
          source: event.filename ? redactUrl(event.filename) : '',
          line: event.lineno || 0,
          column: event.colno || 0,
        });
      } catch {
        // Recording must never add an error of its own.
      }
    },
    options,
  );
  window.addEventListener(
    'unhandledrejection',
    (event) => {
      try {
        const reason: unknown = event.reason;
        onError({
          kind: 'unhandledrejection',
          message: redactTextWithUrls(`Unhandled rejection: ${describeValue(reason)}`),
          stack: redactTextWithUrls(stackOf(reason), STACK_LENGTH),
          source: '',
          line: 0,
          column: 0,
        });
      } catch {
        // As above.
      }
    },
    options,
  );
  return () => controller.abort();
}
