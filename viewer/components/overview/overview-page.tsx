import { useEffect, useLayoutEffect } from 'preact/hooks';
import type { SessionSource } from '../../sources/session-source';
import type { GoalStore } from '../../state/goal-store';
import { hashOf } from '../../state/hash-route';
import { OVERVIEW_MARKS, type OverviewStore } from '../../state/overview-store';
import { ConversionsSection } from './conversions-section';
import { FailuresSection } from './failures-section';
import { FlowSection } from './flow-section';
import { formatCount } from './format';
import { hrefBuilder } from './link-context';
import { OverviewFilters } from './overview-filters';
import { SessionsSection } from './sessions-section';
import { TrafficSection } from './traffic-section';
import { VitalsSection } from './vitals-section';
import './overview.css';

/** User Timing: from the rows' arrival to the overview painted (the M1 bench reads it). */
export const OVERVIEW_RENDER = 'tabreel:overview-render';

export function OverviewPage({
  source,
  store,
  goals,
}: {
  source: SessionSource;
  store: OverviewStore;
  goals: GoalStore;
}) {
  useEffect(() => store.connect(source), [source, store]);
  const filters = store.filters.value;
  const overview = store.overview.value;
  const error = store.error.value;
  // The address keeps the overview's filters, so a reload or a shared link shows the same sessions.
  useEffect(() => {
    history.replaceState(null, '', hashOf({ name: 'overview', linked: filters }));
  }, [filters]);
  useLayoutEffect(() => {
    if (!overview || performance.getEntriesByName(OVERVIEW_MARKS.rows).length === 0) return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        performance.clearMeasures(OVERVIEW_RENDER);
        performance.measure(OVERVIEW_RENDER, OVERVIEW_MARKS.rows);
      }),
    );
  }, [overview]);
  const hrefOf = hrefBuilder({ ...filters, segments: [] });
  return (
    <section class="overview-page" aria-labelledby="overview-title">
      <header class="list-header">
        <h1 id="overview-title">Overview</h1>
        {overview && (
          <p class="result-count" role="status" data-testid="overview-count">
            {formatCount(overview.analyzed)} {overview.analyzed === 1 ? 'session' : 'sessions'}
            {overview.rows > overview.analyzed &&
              ` · ${formatCount(overview.rows - overview.analyzed)} not analysed yet (not counted)`}
            {overview.withoutFacts > 0 &&
              ` · ${formatCount(overview.withoutFacts)} analysed under older rules (being re-analysed)`}
          </p>
        )}
        <div class="list-actions">
          <a class="button" href={hashOf({ name: 'list', linked: { ...filters, segments: [] } })}>
            ← Sessions
          </a>
        </div>
      </header>
      <OverviewFilters store={store} />
      {error ? (
        <p class="error" role="alert">
          Could not read the sessions: {error}
        </p>
      ) : !overview ? (
        <p class="state">Loading…</p>
      ) : overview.analyzed === 0 ? (
        <p class="state">No analysed sessions match these filters.</p>
      ) : (
        <div class="overview-sections">
          <SessionsSection data={overview.sessions} unit={overview.unit} hrefOf={hrefOf} />
          <FailuresSection
            data={overview.failures}
            total={overview.analyzed}
            unit={overview.unit}
            hrefOf={hrefOf}
          />
          <VitalsSection data={overview.vitals} hrefOf={hrefOf} />
          <ConversionsSection data={overview.conversions} goals={goals} hrefOf={hrefOf} />
          <FlowSection data={overview.flow} hrefOf={hrefOf} />
          <TrafficSection data={overview.traffic} hrefOf={hrefOf} />
        </div>
      )}
    </section>
  );
}
