import type { Signal } from '@preact/signals';
import type { PageVisit } from '../../../shared/analysis/build-flow';
import type { PageVitals } from '../../../shared/analysis/collect-page-vitals';
import type { FailedAction } from '../../../shared/analysis/failed-action';
import { formatDuration } from '../../../shared/format/format-duration';
import { formatVital } from '../../../shared/signals/vital-thresholds';
import type { VitalName } from '../../../shared/signals/signal-events';
import { formatClock } from '../../state/format-clock';
import { activeIndex } from '../../state/session-view';
import { sitePath } from '../../../shared/format/url-parts';

const MOVE_LABELS: Record<PageVisit['move'], string> = {
  entry: 'Entry',
  navigate: 'Navigated',
  reload: 'Reloaded',
  back: 'Back',
  forward: 'Forward',
  replace: 'Replaced',
};

/** The pages in order as a path: time on each, how it was reached, its vitals and failures. */
export function FlowPanel({
  pages,
  vitals,
  failures,
  origin,
  now,
  onOpen,
}: {
  pages: readonly PageVisit[];
  vitals: readonly PageVitals[];
  failures: readonly FailedAction[];
  origin: number;
  now: Signal<number>;
  onOpen: (index: number) => void;
}) {
  if (pages.length === 0) return <p class="panel-empty">No page view was recorded.</p>;
  const active = activeIndex(pages, origin + now.value, (p) => p.enteredAt);
  return (
    <ol class="flow" aria-label="Pages in order">
      {pages.map((page, i) => {
        const pageFailures = failures.filter(
          (f) =>
            f.timestamp >= page.enteredAt && (f.timestamp < page.leftAt || i === pages.length - 1),
        ).length;
        const pageVitals =
          page.kind === 'load' ? vitals.find((v) => v.enteredAt === page.enteredAt) : undefined;
        return (
          <li key={i} data-active={i === active} class="flow-step">
            <button type="button" class="entry flow-page" onClick={() => onOpen(i)}>
              <span class="entry-time">{formatClock(page.enteredAt - origin)}</span>
              <span class="entry-main">
                <span class="flow-title">
                  {i === pages.length - 1 && pages.length > 1 ? 'Exit · ' : ''}
                  {MOVE_LABELS[page.move]}: {page.title || sitePath(page.url)}
                </span>
                <span class="page">{sitePath(page.url)}</span>
                <span class="flow-stats">
                  {formatDuration(page.wallMs)} on page · {formatDuration(page.activeMs)} active
                  {page.kind === 'route' ? ' · route change' : ''}
                  {pageFailures > 0 && (
                    <span class="flow-failures">
                      {' '}
                      · {pageFailures} failure{pageFailures === 1 ? '' : 's'}
                    </span>
                  )}
                </span>
                {pageVitals && Object.keys(pageVitals.vitals).length > 0 && (
                  <span class="vitals">
                    {Object.entries(pageVitals.vitals).map(([name, v]) => (
                      <span key={name} class={`vital rating-${v.rating}`} title={v.rating}>
                        {name} {formatVital(name as VitalName, v.value)}
                      </span>
                    ))}
                  </span>
                )}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
