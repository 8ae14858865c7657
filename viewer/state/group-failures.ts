import type { FailedAction, FailureKind } from '../../shared/analysis/failed-action';

export interface FailureGroup {
  /** The first of them: where a click on the entry goes. */
  first: FailedAction;
  /** When the last of them happened. */
  lastAt: number;
  count: number;
}

/**
 * The page's own failures that repeat (a script throwing in a loop, a polled request failing):
 * hundreds of the same row buried every other failure. Kept apart: failed actions, each a
 * moment a person acted that is worth going to.
 */
const GROUPED_KINDS: ReadonlySet<FailureKind> = new Set(['error', 'failed-request']);

/**
 * The failures panel's entries, in time order of their first: the same page failure (kind,
 * evidence, page) joins its first entry with its count, wherever it repeats.
 */
export function groupRepeatedFailures(failures: readonly FailedAction[]): FailureGroup[] {
  const groups: FailureGroup[] = [];
  const byKey = new Map<string, FailureGroup>();
  for (const failure of failures) {
    const key = GROUPED_KINDS.has(failure.kind)
      ? JSON.stringify([failure.kind, failure.evidence, failure.page])
      : null;
    const group = key === null ? undefined : byKey.get(key);
    if (group) {
      group.count += 1;
      group.lastAt = Math.max(group.lastAt, failure.timestamp);
      continue;
    }
    const next = { first: failure, lastAt: failure.timestamp, count: 1 };
    groups.push(next);
    if (key !== null) byKey.set(key, next);
  }
  return groups;
}
