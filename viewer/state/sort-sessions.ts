import type { SessionRow } from '../../shared/db/schema';
import { VITAL_THRESHOLDS } from '../../shared/signals/vital-thresholds';

export type SortColumn =
  'started' | 'site' | 'title' | 'duration' | 'active' | 'pages' | 'failed' | 'health' | 'vital';

export type SortDirection = 'asc' | 'desc';

export interface SessionSort {
  column: SortColumn;
  direction: SortDirection;
}

export const DEFAULT_SORT: SessionSort = { column: 'started', direction: 'desc' };

/** Text reads A→Z first; numbers, times and badness read largest (worst, newest) first. */
export function defaultDirection(column: SortColumn): SortDirection {
  return column === 'site' || column === 'title' ? 'asc' : 'desc';
}

/** A header click: the same column flips its direction, another starts at its default. */
export function nextSort(current: SessionSort, column: SortColumn): SessionSort {
  if (current.column === column)
    return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { column, direction: defaultDirection(column) };
}

/** Wall-clock duration: the analysis's when there is one, else up to the last event so far. */
export function wallMsOf(row: SessionRow): number {
  return row.summary?.wallMs ?? (row.endedAt ?? row.lastEventAt) - row.startedAt;
}

/** What a person reads as the session's name: their own label, else the first page's title. */
export function nameOf(row: SessionRow): string {
  return row.label || row.title || row.firstUrl;
}

const HEALTH_RANK = { tolerable: 0, abnormal: 1 } as const;
const RATING_RANK = { good: 0, 'needs-improvement': 1, poor: 2 } as const;

type Key = number | string | null;

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function keyOf(row: SessionRow, column: SortColumn): Key {
  const summary = row.summary ?? null;
  switch (column) {
    case 'started':
      return row.startedAt;
    case 'site':
      return row.host;
    case 'title':
      return nameOf(row);
    case 'duration':
      return wallMsOf(row);
    case 'active':
      return summary?.activeMs ?? null;
    case 'pages':
      return summary?.pages ?? row.pageCount;
    case 'failed':
      return summary ? summary.failedActions : null;
    case 'health':
      return row.health ? HEALTH_RANK[row.health] : null;
    case 'vital': {
      const vital = summary?.worstVital;
      if (!vital) return null;
      // Worse rating first; within a rating, further past its threshold (units differ by vital).
      const ratio = vital.value / (VITAL_THRESHOLDS[vital.name]?.poor ?? 1);
      return RATING_RANK[vital.rating] * 1e6 + ratio;
    }
  }
}

function compareKeys(a: Key, b: Key): number {
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  return (a as number) - (b as number);
}

/**
 * The rows ordered by one column. Stable: rows with equal keys keep their given order in both
 * directions. Rows without a value (open or not analyzed yet) go last in both directions.
 */
export function sortSessions(rows: readonly SessionRow[], sort: SessionSort): SessionRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const keyed = rows.map((row, index) => ({ row, index, key: keyOf(row, sort.column) }));
  keyed.sort((a, b) => {
    if (a.key === null || b.key === null) {
      if (a.key === b.key) return a.index - b.index;
      return a.key === null ? 1 : -1;
    }
    return sign * compareKeys(a.key, b.key) || a.index - b.index;
  });
  return keyed.map((k) => k.row);
}
