import type { Signal } from '@preact/signals';
import { useState } from 'preact/hooks';
import { formatClock } from '../../state/format-clock';
import { activeIndex, type ConsoleEntry } from '../../state/session-view';
import { useFollowActive } from '../../state/use-follow-active';

type Level = 'all' | 'error' | 'warn';

const SOURCE_LABELS: Record<ConsoleEntry['source'], string> = {
  console: 'console',
  uncaught: 'uncaught',
  rejection: 'unhandled rejection',
};

/** Console errors and warnings, uncaught errors and rejections, filtered by level. */
export function ConsolePanel({
  entries,
  origin,
  now,
  onSeek,
}: {
  entries: readonly ConsoleEntry[];
  origin: number;
  now: Signal<number>;
  onSeek: (timestamp: number) => void;
}) {
  const [level, setLevel] = useState<Level>('all');
  const shown = level === 'all' ? entries : entries.filter((e) => e.level === level);
  const active = activeIndex(shown, origin + now.value, (e) => e.timestamp);
  const list = useFollowActive(active);
  return (
    <div>
      <div class="filters" role="group" aria-label="Level">
        {(['all', 'error', 'warn'] as const).map((l) => (
          <button key={l} type="button" aria-pressed={level === l} onClick={() => setLevel(l)}>
            {l === 'all' ? `All (${entries.length})` : l === 'error' ? 'Errors' : 'Warnings'}
          </button>
        ))}
      </div>
      {shown.length === 0 ? (
        <p class="panel-empty">
          No console{' '}
          {level === 'all' ? 'errors or warnings' : level === 'error' ? 'errors' : 'warnings'}.
        </p>
      ) : (
        <ol class="entries" ref={list} aria-label="Console">
          {shown.map((entry, i) => (
            <li key={i} data-active={i === active}>
              <button
                type="button"
                class={`entry console level-${entry.level}`}
                onClick={() => onSeek(entry.timestamp)}
              >
                <span class="entry-time">{formatClock(entry.timestamp - origin)}</span>
                <span class={`badge level-${entry.level}`}>{SOURCE_LABELS[entry.source]}</span>
                <span class="entry-main">
                  <span class="message">{entry.message}</span>
                  {entry.stack && <pre class="stack">{entry.stack}</pre>}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
