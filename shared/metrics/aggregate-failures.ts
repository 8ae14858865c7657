import { ACTION_FAILURE_KINDS, type FailureKind } from '../analysis/failed-action';
import { rate, type AnalyzedSession } from './analyzed-session';
import { countBy } from './count-by';
import { reasonKey } from './reason-key';
import type { Segment } from './segment';
import type { FailedActionFact } from './session-facts';
import { binIndexOf, binsOf, type TimeBin } from './time-bins';

/** How many reasons, pages and targets the failures section lists. */
export const TOP_FAILURES = 10;

export const ACTION_KINDS = [...ACTION_FAILURE_KINDS];

export interface FailureTop {
  label: string;
  /** Failed actions there, and the sessions they happened in. */
  failures: number;
  sessions: number;
  segment: Segment;
}

export interface FailuresOverview {
  /** Sessions with at least one failed action. */
  withFailed: { count: number; rate: number; segment: Segment };
  /** Failed actions by kind in each time bucket. */
  overTime: Array<TimeBin & { byKind: Partial<Record<FailureKind, number>> }>;
  byKind: Array<{ kind: FailureKind; failures: number; sessions: number; segment: Segment }>;
  health: {
    tolerable: number;
    abnormal: number;
    reasons: Array<{ key: string; count: number; segment: Segment }>;
  };
  pages: FailureTop[];
  targets: FailureTop[];
}

export function aggregateFailures(
  sessions: readonly AnalyzedSession[],
  edges: readonly number[],
): FailuresOverview {
  const overTime = binsOf(edges).map((bin) => ({
    ...bin,
    byKind: {} as Partial<Record<FailureKind, number>>,
  }));
  let withFailed = 0;
  let abnormal = 0;
  const kindFailures = new Map<FailureKind, { failures: number; sessions: number }>();
  for (const s of sessions) {
    const { summary } = s;
    if (summary.failedActions > 0) withFailed += 1;
    if (summary.health === 'abnormal') abnormal += 1;
    const bin = overTime[binIndexOf(edges, s.startedAt)];
    for (const kind of ACTION_KINDS) {
      const n = summary.failuresByKind[kind] ?? 0;
      if (n === 0) continue;
      const entry = kindFailures.get(kind) ?? { failures: 0, sessions: 0 };
      entry.failures += n;
      entry.sessions += 1;
      kindFailures.set(kind, entry);
      if (bin) bin.byKind[kind] = (bin.byKind[kind] ?? 0) + n;
    }
  }
  const reasons = countBy(
    sessions.flatMap((s) => [...new Set(s.summary.healthReasons.map(reasonKey))]),
    (key) => key,
    TOP_FAILURES,
  );
  return {
    withFailed: {
      count: withFailed,
      rate: rate(withFailed, sessions.length),
      segment: { kind: 'range', field: 'failedActions', min: 1, max: null },
    },
    overTime,
    byKind: ACTION_KINDS.filter((kind) => kindFailures.has(kind)).map((kind) => ({
      kind,
      ...kindFailures.get(kind)!,
      segment: { kind: 'failure', failure: kind },
    })),
    health: {
      tolerable: sessions.length - abnormal,
      abnormal,
      reasons: reasons.map(({ key, count }) => ({
        key,
        count,
        segment: { kind: 'healthReason', key },
      })),
    },
    pages: topFailing(
      sessions,
      (f) => f.route,
      (route) => ({ kind: 'failedOn', route }),
    ),
    targets: topFailing(
      sessions,
      (f) => f.target,
      (name) => ({ kind: 'failedTarget', name }),
    ),
  };
}

function topFailing(
  sessions: readonly AnalyzedSession[],
  keyOf: (f: FailedActionFact) => string | null,
  segmentOf: (key: string) => Segment,
): FailureTop[] {
  const counts = new Map<string, { failures: number; sessions: number }>();
  for (const s of sessions) {
    const seen = new Set<string>();
    for (const f of s.summary.facts?.failed ?? []) {
      const key = keyOf(f);
      if (key === null) continue;
      const entry = counts.get(key) ?? { failures: 0, sessions: 0 };
      entry.failures += f.count;
      if (!seen.has(key)) entry.sessions += 1;
      seen.add(key);
      counts.set(key, entry);
    }
  }
  return [...counts]
    .sort(
      (a, b) =>
        b[1].failures - a[1].failures || b[1].sessions - a[1].sessions || (a[0] < b[0] ? -1 : 1),
    )
    .slice(0, TOP_FAILURES)
    .map(([label, c]) => ({ label, ...c, segment: segmentOf(label) }));
}
