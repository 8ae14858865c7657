import type { SessionAnalysis } from '../../shared/analysis/analyze-session';
import type { HealthStatus } from '../../shared/analysis/classify-health';
import type { SharingOptions } from '../../shared/bundle/prepare-for-sharing';
import type { SessionRow } from '../../shared/db/schema';
import type { ReplayAsset } from '../../shared/messages/viewer-to-replay';
import type { ImportFileResult } from '../../shared/storage/import-file';
import type { SessionEvents } from '../../shared/storage/read-session-events';
import type { GivenChunk } from '../../shared/storage/given-chunks';
import type { SessionTail } from '../../shared/storage/read-session-tail';
import type {
  ReadPartsOptions,
  SessionEventParts,
} from '../../shared/storage/read-session-event-parts';

/**
 * What the list asks the database for, each field answerable from an index; everything else
 * (search, "has failed actions", sort) is done on the returned rows in memory.
 */
export interface SessionQuery {
  /** Start time range, ms since the epoch: `from` inclusive, `to` exclusive. */
  from?: number;
  to?: number;
  host?: string;
  health?: HealthStatus;
  pinned?: boolean;
}

/** What the list's filters offer, read from the indexes alone. */
export interface SessionFacets {
  /** Every session stored, whatever the filters. */
  total: number;
  /** The sites with sessions, A→Z. */
  hosts: string[];
  /** The tags in use, A→Z. */
  tags: string[];
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
  /** The newest `limit` sessions, once: a first screen while the whole list is still loading. */
  readNewest(limit: number): Promise<SessionRow[]>;
  /** The list's facets, again on every change. Returns its stop. */
  watchFacets(
    onFacets: (facets: SessionFacets) => void,
    onError: (error: unknown) => void,
  ): () => void;
  /** One row, again on every change (a session being recorded grows); null once deleted. */
  watchSession(
    id: string,
    onRow: (row: SessionRow | null) => void,
    onError: (error: unknown) => void,
  ): () => void;
  readEvents(id: string): Promise<SessionEvents>;
  /**
   * The events as JSON text (inflated, not parsed), the replay frame's input: first the chunks a
   * first frame needs, then the rest in parts (see shared/storage/read-session-event-parts.ts).
   */
  readEventParts(id: string, options: ReadPartsOptions): Promise<SessionEventParts>;
  /**
   * What a session still recording gained since the reader was given `given` (from readEventParts,
   * then from the previous call), with its row from the same read (shared/storage/read-session-tail.ts).
   */
  readEventTail(id: string, given: readonly GivenChunk[]): Promise<SessionTail>;
  /** The session's captured stylesheets, fonts and images, each with the addresses it stands for. */
  readAssets(id: string): Promise<ReplayAsset[]>;
  /** The stored analysis of an ended session, or null (open, or not analyzed yet). */
  readAnalysis(id: string): Promise<SessionAnalysis | null>;
  /** Deletes the sessions with their events and analyses. */
  deleteSessions(ids: readonly string[]): Promise<void>;
  /** Pinned sessions are never evicted. */
  setPinned(ids: readonly string[], pinned: boolean): Promise<void>;
  update(id: string, changes: Pick<Partial<SessionRow>, 'label' | 'note' | 'tags'>): Promise<void>;
  addTag(ids: readonly string[], tag: string): Promise<void>;
  removeTag(ids: readonly string[], tag: string): Promise<void>;
  /**
   * These sessions as one bundle file (docs/bundle-format.md), built from streamed pieces; with
   * `sharing`, a trimmed and redacted copy (the stored sessions are untouched).
   */
  exportBundle(ids: readonly string[], sharing?: SharingOptions): Promise<Blob>;
  /** One session as a plain rrweb event array (JSON), for any rrweb player. */
  exportRrwebJson(id: string): Promise<Blob>;
  /**
   * One session as a single HTML file that replays it from disk, offline (the standalone viewer
   * with the bundle inside). Only where the page can reach the standalone viewer's file.
   */
  exportHtml?(id: string, sharing?: SharingOptions): Promise<Blob>;
  /**
   * Imports a bundle or an rrweb JSON file, all or nothing, under new ids. A refused file rejects
   * with a BundleError whose message says why; nothing is stored then.
   */
  importFile(file: File): Promise<ImportFileResult>;
}
