import type { SessionSignals } from './collect-signals';
import type { ActionTarget } from '../signals/signal-events';
import type { ClickSignal } from './detect-rage-clicks';

/**
 * Controls a click is expected to make the page do something with. Fields, checkboxes, radios,
 * switches, options and selects answer a click natively (focus, a tick, a list): nothing the page
 * does is missing when it stays quiet, so they are never dead.
 */
const COMMAND_ROLES: ReadonlySet<string> = new Set(['button', 'link', 'menuitem', 'tab']);

function isCommand(target: ActionTarget | null): boolean {
  return target !== null && COMMAND_ROLES.has(target.role);
}

export interface DeadClickRules {
  /** No reaction within this: dead (PostHog's 2.5 s). */
  deadAfterMs: number;
  /** A reaction after deadAfterMs but within this: slow, not dead. */
  slowUntilMs: number;
}

export const DEAD_CLICK_RULES: DeadClickRules = { deadAfterMs: 2500, slowUntilMs: 10_000 };

export interface ClickVerdicts {
  dead: ClickSignal[];
  /** The page did react, but later than deadAfterMs: the user waited. */
  slow: Array<ClickSignal & { reactedAfterMs: number }>;
}

/**
 * Dead clicks: a click on a button, link, menu item or tab (as Sentry counts only actionable
 * elements) followed by no DOM change, page view, request start or focus change within 2.5 s
 * (PostHog's window). Not dead: a click on content or on a form field, a link that opens a new tab
 * or downloads, a click in a page view rrweb did not record, or a click whose reaction comes later
 * (that is slow), unless the person clicked another command before it (then it answered that one).
 * Clicks and reactions must be sorted.
 */
export function detectDeadClicks(
  signals: SessionSignals,
  rules: DeadClickRules = DEAD_CLICK_RULES,
): ClickVerdicts {
  const verdicts: ClickVerdicts = { dead: [], slow: [] };
  const { clicks } = signals;
  clicks.forEach((click, index) => {
    // Without rrweb, no DOM change was recorded: a quiet page is not evidence there.
    if (!isCommand(click.target) || click.target?.opensElsewhere || click.unobserved) return;
    const next = firstAfter(signals.reactions, click.timestamp);
    const delay = next === undefined ? Infinity : next - click.timestamp;
    if (delay <= rules.deadAfterMs) return;
    if (delay <= rules.slowUntilMs && !answersAnother(clicks, index, next!))
      verdicts.slow.push({ ...click, reactedAfterMs: delay });
    else verdicts.dead.push(click);
  });
  return verdicts;
}

/**
 * Whether a late reaction (at `reactionAt`) is the answer to a later click on another command
 * rather than to `clicks[index]`: a person who clicked "Apply coupon", got nothing, and clicked
 * "Load reviews" 3 s later saw the reviews load, not a slow coupon. Clicks again on the same
 * element (impatience, a rage burst) leave the reaction to the first.
 */
function answersAnother(
  clicks: readonly ClickSignal[],
  index: number,
  reactionAt: number,
): boolean {
  const selector = clicks[index]!.target?.selector;
  for (let later = index + 1; later < clicks.length; later++) {
    const other = clicks[later]!;
    if (other.timestamp > reactionAt) return false;
    if (isCommand(other.target) && other.target?.selector !== selector) return true;
  }
  return false;
}

/** The first time ≥ t in a sorted list (binary search). */
function firstAfter(sorted: readonly number[], t: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}
