import type { SessionAnalysis } from '../../shared/analysis/analyze-session';
import type { HealthStatus } from '../../shared/analysis/classify-health';
import type { SessionRow } from '../../shared/db/schema';
import type { SessionEvents } from '../../shared/storage/read-session-events';

/** What the list asks for; everything else (search, sort) is done on the rows in memory. */
export interface SessionQuery {
  /** Start time range, ms since the epoch (inclusive). */
  from?: number;
  to?: number;
  health?: HealthStatus;
}

/**
 * Where the viewer's sessions come from: the extension's own database (live), or bundle files the
 * person opened. The views only talk to this interface.
 */
export interface SessionSource {
  readonly kind: 'extension' | 'bundle';
  /** Rows matching `query`, newest first, again on every change. Returns its stop. */
  watchSessions(
    query: SessionQuery,
    onRows: (rows: SessionRow[]) => void,
    onError: (error: unknown) => void,
  ): () => void;
  /** One row, again on every change (a session being recorded grows); null once deleted. */
  watchSession(
    id: string,
    onRow: (row: SessionRow | null) => void,
    onError: (error: unknown) => void,
  ): () => void;
  readEvents(id: string): Promise<SessionEvents>;
  /** The stored analysis of an ended session, or null (open, or not analyzed yet). */
  readAnalysis(id: string): Promise<SessionAnalysis | null>;
  deleteSessions(ids: readonly string[]): Promise<void>;
  setPinned(ids: readonly string[], pinned: boolean): Promise<void>;
  update(id: string, changes: Pick<Partial<SessionRow>, 'label' | 'note' | 'tags'>): Promise<void>;
  addTag(ids: readonly string[], tag: string): Promise<void>;
}
