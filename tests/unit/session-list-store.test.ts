import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../shared/db/schema';
import type {
  SessionFacets,
  SessionQuery,
  SessionSource,
} from '../../viewer/sources/session-source';
import { matchesQuery } from '../../viewer/state/filter-sessions';
import { createSessionListStore } from '../../viewer/state/session-list-store';
import { sessionRow, summary, T0 } from '../fixtures/session-rows';

/**
 * A source whose answers the test releases by hand (`answer()`), recording every query it was
 * asked, like the database would answer them: by the query alone.
 */
function fakeSource(rows: SessionRow[], newest: SessionRow[] = []) {
  const queries: SessionQuery[] = [];
  const waiting: Array<() => void> = [];
  let stopped = 0;
  const source = {
    kind: 'extension',
    watchSessions(query: SessionQuery, onRows: (rows: SessionRow[]) => void) {
      queries.push(query);
      waiting.push(() => onRows(rows.filter((row) => matchesQuery(row, query))));
      return () => void (stopped += 1);
    },
    readNewest: async () => newest,
    watchFacets(onFacets: (facets: SessionFacets) => void) {
      onFacets({ total: rows.length, hosts: [], tags: [] });
      return () => {};
    },
  } as unknown as SessionSource;
  return {
    source,
    queries,
    stopped: () => stopped,
    /** Delivers every pending answer. */
    answer: () => waiting.splice(0).forEach((deliver) => deliver()),
  };
}

const shop = sessionRow({ id: 'shop', startedAt: T0, host: 'shop.example', title: 'Shop' });
const docs = sessionRow({
  id: 'docs',
  startedAt: T0 + 1000,
  host: 'docs.example',
  firstUrl: 'https://docs.example/',
  title: 'Docs',
  summary: summary({ health: 'abnormal', failedActions: 2 }),
});
const ids = (rows: readonly SessionRow[]) => rows.map((row) => row.id);

describe('createSessionListStore', () => {
  it('is loading until the first answer, then shows rows newest first', () => {
    const store = createSessionListStore();
    const fake = fakeSource([shop, docs]);
    store.connect(fake.source);
    expect(store.status.value).toBe('loading');
    fake.answer();
    expect(store.status.value).toBe('ready');
    expect(ids(store.visible.value)).toEqual(['docs', 'shop']);
  });

  it('shows the newest rows first, counting them all, until the whole list arrives', async () => {
    const store = createSessionListStore();
    const fake = fakeSource([shop, docs], [docs]);
    store.connect(fake.source);
    await Promise.resolve();
    expect(store.status.value).toBe('updating');
    expect(ids(store.visible.value)).toEqual(['docs']);
    expect(store.count.value).toBe(2);
    fake.answer();
    expect(store.status.value).toBe('ready');
    expect(ids(store.visible.value)).toEqual(['docs', 'shop']);
  });

  it('does not show the newest rows as the top of a list sorted otherwise', async () => {
    const store = createSessionListStore({ sort: { column: 'title', direction: 'asc' } });
    const fake = fakeSource([shop, docs], [docs]);
    store.connect(fake.source);
    await Promise.resolve();
    expect(store.status.value).toBe('loading');
    expect(store.visible.value).toEqual([]);
  });

  it('searches in memory: typing does not ask the database again', () => {
    const store = createSessionListStore();
    const fake = fakeSource([shop, docs]);
    store.connect(fake.source);
    fake.answer();
    store.setFilters({ text: 'shop' });
    store.setFilters({ text: 'sho', failedOnly: false });
    expect(fake.queries).toEqual([{}]);
    expect(ids(store.visible.value)).toEqual(['shop']);
  });

  it('asks the database again for an indexed filter, keeping the last rows until it answers', () => {
    const store = createSessionListStore();
    const fake = fakeSource([shop, docs]);
    store.connect(fake.source);
    fake.answer();
    store.setFilters({ health: 'abnormal' });
    expect(fake.queries).toEqual([{}, { health: 'abnormal' }]);
    expect(fake.stopped()).toBe(1);
    expect(store.status.value).toBe('updating');
    expect(ids(store.visible.value)).toEqual(['docs', 'shop']);
    fake.answer();
    expect(store.status.value).toBe('ready');
    expect(ids(store.visible.value)).toEqual(['docs']);
  });

  it('says "empty" when nothing was recorded and "no-match" when filters leave nothing', () => {
    const none = createSessionListStore();
    const empty = fakeSource([]);
    none.connect(empty.source);
    empty.answer();
    expect(none.status.value).toBe('empty');

    const some = createSessionListStore();
    const fake = fakeSource([shop]);
    some.connect(fake.source);
    fake.answer();
    some.setFilters({ text: 'nothing like this' });
    expect(some.status.value).toBe('no-match');
    some.clearFilters();
    expect(some.status.value).toBe('ready');
  });

  it('sorts by a column, flipping on the second click', () => {
    const store = createSessionListStore();
    const fake = fakeSource([shop, docs]);
    store.connect(fake.source);
    fake.answer();
    store.sortBy('title');
    expect(ids(store.visible.value)).toEqual(['docs', 'shop']);
    store.sortBy('title');
    expect(ids(store.visible.value)).toEqual(['shop', 'docs']);
  });

  it('acts only on ticked rows that are still shown', () => {
    const store = createSessionListStore();
    const fake = fakeSource([shop, docs]);
    store.connect(fake.source);
    fake.answer();
    store.selectAll(true);
    expect(ids(store.selected.value)).toEqual(['docs', 'shop']);
    store.setFilters({ text: 'docs' });
    expect(ids(store.selected.value)).toEqual(['docs']);
    store.toggleSelected('docs');
    expect(ids(store.selected.value)).toEqual([]);
  });

  it('stops reading the source when disconnected', () => {
    const store = createSessionListStore();
    const fake = fakeSource([shop]);
    const stop = store.connect(fake.source);
    stop();
    expect(fake.stopped()).toBe(1);
    store.setFilters({ host: 'shop.example' });
    expect(fake.queries).toEqual([{}]);
  });
});
