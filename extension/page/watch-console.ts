import { redactText, redactTextWithUrls } from '../../shared/privacy/redact';
import { describeArgs } from '../../shared/signals/describe-value';
import type { ConsoleLevel, ConsolePayload } from '../../shared/signals/signal-events';

const STACK_LENGTH = 1500;

/** Our wrapper's own frames at the top of a captured stack: drop them. */
function callerStack(): string {
  const stack = new Error().stack ?? '';
  return stack.split('\n').slice(3).join('\n');
}

/**
 * Records console.error and console.warn calls. The page's call behaves exactly as before (same
 * arguments, `this` and return value reach the original); recording never throws into it.
 * Returns its stop, which puts the originals back if nobody wrapped them after us.
 */
export function startConsoleWatch(onEntry: (entry: ConsolePayload) => void): () => void {
  const levels: ConsoleLevel[] = ['error', 'warn'];
  const restores = levels.map((level) => {
    const original = console[level];
    const wrapped = function (this: unknown, ...args: unknown[]) {
      try {
        onEntry({
          level,
          // Messages quote addresses (a redirect's, a failed call's): each is redacted as an
          // address, so `?code=` and `?sig=` go too, which free text keeps (`error code=42`).
          message: redactTextWithUrls(describeArgs(args)),
          stack: redactText(callerStack(), STACK_LENGTH),
        });
      } catch {
        // Never let recording break the page's logging.
      }
      return original.apply(this, args);
    };
    console[level] = wrapped;
    return () => {
      if (console[level] === wrapped) console[level] = original;
    };
  });
  return () => restores.forEach((restore) => restore());
}
