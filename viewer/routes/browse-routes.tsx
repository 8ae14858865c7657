import { useEffect, useMemo } from 'preact/hooks';
import type { SessionSource } from '../sources/session-source';
import { createGoalStore, type GoalStore } from '../state/goal-store';
import { hashOf, type ViewerRoute } from '../state/hash-route';
import { listFiltersOf } from '../state/linked-filters';
import { createOverviewStore, type OverviewStore } from '../state/overview-store';
import { createSessionListStore, type SessionListStore } from '../state/session-list-store';
import { OverviewRoute } from './overview-route';
import { SessionListRoute } from './session-list-route';

/** The list's and the overview's state, kept by the shell while a session is open. */
export interface BrowseStores {
  list: SessionListStore;
  goals: GoalStore;
  overview: OverviewStore;
}

/** The session list or the overview; their code is a chunk the session route never waits for. */
export function BrowseRoutes({
  source,
  route,
  stores,
}: {
  source: SessionSource;
  route: Extract<ViewerRoute, { name: 'list' | 'overview' }>;
  /** Filled on the first visit and kept by the shell: back from a session finds the same filters. */
  stores: { current: BrowseStores | null };
}) {
  const { list: listStore, goals, overview: overviewStore } = (stores.current ??= storesFor(route));
  const linked = route.linked;
  // A link (from the overview, or to it) sets the filters it carries, before the page reads them.
  useMemo(() => {
    if (!linked) return;
    if (route.name === 'overview') overviewStore.setFilters({ ...linked, segments: [] });
    else {
      listStore.filters.value = listFiltersOf(linked);
      listStore.linkError.value = route.name === 'list' ? (route.error ?? null) : null;
    }
  }, [linked]);
  useEffect(() => {
    // Applied once: back from a session returns to the list as the person left it, not the link.
    if (route.name === 'list' && linked) history.replaceState(null, '', hashOf({ name: 'list' }));
  }, [linked]);
  if (route.name === 'overview')
    return <OverviewRoute source={source} store={overviewStore} goals={goals} />;
  return <SessionListRoute source={source} store={listStore} />;
}

function storesFor(route: ViewerRoute): BrowseStores {
  const goals = createGoalStore();
  return {
    list: createSessionListStore(),
    goals,
    // The first route only seeds it; later links set its filters (above).
    overview: createOverviewStore(goals, route.name === 'overview' ? route.linked : undefined),
  };
}
