import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef } from 'preact/hooks';
import type { SessionRow } from '../../../shared/db/schema';
import type { SessionListStore } from '../../state/session-list-store';
import type { SessionSort, SortColumn } from '../../state/sort-sessions';
import { useWindowedRows } from '../../state/use-windowed-rows';
import { SessionRowView } from './session-row';

/** Fixed, so the list can be windowed without measuring rows. Matches `.session-row` in CSS. */
export const ROW_HEIGHT_PX = 56;
/** Rows rendered above and below the visible ones, so a fast scroll does not show blanks. */
const OVERSCAN_ROWS = 6;

const COLUMNS: ReadonlyArray<{ id: SortColumn; label: string; numeric?: boolean }> = [
  { id: 'started', label: 'Started' },
  { id: 'site', label: 'Site' },
  { id: 'title', label: 'Session' },
  { id: 'duration', label: 'Duration', numeric: true },
  { id: 'active', label: 'Active', numeric: true },
  { id: 'pages', label: 'Pages', numeric: true },
  { id: 'failed', label: 'Failed actions' },
  { id: 'health', label: 'Health' },
  { id: 'vital', label: 'Worst vital' },
];

function ColumnHeader({
  column,
  sort,
  onSort,
}: {
  column: (typeof COLUMNS)[number];
  sort: SessionSort;
  onSort: (column: SortColumn) => void;
}) {
  const active = sort.column === column.id;
  return (
    <div
      role="columnheader"
      class={`column-header${column.numeric ? ' numeric' : ''}`}
      aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" class={active ? 'is-sorted' : ''} onClick={() => onSort(column.id)}>
        {column.label}
        {active && (
          <span class="sort-arrow" aria-hidden="true">
            {sort.direction === 'asc' ? '↑' : '↓'}
          </span>
        )}
      </button>
    </div>
  );
}

function SelectAll({
  rows,
  selected,
  onChange,
}: {
  rows: number;
  selected: number;
  onChange: (on: boolean) => void;
}) {
  const box = useRef<HTMLInputElement>(null);
  const all = rows > 0 && selected === rows;
  useEffect(() => {
    if (box.current) box.current.indeterminate = selected > 0 && !all;
  }, [selected, all]);
  return (
    <input
      ref={box}
      type="checkbox"
      checked={all}
      disabled={rows === 0}
      aria-label={all ? 'Select none' : `Select all ${rows} shown`}
      onChange={(event) => onChange(event.currentTarget.checked)}
    />
  );
}

export function SessionTable({
  store,
  rows,
  empty,
  onPin,
  onEdit,
  scrollTop,
  onScroll,
  padBottom,
}: {
  store: SessionListStore;
  rows: readonly SessionRow[];
  /** Shown in place of the rows when there are none. */
  empty: ComponentChildren;
  onPin: (id: string, pinned: boolean) => void;
  onEdit: (id: string) => void;
  scrollTop: number;
  onScroll: (scrollTop: number) => void;
  /** Room under the last row for the floating selection bar. */
  padBottom: number;
}) {
  const selection = store.selection.value;
  const selectedCount = store.selected.value.length;
  const sort = store.sort.value;
  const windowed = useWindowedRows<HTMLDivElement>({
    count: rows.length,
    rowHeight: ROW_HEIGHT_PX,
    overscan: OVERSCAN_ROWS,
    initialScrollTop: scrollTop,
    onScroll,
  });
  const onToggle = useCallback((id: string, on: boolean) => store.toggleSelected(id, on), [store]);
  const onSort = useCallback(
    (column: SortColumn) => {
      store.sortBy(column);
      windowed.ref.current?.scrollTo({ top: 0 });
    },
    [store, windowed.ref],
  );
  // New filters show their results from the top; the first render keeps a restored position.
  const filters = store.filters.value;
  const mounted = useRef(false);
  useEffect(() => {
    if (mounted.current) windowed.ref.current?.scrollTo({ top: 0 });
    mounted.current = true;
  }, [filters, windowed.ref]);
  const now = Date.now();
  const shown = [];
  for (let i = windowed.start; i < windowed.end; i++) {
    const session = rows[i]!;
    shown.push(
      <SessionRowView
        key={session.id}
        session={session}
        index={i + 1}
        top={i * ROW_HEIGHT_PX}
        selected={selection.has(session.id)}
        now={now}
        onToggle={onToggle}
        onPin={onPin}
        onEdit={onEdit}
      />,
    );
  }
  return (
    <div
      class="session-table"
      role="table"
      aria-label="Sessions"
      aria-rowcount={rows.length + 1}
      aria-busy={store.status.value === 'updating'}
    >
      <div role="rowgroup" class="table-head">
        <div role="row" class="head-row" aria-rowindex={1}>
          <div role="columnheader" class="cell-select">
            <SelectAll
              rows={rows.length}
              selected={selectedCount}
              onChange={(on) => store.selectAll(on)}
            />
          </div>
          {COLUMNS.map((column) => (
            <ColumnHeader key={column.id} column={column} sort={sort} onSort={onSort} />
          ))}
          <div role="columnheader" class="cell-actions">
            <span class="visually-hidden">Actions</span>
          </div>
        </div>
      </div>
      <div role="rowgroup" class="table-body" ref={windowed.ref}>
        {rows.length === 0 ? (
          empty
        ) : (
          <div class="table-spacer" style={{ height: `${windowed.totalHeight + padBottom}px` }}>
            {shown}
          </div>
        )}
      </div>
    </div>
  );
}
