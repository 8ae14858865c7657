import { batch, computed, effect, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { SessionRow } from '../../shared/db/schema';
import type { SessionFacets, SessionSource } from '../sources/session-source';
import {
  filterSessions,
  hasFilters,
  NO_FILTERS,
  queryOf,
  type SessionFilters,
} from './filter-sessions';
import {
  DEFAULT_SORT,
  nextSort,
  sortSessions,
  type SessionSort,
  type SortColumn,
} from './sort-sessions';

/**
 * `loading` before the first answer; `empty` when nothing was ever recorded; `no-match` when the
 * filters leave nothing; `updating` while the database answers (the newest rows, or the previous
 * filters' rows, stay on screen meanwhile).
 */
export type SessionListStatus = 'loading' | 'error' | 'empty' | 'no-match' | 'updating' | 'ready';

export interface SessionListStore {
  filters: Signal<SessionFilters>;
  sort: Signal<SessionSort>;
  /** Ids the person ticked; only those still shown count (see `selected`). */
  selection: Signal<ReadonlySet<string>>;
  facets: Signal<SessionFacets | null>;
  /** Where the list was scrolled, kept while a session is open so "back" returns there. */
  scrollTop: Signal<number>;
  error: Signal<string | null>;
  /** Why the link that opened the list was refused in part (a forged or broken segment). */
  linkError: Signal<string | null>;
  /** The rows shown, filtered and sorted. */
  visible: ReadonlySignal<readonly SessionRow[]>;
  /** The ticked rows among those shown, in their shown order: what bulk actions act on. */
  selected: ReadonlySignal<readonly SessionRow[]>;
  status: ReadonlySignal<SessionListStatus>;
  /** How many rows the filters leave; while the database answers, the last known count. */
  count: ReadonlySignal<number | null>;
  setFilters(changes: Partial<SessionFilters>): void;
  clearFilters(): void;
  sortBy(column: SortColumn): void;
  toggleSelected(id: string, on?: boolean): void;
  /** Ticks every shown row, or none. */
  selectAll(on: boolean): void;
  clearSelection(): void;
  /** Reads the source live for the current filters; returns its stop. */
  connect(source: SessionSource): () => void;
}

/** User Timing marks around the list's first answer (see the session-list e2e test). */
export const LIST_MARKS = {
  connect: 'tabreel:list-connect',
  /** The newest rows arrived (a first screen). */
  preview: 'tabreel:list-preview',
  /** All the rows arrived. */
  rows: 'tabreel:list-rows',
  /** Measures: from `rows` to the whole list in the DOM, and to the next frame painted. */
  render: 'tabreel:list-render',
  paint: 'tabreel:list-paint',
  /** Mark: the first frame painted with rows in it (the preview or the whole list). */
  firstRows: 'tabreel:list-first-rows',
} as const;

/** Clears the filters a source query answers (see `queryOf`), keeping the in-memory ones. */
const UNINDEXED_ONLY: Partial<SessionFilters> = {
  from: null,
  to: null,
  host: null,
  health: null,
  pinnedOnly: false,
};

/** Rows read first on a cold open: a screen of rows and their overscan. */
export const PREVIEW_ROWS = 40;

interface Answer {
  /** The query these rows answer, as a key (see `queryKey`). */
  key: string;
  rows: readonly SessionRow[];
}

export function createSessionListStore(
  initial: { filters?: SessionFilters; sort?: SessionSort } = {},
): SessionListStore {
  const filters = signal<SessionFilters>(initial.filters ?? NO_FILTERS);
  const sort = signal<SessionSort>(initial.sort ?? DEFAULT_SORT);
  const selection = signal<ReadonlySet<string>>(new Set());
  const facets = signal<SessionFacets | null>(null);
  const scrollTop = signal(0);
  const error = signal<string | null>(null);
  const linkError = signal<string | null>(null);
  const answer = signal<Answer | null>(null);
  const preview = signal<readonly SessionRow[] | null>(null);
  // A string, so typing in the search box (not part of the query) does not ask the database again.
  const queryKey = computed(() => JSON.stringify(queryOf(filters.value)));
  const settled = computed(() => answer.value !== null && answer.value.key === queryKey.value);
  // The newest rows are the top of the list only while nothing narrows or reorders it.
  const previewing = computed(
    () =>
      answer.value === null &&
      preview.value !== null &&
      preview.value.length > 0 &&
      queryKey.value === '{}' &&
      sort.value.column === DEFAULT_SORT.column &&
      sort.value.direction === DEFAULT_SORT.direction,
  );

  const visible = computed((): readonly SessionRow[] => {
    const current = answer.value;
    if (current === null)
      return previewing.value ? filterSessions(preview.value!, filters.value) : [];
    // Rows answering an older query would be filtered to nothing by the new one: until the new
    // answer comes, show them as their own query narrowed them, with the in-memory filters only.
    const applied = settled.value ? filters.value : { ...filters.value, ...UNINDEXED_ONLY };
    return sortSessions(filterSessions(current.rows, applied), sort.value);
  });
  const selected = computed(() => {
    const ids = selection.value;
    return ids.size === 0 ? [] : visible.value.filter((row) => ids.has(row.id));
  });
  const status = computed<SessionListStatus>(() => {
    if (error.value !== null) return 'error';
    if (!settled.value) return answer.value !== null || previewing.value ? 'updating' : 'loading';
    if (visible.value.length > 0) return 'ready';
    // Without the total yet, no rows under no filters is still "nothing recorded".
    const total = facets.value?.total ?? (hasFilters(filters.value) ? 1 : 0);
    return total === 0 && answer.value!.rows.length === 0 ? 'empty' : 'no-match';
  });
  let lastCount: number | null = null;
  const count = computed(() => {
    if (settled.value) return (lastCount = visible.value.length);
    if (previewing.value && !hasFilters(filters.value)) return facets.value?.total ?? null;
    return lastCount;
  });

  return {
    filters,
    sort,
    selection,
    facets,
    scrollTop,
    error,
    linkError,
    visible,
    selected,
    status,
    count,
    setFilters(changes) {
      filters.value = { ...filters.value, ...changes };
    },
    clearFilters() {
      filters.value = NO_FILTERS;
      linkError.value = null;
    },
    sortBy(column) {
      sort.value = nextSort(sort.value, column);
    },
    toggleSelected(id, on) {
      const next = new Set(selection.value);
      if (on ?? !next.has(id)) next.add(id);
      else next.delete(id);
      selection.value = next;
    },
    selectAll(on) {
      selection.value = on ? new Set(visible.value.map((row) => row.id)) : new Set();
    },
    clearSelection() {
      selection.value = new Set();
    },
    connect(source) {
      let answered = false;
      performance.mark(LIST_MARKS.connect);
      const onError = (e: unknown) => {
        error.value = e instanceof Error ? e.message : String(e);
      };
      const stopFacets = source.watchFacets((value) => {
        facets.value = value;
      }, onError);
      let stopped = false;
      if (answer.peek() === null && preview.peek() === null) {
        // A first screen at once; the whole list (thousands of rows) takes longer to read.
        source.readNewest(PREVIEW_ROWS).then(
          (rows) => {
            if (stopped || answer.peek() !== null) return;
            performance.mark(LIST_MARKS.preview);
            preview.value = rows;
          },
          () => {}, // the full read reports the same failure
        );
      }
      const stopRows = effect(() => {
        const key = queryKey.value;
        return source.watchSessions(
          JSON.parse(key),
          (rows) => {
            if (!answered) performance.mark(LIST_MARKS.rows);
            answered = true;
            batch(() => {
              error.value = null;
              answer.value = { key, rows };
            });
          },
          onError,
        );
      });
      return () => {
        stopped = true;
        stopRows();
        stopFacets();
      };
    },
  };
}
