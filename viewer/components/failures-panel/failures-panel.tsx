import type { Signal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import type { FailedAction } from '../../../shared/analysis/failed-action';
import type { SlowClick } from '../../../shared/analysis/detect-failed-actions';
import { FAILURE_LABELS } from '../../../shared/replay/replay-timeline';
import { formatClock } from '../../state/format-clock';
import { sitePath } from '../../../shared/format/url-parts';
import { groupRepeatedFailures } from '../../state/group-failures';
import { activeIndex } from '../../state/session-view';
import { useFollowActive } from '../../state/use-follow-active';

/** Every failed action and failure; clicking one shows the replay just before it. */
export function FailuresPanel({
  failures,
  markers,
  slowClicks,
  origin,
  now,
  onOpen,
}: {
  failures: readonly FailedAction[];
  markers: ReadonlyArray<{ timestamp: number; note: string; page: string }>;
  slowClicks: readonly SlowClick[];
  origin: number;
  now: Signal<number>;
  onOpen: (failure: { timestamp: number; selector: string | null }) => void;
}) {
  const groups = useMemo(() => groupRepeatedFailures(failures), [failures]);
  const active = activeIndex(groups, origin + now.value, (g) => g.first.timestamp);
  const list = useFollowActive(active);
  return (
    <div class="failures-panel">
      {markers.length > 0 && (
        <>
          <h3 class="panel-subtitle">Markers</h3>
          <ol class="entries" aria-label="Markers">
            {markers.map((marker, i) => (
              <li key={i}>
                <button
                  type="button"
                  class="entry"
                  onClick={() => onOpen({ timestamp: marker.timestamp, selector: null })}
                >
                  <span class="entry-time">{formatClock(marker.timestamp - origin)}</span>
                  <span class="badge kind-marker">Marker</span>
                  <span class="entry-main">
                    <span class="evidence">{marker.note || 'No note'}</span>
                    <span class="page">{sitePath(marker.page)}</span>
                  </span>
                </button>
              </li>
            ))}
          </ol>
          <h3 class="panel-subtitle">Failures</h3>
        </>
      )}
      {failures.length === 0 && slowClicks.length === 0 && (
        <p class="panel-empty">No failed actions, errors or failed requests in this session.</p>
      )}
      <ol class="entries" ref={list} aria-label="Failed actions">
        {groups.map(({ first: failure, count, lastAt }, i) => (
          <li key={i} data-active={i === active}>
            <button
              type="button"
              class={`entry failure kind-${failure.kind}`}
              onClick={() =>
                onOpen({ timestamp: failure.timestamp, selector: failure.target?.selector ?? null })
              }
            >
              <span class="entry-time">{formatClock(failure.timestamp - origin)}</span>
              <span class={`badge kind-${failure.kind}`}>{FAILURE_LABELS[failure.kind]}</span>
              <span class="entry-main">
                {failure.target && (
                  <span class="target">
                    {failure.target.role} “{failure.target.name || failure.target.selector}”
                  </span>
                )}
                <span class="evidence">{failure.evidence}</span>
                <span class="page">
                  {sitePath(failure.page)}
                  {count > 1 && (
                    <span class="repeats" data-testid="failure-repeats">
                      {' '}
                      · {count.toLocaleString()} times, until {formatClock(lastAt - origin)}
                    </span>
                  )}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ol>
      {slowClicks.length > 0 && (
        <>
          <h3 class="panel-subtitle">Slow clicks (answered after 2.5 s)</h3>
          <ol class="entries">
            {slowClicks.map((click, i) => (
              <li key={i}>
                <button
                  type="button"
                  class="entry"
                  onClick={() =>
                    onOpen({ timestamp: click.timestamp, selector: click.target?.selector ?? null })
                  }
                >
                  <span class="entry-time">{formatClock(click.timestamp - origin)}</span>
                  <span class="badge kind-slow">Slow</span>
                  <span class="entry-main">
                    <span class="target">
                      {click.target?.role} “{click.target?.name || click.target?.selector}”
                    </span>
                    <span class="evidence">
                      Answered after {(click.reactedAfterMs / 1000).toFixed(1)} s
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
