import { batch, computed, effect, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { SessionRow } from '../../shared/db/schema';
import { aggregateOverview, type Overview } from '../../shared/metrics/aggregate-overview';
import { isAnalyzed } from '../../shared/metrics/analyzed-session';
import type { SessionFacets, SessionSource } from '../sources/session-source';
import { filterSessions, queryOf } from './filter-sessions';
import type { GoalStore } from './goal-store';
import { listFiltersOf, NO_LINKED_FILTERS, type LinkedFilters } from './linked-filters';
import { timeEdges, type TimeUnit } from './time-edges';

/** User Timing marks: the overview's rows arrived, and its numbers were computed from them. */
export const OVERVIEW_MARKS = {
  connect: 'tabreel:overview-connect',
  rows: 'tabreel:overview-rows',
  computed: 'tabreel:overview-computed',
} as const;

export interface OverviewStore {
  /** Date range, site, tag, health; segments stay empty here (they are the list's). */
  filters: Signal<LinkedFilters>;
  facets: Signal<SessionFacets | null>;
  /** The analysed rows (what the overview counts), null until the first answer. */
  rows: Signal<readonly SessionRow[] | null>;
  /** Rows not analysed yet (still recording, or queued): said, not counted. */
  pending: Signal<readonly SessionRow[]>;
  error: Signal<string | null>;
  overview: ReadonlySignal<(Overview & { unit: TimeUnit }) | null>;
  setFilters(changes: Partial<LinkedFilters>): void;
  connect(source: SessionSource): () => void;
}

export function createOverviewStore(goals: GoalStore, initial = NO_LINKED_FILTERS): OverviewStore {
  const filters = signal<LinkedFilters>({ ...initial, segments: [] });
  const facets = signal<SessionFacets | null>(null);
  const rows = signal<readonly SessionRow[] | null>(null);
  const pending = signal<readonly SessionRow[]>([]);
  const error = signal<string | null>(null);
  const queryKey = computed(() => JSON.stringify(queryOf(listFiltersOf(filters.value))));
  const overview = computed(() => {
    const all = rows.value;
    if (all === null) return null;
    const selected = filterSessions(all, listFiltersOf(filters.value));
    let first = Infinity;
    let last = -Infinity;
    for (const row of selected) {
      first = Math.min(first, row.startedAt);
      last = Math.max(last, row.startedAt);
    }
    const from = filters.value.from ?? (selected.length ? first : Date.now());
    const to = filters.value.to ?? (selected.length ? last + 1 : from + 1);
    const { unit, edges } = timeEdges(from, to);
    const result = aggregateOverview(selected, { edges, goals: goals.goals.value });
    result.rows += filterSessions(pending.value, listFiltersOf(filters.value)).length;
    performance.mark(OVERVIEW_MARKS.computed);
    return { ...result, unit };
  });
  return {
    filters,
    facets,
    rows,
    pending,
    error,
    overview,
    setFilters(changes) {
      filters.value = { ...filters.value, ...changes };
    },
    connect(source) {
      performance.mark(OVERVIEW_MARKS.connect);
      const onError = (e: unknown) => {
        error.value = e instanceof Error ? e.message : String(e);
      };
      const stopFacets = source.watchFacets((value) => (facets.value = value), onError);
      const stopRows = effect(() =>
        source.watchSessions(
          JSON.parse(queryKey.value),
          (value) => {
            performance.mark(OVERVIEW_MARKS.rows);
            error.value = null;
            // A recording tab changes its row every second; it is not counted, so the overview is
            // computed again only when an analysed row changed (the source keeps unchanged rows).
            const analyzed = value.filter(isAnalyzed);
            const open = value.filter((row) => !isAnalyzed(row));
            batch(() => {
              if (rows.peek() === null || !sameRows(rows.peek()!, analyzed)) rows.value = analyzed;
              if (!sameIds(pending.peek(), open)) pending.value = open;
            });
          },
          onError,
        ),
      );
      return () => {
        stopRows();
        stopFacets();
      };
    },
  };
}

/** The same row objects in the same order. */
function sameRows(a: readonly SessionRow[], b: readonly SessionRow[]): boolean {
  return a.length === b.length && a.every((row, i) => row === b[i]);
}

function sameIds(a: readonly SessionRow[], b: readonly SessionRow[]): boolean {
  return a.length === b.length && a.every((row, i) => row.id === b[i]!.id);
}
