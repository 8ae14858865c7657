import type { SessionFacts } from './session-facts';

/**
 * A conversion goal the person defines: reaching a page whose `host/path` matches a pattern
 * (`*` is any run of characters; without a host part, any site), or clicking a target whose
 * readable name contains the text, or whose selector equals it (any case).
 */
export type Goal =
  | { id: string; name: string; kind: 'url'; pattern: string }
  | { id: string; name: string; kind: 'click'; target: string };

/** The caps on a goal's text, checked where goals come in (storage, links). */
export const MAX_GOAL_TEXT = 300;

/** Where in a session a goal was first met at or after `after`: a page index (+0.5 for a click). */
export function goalPosition(facts: SessionFacts, goal: Goal, after = 0): number | null {
  if (goal.kind === 'url') {
    const matcher = urlMatcher(goal.pattern);
    for (let i = Math.ceil(after); i < facts.paths.length; i++)
      if (matcher(facts.paths[i]!)) return i;
    return null;
  }
  const wanted = goal.target.trim().toLowerCase();
  if (wanted === '') return null;
  let best: number | null = null;
  for (const click of facts.clicks) {
    const position = click.page + 0.5;
    if (position < after) continue;
    if (click.name.toLowerCase().includes(wanted) || click.selector.toLowerCase() === wanted)
      best = best === null ? position : Math.min(best, position);
  }
  return best;
}

/** Whether the session met the goal at all. */
export function reachesGoal(facts: SessionFacts, goal: Goal): boolean {
  return goalPosition(facts, goal) !== null;
}

/**
 * How many steps of an ordered funnel the session passed: step k counts when its goal was met at
 * or after the point where step k−1 was first met (a click on a page counts after reaching it).
 */
export function funnelReach(facts: SessionFacts, goals: readonly Goal[]): number {
  let after = 0;
  for (let k = 0; k < goals.length; k++) {
    const position = goalPosition(facts, goals[k]!, after);
    if (position === null) return k;
    after = position;
  }
  return goals.length;
}

const matchers = new Map<string, (path: string) => boolean>();

/** `shop.example/cart*`, `/checkout/(star)/done`: a glob over `host/path`, whole-text, any case. */
export function urlMatcher(pattern: string): (path: string) => boolean {
  let matcher = matchers.get(pattern);
  if (!matcher) {
    const trimmed = pattern.trim().replace(/^[a-z]+:\/\//i, '');
    // A pattern starting with `/` is a path on any site.
    const anyHost = trimmed.startsWith('/') ? `*${trimmed}` : trimmed;
    const source = anyHost
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    const regex = new RegExp(`^${source}/?$`, 'i');
    matcher = (path) => regex.test(path);
    if (matchers.size > 200) matchers.clear();
    matchers.set(pattern, matcher);
  }
  return matcher;
}
