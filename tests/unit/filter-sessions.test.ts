import { describe, expect, it } from 'vitest';
import {
  filterSessions,
  hasFilters,
  matchesQuery,
  NO_FILTERS,
  queryOf,
  type SessionFilters,
} from '../../viewer/state/filter-sessions';
import { sessionRow, summary, T0 } from '../fixtures/session-rows';

const DAY_MS = 86_400_000;

const checkout = sessionRow({
  id: 'checkout',
  title: 'Checkout — Shop',
  firstUrl: 'https://shop.example/cart',
});
const docsHome = sessionRow({
  id: 'docs-home',
  startedAt: T0 + DAY_MS,
  host: 'docs.example',
  title: 'Docs home',
  firstUrl: 'https://docs.example/guide/intro',
  tags: ['bug'],
  pinned: 1,
  summary: summary({
    health: 'abnormal',
    healthReasons: ['2 failed actions'],
    failedActions: 2,
    failuresByKind: { 'dead-click': 1, 'rage-click': 1 },
  }),
});
const recording = sessionRow({
  id: 'recording',
  startedAt: T0 + 2 * DAY_MS,
  host: 'news.example',
  title: 'Breaking news',
  firstUrl: 'https://news.example/today',
  label: 'Morning read',
  note: 'Check the paywall',
  summary: null,
  endedAt: null,
  endReason: null,
});
const apiReference = sessionRow({
  id: 'api-reference',
  startedAt: T0 - DAY_MS,
  host: 'docs.example',
  title: 'API reference',
  firstUrl: 'https://docs.example/api',
  summary: summary({
    failedActions: 1,
    failuresByKind: { 'dead-click': 1 },
    exitUrl: 'https://docs.example/api/errors',
  }),
});
const rows = [recording, docsHome, checkout, apiReference];

const ids = (filters: Partial<SessionFilters>) =>
  filterSessions(rows, { ...NO_FILTERS, ...filters }).map((row) => row.id);

describe('filterSessions', () => {
  it('keeps every row, in the given order, without filters', () => {
    expect(ids({})).toEqual(['recording', 'docs-home', 'checkout', 'api-reference']);
  });

  describe('search', () => {
    it('finds words of the title in any case', () => {
      expect(ids({ text: 'docs HOME' })).toEqual(['docs-home']);
    });

    it('finds a part of the first URL', () => {
      expect(ids({ text: 'guide/intro' })).toEqual(['docs-home']);
    });

    it('finds the exit URL', () => {
      expect(ids({ text: 'api/errors' })).toEqual(['api-reference']);
    });

    it('finds the site', () => {
      expect(ids({ text: 'news.example' })).toEqual(['recording']);
    });

    it("finds the person's own name, tags and note", () => {
      expect(ids({ text: 'morning' })).toEqual(['recording']);
      expect(ids({ text: 'bug' })).toEqual(['docs-home']);
      expect(ids({ text: 'paywall' })).toEqual(['recording']);
    });

    it('needs every word to match somewhere in the row', () => {
      expect(ids({ text: 'shop cart' })).toEqual(['checkout']);
      expect(ids({ text: 'shop docs' })).toEqual([]);
    });

    it('treats spaces alone as no search', () => {
      expect(ids({ text: '   ' })).toHaveLength(4);
    });
  });

  it('keeps a start time range: from inclusive, to exclusive', () => {
    expect(ids({ from: T0, to: T0 + DAY_MS })).toEqual(['checkout']);
    expect(ids({ from: T0 + DAY_MS })).toEqual(['recording', 'docs-home']);
    expect(ids({ to: T0 })).toEqual(['api-reference']);
  });

  it('keeps one site', () => {
    expect(ids({ host: 'docs.example' })).toEqual(['docs-home', 'api-reference']);
  });

  it('keeps one health; a session not analysed yet has none', () => {
    expect(ids({ health: 'abnormal' })).toEqual(['docs-home']);
    expect(ids({ health: 'tolerable' })).toEqual(['checkout', 'api-reference']);
  });

  it('keeps sessions with failed actions', () => {
    expect(ids({ failedOnly: true })).toEqual(['docs-home', 'api-reference']);
  });

  it('keeps pinned sessions', () => {
    expect(ids({ pinnedOnly: true })).toEqual(['docs-home']);
  });

  it('combines filters', () => {
    expect(ids({ host: 'docs.example', failedOnly: true, text: 'api' })).toEqual(['api-reference']);
    expect(ids({ host: 'docs.example', pinnedOnly: true, health: 'tolerable' })).toEqual([]);
  });
});

describe('recorded or imported', () => {
  const imported = sessionRow({
    id: 'imported',
    title: 'Checkout from QA',
    imported: {
      from: 'qa-checkout.tabreel',
      at: T0,
      producer: 'Tabreel 0.1.0',
      originalId: 'their-id',
      sha256: '0'.repeat(64),
    },
  });
  const mixed = [checkout, imported, docsHome];
  const origin = (filters: Partial<SessionFilters>) =>
    filterSessions(mixed, { ...NO_FILTERS, ...filters }).map((row) => row.id);

  it('shows both by default, and either one alone', () => {
    expect(origin({})).toEqual(['checkout', 'imported', 'docs-home']);
    expect(origin({ origin: 'recorded' })).toEqual(['checkout', 'docs-home']);
    expect(origin({ origin: 'imported' })).toEqual(['imported']);
    expect(hasFilters({ ...NO_FILTERS, origin: 'imported' })).toBe(true);
  });

  it('finds an imported session by its file name', () => {
    expect(origin({ text: 'qa-checkout.tabreel' })).toEqual(['imported']);
  });
});

describe('queryOf', () => {
  it('asks the database only what its indexes answer', () => {
    expect(queryOf(NO_FILTERS)).toEqual({});
    expect(
      queryOf({
        text: 'cart',
        from: 1,
        to: 2,
        host: 'shop.example',
        health: 'abnormal',
        failedOnly: true,
        pinnedOnly: true,
        origin: 'imported',
        tag: 'qa',
        segments: [{ kind: 'bounce' }],
      }),
    ).toEqual({ from: 1, to: 2, host: 'shop.example', health: 'abnormal', pinned: true });
  });
});

describe('matchesQuery', () => {
  it('checks each field of a source query', () => {
    expect(matchesQuery(docsHome, { host: 'docs.example', pinned: true })).toBe(true);
    expect(matchesQuery(docsHome, { pinned: false })).toBe(false);
    expect(matchesQuery(checkout, { from: T0, to: T0 + 1 })).toBe(true);
    expect(matchesQuery(checkout, { to: T0 })).toBe(false);
  });
});

describe('hasFilters', () => {
  it('is false for no filters and a blank search only', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, text: '  ' })).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, failedOnly: true })).toBe(true);
    expect(hasFilters({ ...NO_FILTERS, from: 0 })).toBe(true);
  });
});

describe('tag and segment filters (links from the overview)', () => {
  const rows = [
    sessionRow({ id: 'tagged-bounce', tags: ['qa'], summary: summary({ bounce: true }) }),
    sessionRow({ id: 'tagged', tags: ['qa', 'beta'] }),
    sessionRow({ id: 'bounce', summary: summary({ bounce: true }) }),
    sessionRow({ id: 'open', summary: null, endedAt: null }),
  ];
  const ids = (filters: Partial<typeof NO_FILTERS>) =>
    filterSessions(rows, { ...NO_FILTERS, ...filters }).map((row) => row.id);

  it('keeps the sessions with the tag, and those every segment matches', () => {
    expect(ids({ tag: 'qa' })).toEqual(['tagged-bounce', 'tagged']);
    expect(ids({ segments: [{ kind: 'bounce' }] })).toEqual(['tagged-bounce', 'bounce']);
    expect(ids({ tag: 'qa', segments: [{ kind: 'bounce' }] })).toEqual(['tagged-bounce']);
    expect(hasFilters({ ...NO_FILTERS, segments: [{ kind: 'bounce' }] })).toBe(true);
  });
});
