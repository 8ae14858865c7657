import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../shared/db/schema';
import type { SessionFacets, SessionSource } from '../../viewer/sources/session-source';
import { createGoalStore } from '../../viewer/state/goal-store';
import { createOverviewStore } from '../../viewer/state/overview-store';
import { analyzed } from '../fixtures/analyzed-sessions';
import { sessionRow, T0 } from '../fixtures/session-rows';

/** A source that answers whenever the test says, with whatever rows it gives. */
function fakeSource() {
  let deliver: (rows: SessionRow[]) => void = () => {};
  const source = {
    kind: 'extension',
    watchSessions(_query: unknown, onRows: (rows: SessionRow[]) => void) {
      deliver = onRows;
      return () => {};
    },
    watchFacets(onFacets: (facets: SessionFacets) => void) {
      onFacets({ total: 0, hosts: [], tags: ['qa'] });
      return () => {};
    },
  } as unknown as SessionSource;
  return { source, answer: (rows: SessionRow[]) => deliver(rows) };
}

const memory = () => {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
};

describe('createOverviewStore', () => {
  const a = analyzed('a', { summary: { bounce: true }, row: { tags: ['qa'] } });
  const b = analyzed('b');
  const recording = (lastEventAt: number) =>
    sessionRow({ id: 'open', summary: null, endedAt: null, lastEventAt, startedAt: T0 });

  it('counts analysed sessions only, and says how many are not analysed yet', () => {
    const store = createOverviewStore(createGoalStore(memory()));
    const fake = fakeSource();
    store.connect(fake.source);
    expect(store.overview.value).toBeNull();
    fake.answer([a, b, recording(T0)]);
    expect(store.overview.value).toMatchObject({ rows: 3, analyzed: 2 });
    expect(store.overview.value?.sessions.bounce.count).toBe(1);
    store.setFilters({ tag: 'qa' });
    expect(store.overview.value).toMatchObject({ rows: 1, analyzed: 1 });
  });

  it('does not compute again when only a session still recording changed', () => {
    const store = createOverviewStore(createGoalStore(memory()));
    const fake = fakeSource();
    store.connect(fake.source);
    fake.answer([a, b, recording(T0)]);
    const first = store.overview.value;
    fake.answer([a, b, recording(T0 + 1000)]);
    expect(store.overview.value).toBe(first);
    fake.answer([a, analyzed('b'), recording(T0 + 2000)]);
    expect(store.overview.value).not.toBe(first);
  });
});
