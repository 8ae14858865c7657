import type { HealthStatus } from '../../shared/analysis/classify-health';
import type { SessionRow } from '../../shared/db/schema';
import type { SessionQuery } from '../sources/session-source';
import { matchesSegments, type Segment } from '../../shared/metrics/segment';

/** Recorded in this browser, imported from a file, or both. */
export type SessionOrigin = 'all' | 'recorded' | 'imported';

/** What the person narrowed the list to. Every field empty is "all sessions". */
export interface SessionFilters {
  /** Words that must all appear in the name, title, URLs, site, tags or note (any case). */
  text: string;
  /** Start time range, ms since the epoch: `from` inclusive, `to` exclusive. */
  from: number | null;
  to: number | null;
  host: string | null;
  health: HealthStatus | null;
  failedOnly: boolean;
  pinnedOnly: boolean;
  /** Not indexed (few sessions are imported): checked in memory. */
  origin: SessionOrigin;
  /** One tag the session must carry (the overview's tag filter). */
  tag: string | null;
  /** The sessions behind an overview number (shared/metrics/segment.ts), all of them. */
  segments: readonly Segment[];
}

export const NO_FILTERS: SessionFilters = {
  text: '',
  from: null,
  to: null,
  host: null,
  health: null,
  failedOnly: false,
  pinnedOnly: false,
  origin: 'all',
  tag: null,
  segments: [],
};

export function hasFilters(filters: SessionFilters): boolean {
  return (
    filters.text.trim() !== '' ||
    filters.from !== null ||
    filters.to !== null ||
    filters.host !== null ||
    filters.health !== null ||
    filters.failedOnly ||
    filters.pinnedOnly ||
    filters.origin !== 'all' ||
    filters.tag !== null ||
    filters.segments.length > 0
  );
}

/** The part of the filters the database answers from its indexes; the rest is checked in memory. */
export function queryOf(filters: SessionFilters): SessionQuery {
  const query: SessionQuery = {};
  if (filters.from !== null) query.from = filters.from;
  if (filters.to !== null) query.to = filters.to;
  if (filters.host !== null) query.host = filters.host;
  if (filters.health !== null) query.health = filters.health;
  if (filters.pinnedOnly) query.pinned = true;
  return query;
}

/** Whether a row satisfies a source query (what a source checks after narrowing by one index). */
export function matchesQuery(row: SessionRow, query: SessionQuery): boolean {
  return (
    (query.from === undefined || row.startedAt >= query.from) &&
    (query.to === undefined || row.startedAt < query.to) &&
    (query.host === undefined || row.host === query.host) &&
    (query.health === undefined || row.health === query.health) &&
    (query.pinned === undefined || (row.pinned === 1) === query.pinned)
  );
}

export function isImported(row: SessionRow): boolean {
  return row.imported !== undefined;
}

function matchesOrigin(row: SessionRow, origin: SessionOrigin): boolean {
  return origin === 'all' || (origin === 'imported') === isImported(row);
}

export function hasFailedActions(row: SessionRow): boolean {
  return (row.summary?.failedActions ?? 0) > 0;
}

// Rows are read again on every change, but the same row object is searched on every keystroke.
const haystacks = new WeakMap<SessionRow, string>();

function haystackOf(row: SessionRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = [
      row.label ?? '',
      row.title,
      row.firstUrl,
      row.summary?.exitUrl ?? '',
      row.host,
      row.note ?? '',
      row.imported?.from ?? '',
      ...(row.tags ?? []),
    ]
      .join('\n')
      .toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

/** The words of a search: lowercased, split on spaces. */
export function searchTerms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

/** The rows that pass every filter, in their given order. */
export function filterSessions(rows: readonly SessionRow[], filters: SessionFilters): SessionRow[] {
  const query = queryOf(filters);
  const terms = searchTerms(filters.text);
  return rows.filter(
    (row) =>
      matchesQuery(row, query) &&
      (!filters.failedOnly || hasFailedActions(row)) &&
      matchesOrigin(row, filters.origin) &&
      (filters.tag === null || (row.tags ?? []).includes(filters.tag)) &&
      matchesSegments(row, filters.segments) &&
      terms.every((term) => haystackOf(row).includes(term)),
  );
}
