import { Dexie, type EntityTable, type Transaction } from 'dexie';
import type { PrivacyLevel } from '../settings/settings';
import type { EndReason, StartReason, TabState } from '../session/session-types';
import type { ChunkTail } from '../storage/compact-chunks';
import type { ChunkData, ChunkEncoding } from '../storage/chunk-codec';
import type { HealthStatus } from '../analysis/classify-health';
import type { SessionAnalysis } from '../analysis/analyze-session';
import type { SessionSummary } from '../analysis/summarize-session';

export const DATABASE_NAME = 'tabreel';

/** One recorded session: metadata only; its events are in `chunks`. */
export interface SessionRow {
  id: string;
  tabId: number;
  incognito: boolean;
  /** First event's timestamp, ms since the epoch. */
  startedAt: number;
  startReason: StartReason;
  /** Null while the session is open. */
  endedAt: number | null;
  endReason: EndReason | null;
  lastEventAt: number;
  firstUrl: string;
  host: string;
  title: string;
  pageCount: number;
  eventCount: number;
  /** Compressed bytes in `chunks`. */
  storedBytes: number;
  /** The events' JSON size before compression. */
  rawBytes: number;
  campaign: string | null;
  /** The privacy settings this session was recorded under; `unknown` for a plain rrweb import. */
  privacy: { level: PrivacyLevel | 'unknown' };
  /** 1 when pinned (never evicted). A number so it can be indexed. */
  pinned: 0 | 1;
  /** Small chunks not yet merged (see shared/storage/compact-chunks.ts); null once ended. */
  tail?: ChunkTail | null;
  /** v2: 1 while an ended session's analysis is missing or stale (late events); indexed. */
  analysisPending?: 0 | 1;
  /** v2: the analysis in brief, for the session list; null until analyzed. */
  summary?: SessionSummary | null;
  /** v2: summary.health.status, indexed for the list's filter; null until analyzed. */
  health?: HealthStatus | null;
  /** v2: the user's own name for the session (rename), its tags (indexed) and note. */
  label?: string;
  tags?: string[];
  note?: string;
  /**
   * Set on a session imported from a file (shared/storage/import-bundle.ts), never on a recorded
   * one. Not indexed, so it needs no schema version: Dexie stores any field, and a version bump is
   * only for a change to the indexes (rows written before it simply lack the field).
   */
  imported?: ImportedFrom;
}

/** Where an imported session came from. */
export interface ImportedFrom {
  /** The file's name, as picked or dropped. */
  from: string;
  /** When it was imported, ms since the epoch. */
  at: number;
  /** Who wrote the file: `Tabreel 0.1.0`, or `rrweb JSON` for a plain rrweb event array. */
  producer: string;
  /** The session's id in the file (in the browser that recorded it). */
  originalId: string;
  /** SHA-256 (hex) of the file's content: its end record's hash, or the whole file's. */
  sha256: string;
}

/** v2: the full analysis of an ended session (flow, failures, metrics), computed once. */
export interface AnalysisRow {
  sessionId: string;
  /** The session's eventCount it was computed from: a later event makes it stale. */
  eventCount: number;
  analysis: SessionAnalysis;
}

/** A compressed run of one stream's events, all in one session. */
export interface ChunkRow {
  /** `${streamId}:${fromSeq}`: a resent batch maps to the same key, so writes are idempotent. */
  id: string;
  sessionId: string;
  streamId: string;
  /** Sequence numbers this chunk covers (inclusive), in the stream's numbering. */
  fromSeq: number;
  toSeq: number;
  firstTs: number;
  lastTs: number;
  count: number;
  rawBytes: number;
  /**
   * deflate-raw of the events' JSON array; with `encoding: 'raw'`, that JSON as UTF-8 bytes or, as
   * the write path stores it, as text (chunk-codec.ts `ChunkData`; no index, so no new version).
   */
  data: ChunkData;
  /**
   * v5: `raw` while the chunk waits for the background deflate (indexed: only raw chunks are in
   * the index, so the job finds its work without a scan); absent once deflated.
   */
  encoding?: ChunkEncoding;
}

/** v3: a captured stylesheet, font or image, stored once per content (deduplicated across sessions). */
export interface AssetRow {
  /** SHA-256 (hex) of `data`: the same bytes from any address or session are one row. */
  hash: string;
  /** The media type it is replayed with (`text/css`, `font/woff2`, `image/png`, …). */
  mime: string;
  /** `data.byteLength`, kept beside it so the budget can count without loading the bytes. */
  size: number;
  data: Uint8Array;
  /** When these bytes were first stored, ms since the epoch. */
  storedAt: number;
}

/** v3: why a session's asset address has no bytes (yet). */
export type AssetRefStatus = 'pending' | 'stored' | 'failed';

/** v3: one asset address a session's replay needs, and the captured bytes it maps to. */
export interface AssetRefRow {
  sessionId: string;
  /** Absolute http(s) address without fragment, as `shared/assets/map-asset-urls.ts` resolves it. */
  url: string;
  status: AssetRefStatus;
  /** The asset's hash once stored; null while pending or after it failed. */
  hash: string | null;
  /** The asset's size once stored (the session's share of the budget), else 0. */
  size: number;
  /** Fetches tried: one that keeps killing the worker is given up after a few. */
  attempts: number;
  queuedAt: number;
  /** Why it failed (too large, not an asset, HTTP 404, …), for the viewer. */
  error?: string;
}

/** One recorder instance (a page load in a tab): its sequence numbers make delivery exactly-once. */
export interface StreamRow {
  id: string;
  tabId: number;
  /** The next sequence number not yet committed. */
  nextSeq: number;
  createdAt: number;
  /** Set when the stream's tab closes; old closed streams are swept. */
  closedAt: number | null;
}

export type TabRow = TabState;

export type TabreelDb = Dexie & {
  sessions: EntityTable<SessionRow, 'id'>;
  chunks: EntityTable<ChunkRow, 'id'>;
  streams: EntityTable<StreamRow, 'id'>;
  tabs: EntityTable<TabRow, 'tabId'>;
  analyses: EntityTable<AnalysisRow, 'sessionId'>;
  assets: EntityTable<AssetRow, 'hash'>;
  assetRefs: Dexie.Table<AssetRefRow, [string, string]>;
};

/**
 * The schema history. Append a version, never edit one: each new version gets a named upgrade
 * function and a migration test that opens the previous version first.
 */
export function openTabreelDb(options?: ConstructorParameters<typeof Dexie>[1]): TabreelDb {
  const db = new Dexie(DATABASE_NAME, options) as TabreelDb;
  // v1: sessions, compressed chunks, per-stream sequence state, per-tab sessionizer state.
  db.version(1).stores({
    sessions: 'id, startedAt, tabId, host, endedAt, pinned, [tabId+startedAt]',
    chunks: 'id, sessionId, [sessionId+firstTs], streamId',
    streams: 'id, tabId, closedAt',
    tabs: 'tabId',
  });
  // v2: each ended session is analyzed once (flow, failures, health) and the list filters on health.
  db.version(2)
    .stores({
      sessions:
        'id, startedAt, tabId, host, endedAt, pinned, [tabId+startedAt], health, analysisPending, *tags',
      analyses: 'sessionId',
    })
    .upgrade(queueEndedSessionsForAnalysis);
  // v3: stylesheets, fonts and images captured for offline replay, stored once per content hash,
  // and each session's address → hash map (pending refs are the service worker's fetch queue).
  // No upgrade function: sessions recorded before capture existed simply have no assets.
  db.version(3).stores({
    assets: 'hash',
    assetRefs: '[sessionId+url], sessionId, hash, url, status',
  });
  // v4: summaries from before the metrics' facts (analysis v3) are recomputed.
  db.version(4).stores({}).upgrade(queueStaleSummaries);
  // v5: the write path stores chunks raw and a background job deflates them (bench S1); the
  // index holds the raw ones only. No upgrade function: every older chunk is deflated already.
  db.version(5).stores({
    chunks: 'id, sessionId, [sessionId+firstTs], streamId, encoding',
  });
  return db;
}

/** v1 → v2: sessions that ended before analysis existed are analyzed by the next pass. */
export async function queueEndedSessionsForAnalysis(tx: Transaction): Promise<void> {
  await tx
    .table<SessionRow, string>('sessions')
    .toCollection()
    .modify((row) => {
      row.analysisPending = row.endedAt === null ? 0 : 1;
      row.summary = null;
      row.health = null;
    });
}

/** The analysis rules that first stored facts; a copy, so this upgrade never changes meaning. */
const FACTS_ANALYSIS_VERSION = 3;

/**
 * → v4: ended sessions analysed under older rules (ANALYSIS_VERSION < 3: no facts for the metrics
 * overview) are analysed again by the next pass; their old summary stays on screen until then.
 */
export async function queueStaleSummaries(tx: Transaction): Promise<void> {
  await tx
    .table<SessionRow, string>('sessions')
    .filter(
      (row) =>
        row.endedAt !== null &&
        row.analysisPending !== 1 &&
        (row.summary?.analysisVersion ?? 0) < FACTS_ANALYSIS_VERSION,
    )
    .modify((row) => {
      row.analysisPending = 1;
    });
}
