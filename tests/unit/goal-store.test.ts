import { describe, expect, it } from 'vitest';
import { createGoalStore, GOALS_KEY, readGoals } from '../../viewer/state/goal-store';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

describe('goal store', () => {
  it('keeps goals in funnel order across reloads, moved and removed by the person', () => {
    const storage = memoryStorage();
    let n = 0;
    const store = createGoalStore(storage, () => `g${++n}`);
    store.add({ name: 'Paid', kind: 'click', target: 'Pay now' });
    store.add({ name: 'Cart', kind: 'url', pattern: '/cart' });
    store.move('g2', -1);
    expect(createGoalStore(storage).goals.value.map((g) => g.name)).toEqual(['Cart', 'Paid']);
    store.remove('g2');
    expect(readGoals(storage).map((g) => g.id)).toEqual(['g1']);
  });

  it('drops saved entries that are not goals, and survives a broken value', () => {
    const good = { id: 'a', name: 'Cart', kind: 'url', pattern: '/cart' };
    const saved = JSON.stringify([good, { id: 'b', name: 'x', kind: 'eval', code: '1' }, 3]);
    expect(readGoals(memoryStorage({ [GOALS_KEY]: saved }))).toEqual([good]);
    expect(readGoals(memoryStorage({ [GOALS_KEY]: '{not json' }))).toEqual([]);
  });
});
