import { signal, type Signal } from '@preact/signals';
import { MAX_GOAL_TEXT, type Goal } from '../../shared/metrics/goal';

/** Where this viewer keeps its goals: per origin (the extension's, or the standalone viewer's). */
export const GOALS_KEY = 'tabreel.goals';
export const MAX_GOALS = 10;

/** A goal before it has an id. */
export type GoalDraft =
  { name: string; kind: 'url'; pattern: string } | { name: string; kind: 'click'; target: string };

export interface GoalStore {
  /** In funnel order. */
  goals: Signal<readonly Goal[]>;
  add(goal: GoalDraft): void;
  remove(id: string): void;
  /** Moves a goal one place up (-1) or down (+1) in the funnel. */
  move(id: string, by: -1 | 1): void;
}

/** Goals saved before, dropping any entry that is not a goal (a hand-edited or older value). */
export function readGoals(storage: Pick<Storage, 'getItem'>): Goal[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(GOALS_KEY) ?? '[]');
    if (!Array.isArray(value)) return [];
    return value.filter(isGoal).slice(0, MAX_GOALS);
  } catch {
    return [];
  }
}

function isGoal(v: unknown): v is Goal {
  if (typeof v !== 'object' || v === null) return false;
  const g = v as Record<string, unknown>;
  const text = (x: unknown) => typeof x === 'string' && x.length > 0 && x.length <= MAX_GOAL_TEXT;
  return (
    text(g['id']) &&
    text(g['name']) &&
    ((g['kind'] === 'url' && text(g['pattern'])) || (g['kind'] === 'click' && text(g['target'])))
  );
}

export function createGoalStore(
  storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage,
  newId: () => string = () => crypto.randomUUID(),
): GoalStore {
  const goals = signal<readonly Goal[]>(readGoals(storage));
  const save = (next: readonly Goal[]) => {
    goals.value = next;
    try {
      storage.setItem(GOALS_KEY, JSON.stringify(next));
    } catch {
      // Storage full or blocked: the goals still apply until the page closes.
    }
  };
  return {
    goals,
    add(goal) {
      if (goals.value.length >= MAX_GOALS) return;
      save([...goals.value, { ...goal, id: newId() }]);
    },
    remove(id) {
      save(goals.value.filter((g) => g.id !== id));
    },
    move(id, by) {
      const list = [...goals.value];
      const i = list.findIndex((g) => g.id === id);
      const j = i + by;
      if (i < 0 || j < 0 || j >= list.length) return;
      [list[i], list[j]] = [list[j]!, list[i]!];
      save(list);
    },
  };
}
