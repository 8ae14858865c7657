import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { TargetedDragEvent } from 'preact';
import type { SessionRow } from '../../../shared/db/schema';
import { exportFileName } from '../../../shared/bundle/bundle-file-name';
import { countOf } from '../../../shared/format/count-of';
import type { SessionSource } from '../../sources/session-source';
import { hasFilters } from '../../state/filter-sessions';
import { hashOf } from '../../state/hash-route';
import { linkedOf } from '../../state/linked-filters';
import { LIST_MARKS, type SessionListStore } from '../../state/session-list-store';
import { useExport } from '../../state/use-export';
import { useFileImport } from '../../state/use-file-import';
import { ConfirmDeleteDialog } from './confirm-delete-dialog';
import { EditSessionDialog, type SessionEdits } from './edit-session-dialog';
import { Icon } from './icons';
import { ImportOutcomes } from './import-outcomes';
import { EmptyState, ErrorState, LoadingState, NoMatchState } from './list-states';
import { SessionBulkBar } from './session-bulk-bar';
import { SessionListToolbar } from './session-list-toolbar';
import { SessionTable } from './session-table';
import './session-list.css';

/** Room kept under the last row while the floating selection bar is up. */
const BULK_BAR_ROOM_PX = 72;

/** What the Import button's file picker offers: bundles and plain rrweb JSON. */
const IMPORT_ACCEPT = '.tabreel,.json,application/json,application/x-tabreel-bundle';

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

/** User Timing for the first rows on screen, and for the whole list once it arrived. */
function useFirstRenderMeasures(rowsShown: boolean, ready: boolean) {
  const shown = useRef(false);
  const measured = useRef(false);
  const afterPaint = (then: () => void) => requestAnimationFrame(() => setTimeout(then));
  useLayoutEffect(() => {
    if (rowsShown && !shown.current) {
      shown.current = true;
      afterPaint(() => performance.mark(LIST_MARKS.firstRows));
    }
    if (!ready || measured.current || performance.getEntriesByName(LIST_MARKS.rows).length === 0)
      return;
    measured.current = true;
    performance.measure(LIST_MARKS.render, LIST_MARKS.rows);
    afterPaint(() => performance.measure(LIST_MARKS.paint, LIST_MARKS.rows));
  }, [rowsShown, ready]);
}

export function SessionList({ source, store }: { source: SessionSource; store: SessionListStore }) {
  const [attempt, setAttempt] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const imports = useFileImport(source);
  const exporter = useExport(setNotice);

  useEffect(() => {
    store.error.value = null;
    return store.connect(source);
  }, [source, store, attempt]);

  const status = store.status.value;
  const visible = store.visible.value;
  const selected = store.selected.value;
  const facets = store.facets.value;
  const filters = store.filters.value;
  const count = store.count.value;
  useFirstRenderMeasures(visible.length > 0, status === 'ready');

  // Writes are confirmed by the live list itself; only a failure needs saying.
  const run = useCallback((what: string, action: Promise<void>) => {
    action.catch((e: unknown) =>
      setNotice(`Could not ${what}: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, []);
  const onPin = useCallback(
    (id: string, pinned: boolean) => run(pinned ? 'pin' : 'unpin', source.setPinned([id], pinned)),
    [run, source],
  );
  const onEdit = useCallback((id: string) => setEditing(id), []);
  const onScroll = useCallback((top: number) => (store.scrollTop.value = top), [store]);

  const editingRow = editing ? visible.find((row) => row.id === editing) : undefined;
  const ids = () => selected.map((row) => row.id);
  const exportRows = (rows: readonly SessionRow[]) =>
    void exporter.run(
      countOf(rows.length, 'session'),
      () => source.exportBundle(rows.map((row) => row.id)),
      exportFileName(rows),
    );
  const importFiles = (files: FileList | null | undefined) => {
    if (files && files.length > 0) void imports.importFiles([...files]);
  };
  // Files dragged from the desktop onto the page: dropped anywhere on the list, they are imported.
  const dropHandlers = {
    onDragEnter: (event: TargetedDragEvent<HTMLElement>) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDragging(true);
    },
    onDragOver: (event: TargetedDragEvent<HTMLElement>) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer!.dropEffect = 'copy';
    },
    onDragLeave: (event: TargetedDragEvent<HTMLElement>) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (event: TargetedDragEvent<HTMLElement>) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      importFiles(event.dataTransfer?.files);
    },
  };

  const countText =
    count === null || status === 'loading' || status === 'error' || status === 'empty'
      ? ''
      : hasFilters(filters)
        ? `${count.toLocaleString('en-US')} of ${countOf(facets?.total ?? count, 'session')}`
        : countOf(count, 'session');

  return (
    <section class="session-list-page" aria-labelledby="list-title" {...dropHandlers}>
      <header class="list-header">
        <h1 id="list-title">Sessions</h1>
        <p class="result-count" role="status" aria-live="polite">
          {countText}
        </p>
        <div class="list-actions">
          <a
            class="button"
            href={hashOf({ name: 'overview', linked: { ...linkedOf(filters), segments: [] } })}
            title="Metrics across the sessions: durations, failures, vitals, conversions, flow"
          >
            Overview
          </a>
          {exporter.busy && (
            <span class="list-busy" role="status">
              Exporting {exporter.busy}…
            </span>
          )}
          {visible.length > 0 && (
            <button
              type="button"
              class="button"
              title="Download every session the filters show as one .tabreel file"
              disabled={exporter.busy !== null}
              onClick={() => exportRows(visible)}
            >
              <Icon name="download" />
              Export all shown
            </button>
          )}
          <button
            type="button"
            class="button"
            title="Open .tabreel bundles or rrweb JSON files (or drop them on the list)"
            disabled={imports.busy !== null}
            onClick={() => picker.current?.click()}
          >
            <Icon name="upload" />
            Import
          </button>
          <input
            ref={picker}
            type="file"
            accept={IMPORT_ACCEPT}
            multiple
            hidden
            data-testid="import-picker"
            onChange={(event) => {
              importFiles(event.currentTarget.files);
              event.currentTarget.value = ''; // the same file again is a new import
            }}
          />
        </div>
      </header>
      <ImportOutcomes
        imports={imports}
        onShowImported={() => store.setFilters({ origin: 'imported' })}
      />
      {status === 'loading' ? (
        <LoadingState />
      ) : status === 'error' ? (
        <ErrorState message={store.error.value ?? ''} onRetry={() => setAttempt((n) => n + 1)} />
      ) : status === 'empty' ? (
        <EmptyState showSettings={source.kind === 'extension'} />
      ) : (
        <>
          <SessionListToolbar store={store} />
          <SessionTable
            store={store}
            rows={visible}
            empty={
              status === 'no-match' ? <NoMatchState onClear={() => store.clearFilters()} /> : null
            }
            onPin={onPin}
            onEdit={onEdit}
            scrollTop={store.scrollTop.peek()}
            onScroll={onScroll}
            padBottom={selected.length > 0 ? BULK_BAR_ROOM_PX : 0}
          />
        </>
      )}
      {selected.length > 0 && status !== 'empty' && (
        <SessionBulkBar
          selected={selected}
          knownTags={facets?.tags ?? []}
          onPin={(pinned) => run(pinned ? 'pin' : 'unpin', source.setPinned(ids(), pinned))}
          onAddTag={(tag) => run('add the tag', source.addTag(ids(), tag))}
          onExport={() => exportRows(selected)}
          onDelete={() => setConfirmingDelete(true)}
          onClear={() => store.clearSelection()}
        />
      )}
      {confirmingDelete && selected.length > 0 && (
        <ConfirmDeleteDialog
          sessions={selected}
          onClose={() => setConfirmingDelete(false)}
          onConfirm={() => {
            const doomed = ids();
            setConfirmingDelete(false);
            store.clearSelection();
            run('delete', source.deleteSessions(doomed));
          }}
        />
      )}
      {editingRow && (
        <EditSessionDialog
          session={editingRow}
          knownTags={facets?.tags ?? []}
          onClose={() => setEditing(null)}
          onSave={(edits: SessionEdits) => {
            setEditing(null);
            run('save', source.update(editingRow.id, edits));
          }}
        />
      )}
      {dragging && (
        <div class="drop-overlay" aria-hidden="true">
          <div>
            <Icon name="upload" />
            <p>Drop .tabreel bundles or rrweb .json files to import them</p>
          </div>
        </div>
      )}
      {notice && (
        <div class="toast" role="alert">
          {notice}
          <button
            type="button"
            class="icon-button"
            aria-label="Dismiss"
            onClick={() => setNotice(null)}
          >
            ×
          </button>
        </div>
      )}
    </section>
  );
}
