import { useState } from 'preact/hooks';
import { MAX_GOAL_TEXT, type Goal } from '../../../shared/metrics/goal';
import { MAX_GOALS, type GoalStore } from '../../state/goal-store';

/** Adds, orders and removes the conversion goals (their order is the funnel's). */
export function GoalEditor({ store }: { store: GoalStore }) {
  const goals = store.goals.value;
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Goal['kind']>('url');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: Event) => {
    event.preventDefault();
    const value = text.trim();
    if (value === '') {
      setError(
        kind === 'url'
          ? 'Give the page’s address pattern, e.g. /checkout/*/done.'
          : 'Give the button’s name or selector.',
      );
      return;
    }
    const label = name.trim() || value;
    store.add(
      kind === 'url' ? { name: label, kind, pattern: value } : { name: label, kind, target: value },
    );
    setName('');
    setText('');
    setError(null);
  };
  return (
    <div class="goal-editor">
      <ol class="goal-list" aria-label="Goals, in funnel order">
        {goals.map((goal, i) => (
          <li key={goal.id}>
            <span class="goal-name">{goal.name}</span>
            <span class="goal-rule">
              {goal.kind === 'url' ? `reached ${goal.pattern}` : `clicked “${goal.target}”`}
            </span>
            <button
              type="button"
              class="icon-button"
              aria-label={`Move ${goal.name} up`}
              disabled={i === 0}
              onClick={() => store.move(goal.id, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              class="icon-button"
              aria-label={`Move ${goal.name} down`}
              disabled={i === goals.length - 1}
              onClick={() => store.move(goal.id, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              class="icon-button"
              aria-label={`Remove ${goal.name}`}
              onClick={() => store.remove(goal.id)}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      {goals.length < MAX_GOALS && (
        <form class="goal-form" onSubmit={submit} aria-label="Add a goal">
          <input
            aria-label="Goal name"
            placeholder="Name (e.g. Checkout done)"
            maxLength={MAX_GOAL_TEXT}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <select
            aria-label="Goal kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as Goal['kind'])}
          >
            <option value="url">Page reached</option>
            <option value="click">Target clicked</option>
          </select>
          <input
            aria-label={kind === 'url' ? 'Page address pattern' : 'Target name or selector'}
            placeholder={kind === 'url' ? '/checkout/*/done' : 'Pay now, or #pay'}
            maxLength={MAX_GOAL_TEXT}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <button type="submit" class="button">
            Add goal
          </button>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
