import type { HealthStatus } from '../../shared/analysis/classify-health';
import { parseSegments, type Segment } from '../../shared/metrics/segment';
import { NO_FILTERS, type SessionFilters } from './filter-sessions';

/** The filters a link carries between the overview and the list (`?from=…&seg=[…]`). */
export interface LinkedFilters {
  from: number | null;
  to: number | null;
  host: string | null;
  tag: string | null;
  health: HealthStatus | null;
  segments: readonly Segment[];
}

export const NO_LINKED_FILTERS: LinkedFilters = {
  from: null,
  to: null,
  host: null,
  tag: null,
  health: null,
  segments: [],
};

/** The part of the list's filters a link carries. */
export function linkedOf(filters: SessionFilters): LinkedFilters {
  const { from, to, host, tag, health, segments } = filters;
  return { from, to, host, tag, health, segments };
}

/** The list's filters a link asks for: everything else cleared. */
export function listFiltersOf(linked: LinkedFilters): SessionFilters {
  return { ...NO_FILTERS, ...linked };
}

export function paramsOf(filters: LinkedFilters): string {
  const params = new URLSearchParams();
  if (filters.from !== null) params.set('from', String(filters.from));
  if (filters.to !== null) params.set('to', String(filters.to));
  if (filters.host !== null) params.set('host', filters.host);
  if (filters.tag !== null) params.set('tag', filters.tag);
  if (filters.health !== null) params.set('health', filters.health);
  if (filters.segments.length > 0) params.set('seg', JSON.stringify(filters.segments));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * Filters from a link's query. A link can be edited by hand: a value that is not one the filters
 * know is refused with a message (the rest still applies), never guessed at.
 */
export function filtersFromParams(params: URLSearchParams): {
  filters: LinkedFilters;
  error: string | null;
} {
  const time = (key: string) => {
    const value = params.get(key);
    if (value === null) return null;
    const n = Number(value);
    return Number.isFinite(n) && value.trim() !== '' ? n : null;
  };
  const health = params.get('health');
  let segments: Segment[] = [];
  let error: string | null = null;
  const seg = params.get('seg');
  if (seg !== null) {
    try {
      segments = parseSegments(seg);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
  }
  return {
    filters: {
      from: time('from'),
      to: time('to'),
      host: params.get('host') || null,
      tag: params.get('tag') || null,
      health: health === 'abnormal' || health === 'tolerable' ? health : null,
      segments,
    },
    error,
  };
}
