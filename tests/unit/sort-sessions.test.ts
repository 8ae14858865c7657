import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../shared/db/schema';
import {
  DEFAULT_SORT,
  nextSort,
  sortSessions,
  type SessionSort,
  type SortColumn,
} from '../../viewer/state/sort-sessions';
import { MINUTE_MS, sessionRow, summary, T0 } from '../fixtures/session-rows';

/** `ids(rows, 'duration desc')`: the row ids in that order. */
function ids(rows: SessionRow[], spec: `${SortColumn} ${SessionSort['direction']}`): string[] {
  const [column, direction] = spec.split(' ') as [SortColumn, SessionSort['direction']];
  return sortSessions(rows, { column, direction }).map((row) => row.id);
}

const short = sessionRow({
  id: 'short',
  startedAt: T0,
  host: 'b.example',
  title: 'beta 10',
  summary: summary({ wallMs: 1 * MINUTE_MS, activeMs: 30_000, pages: 4, failedActions: 0 }),
});
const long = sessionRow({
  id: 'long',
  startedAt: T0 + 1000,
  host: 'a.example',
  title: 'Alpha',
  summary: summary({
    wallMs: 60 * MINUTE_MS,
    activeMs: 10 * MINUTE_MS,
    pages: 2,
    failedActions: 3,
    health: 'abnormal',
    worstVital: { name: 'INP', value: 600, rating: 'poor', url: 'https://a.example/' },
  }),
});
const middle = sessionRow({
  id: 'middle',
  startedAt: T0 + 2000,
  host: 'c.example',
  title: 'beta 9',
  summary: summary({
    wallMs: 10 * MINUTE_MS,
    activeMs: 5 * MINUTE_MS,
    pages: 1,
    failedActions: 1,
    worstVital: { name: 'LCP', value: 3000, rating: 'needs-improvement', url: '' },
  }),
});
/** Still recording: 20 minutes so far, nothing analysed. */
const recording = sessionRow({
  id: 'recording',
  startedAt: T0 + 3000,
  host: 'd.example',
  title: 'Zulu',
  pageCount: 3,
  summary: null,
  endedAt: null,
  endReason: null,
  lastEventAt: T0 + 3000 + 20 * MINUTE_MS,
});
const rows = [short, long, middle, recording];

describe('sortSessions', () => {
  it('starts with the newest first', () => {
    expect(sortSessions(rows, DEFAULT_SORT).map((r) => r.id)).toEqual([
      'recording',
      'middle',
      'long',
      'short',
    ]);
  });

  it('sorts by wall duration, a recording session by its events so far', () => {
    expect(ids(rows, 'duration desc')).toEqual(['long', 'recording', 'middle', 'short']);
    expect(ids(rows, 'duration asc')).toEqual(['short', 'middle', 'recording', 'long']);
  });

  it('puts rows without a value last in both directions', () => {
    expect(ids(rows, 'active desc')).toEqual(['long', 'middle', 'short', 'recording']);
    expect(ids(rows, 'active asc')).toEqual(['short', 'middle', 'long', 'recording']);
  });

  it('sorts names A→Z ignoring case, numbers as numbers', () => {
    expect(ids(rows, 'title asc')).toEqual(['long', 'middle', 'short', 'recording']);
  });

  it("sorts by the person's own name where there is one", () => {
    const renamed = sessionRow({ id: 'renamed', title: 'Zzz', label: 'Aardvark' });
    expect(ids([...rows, renamed], 'title asc')[0]).toBe('renamed');
  });

  it('sorts by site', () => {
    expect(ids(rows, 'site asc')).toEqual(['long', 'short', 'middle', 'recording']);
    expect(ids(rows, 'site desc')).toEqual(['recording', 'middle', 'short', 'long']);
  });

  it('sorts by pages, from the analysis or else the row', () => {
    expect(ids(rows, 'pages desc')).toEqual(['short', 'recording', 'long', 'middle']);
  });

  it('sorts by failed actions, most first', () => {
    expect(ids(rows, 'failed desc')).toEqual(['long', 'middle', 'short', 'recording']);
  });

  it('sorts abnormal before tolerable, unanalysed last', () => {
    expect(ids(rows, 'health desc')).toEqual(['long', 'short', 'middle', 'recording']);
  });

  it('sorts the worst vital by rating, then by how far past its threshold', () => {
    const worse = sessionRow({
      id: 'worse',
      summary: summary({
        worstVital: { name: 'LCP', value: 8000, rating: 'poor', url: '' },
      }),
    });
    expect(ids([...rows, worse], 'vital desc')).toEqual([
      'worse',
      'long',
      'middle',
      'short',
      'recording',
    ]);
  });

  it('keeps the given order of equal rows in both directions', () => {
    const same = ['x', 'y', 'z'].map((id) => sessionRow({ id, summary: summary({ pages: 2 }) }));
    expect(ids(same, 'pages desc')).toEqual(['x', 'y', 'z']);
    expect(ids(same, 'pages asc')).toEqual(['x', 'y', 'z']);
  });

  it('does not change the given array', () => {
    const given = [...rows];
    sortSessions(given, { column: 'duration', direction: 'desc' });
    expect(given).toEqual(rows);
  });
});

describe('nextSort', () => {
  it('flips the direction of the sorted column', () => {
    expect(nextSort({ column: 'duration', direction: 'desc' }, 'duration')).toEqual({
      column: 'duration',
      direction: 'asc',
    });
  });

  it('starts another column at its natural direction: text A→Z, numbers largest first', () => {
    expect(nextSort(DEFAULT_SORT, 'title')).toEqual({ column: 'title', direction: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'duration')).toEqual({ column: 'duration', direction: 'desc' });
  });
});
