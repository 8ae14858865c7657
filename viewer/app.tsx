import { useEffect, useMemo } from 'preact/hooks';
import { OverviewRoute } from './routes/overview-route';
import { SessionListRoute } from './routes/session-list-route';
import { SessionRoute } from './routes/session-route';
import type { SessionSource } from './sources/session-source';
import { createGoalStore } from './state/goal-store';
import { hashOf } from './state/hash-route';
import { listFiltersOf } from './state/linked-filters';
import { createOverviewStore } from './state/overview-store';
import { createSessionListStore } from './state/session-list-store';
import { useHashRoute } from './state/use-hash-route';

/** The viewer's shell: the session list, the overview, or one session, by the address bar's hash. */
export function App({ source }: { source: SessionSource }) {
  const route = useHashRoute();
  // Outlives the list route: back from a session finds the same filters, sort and scroll.
  const listStore = useMemo(() => createSessionListStore(), []);
  const goals = useMemo(() => createGoalStore(), []);
  const overviewStore = useMemo(
    () => createOverviewStore(goals, route.name === 'overview' ? route.linked : undefined),
    // The first route only seeds it; later links set its filters below.
    [goals],
  );
  const linked = route.name === 'list' || route.name === 'overview' ? route.linked : undefined;
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
  if (route.name === 'session')
    return <SessionRoute key={route.id} source={source} id={route.id} startAt={route.t} />;
  if (route.name === 'overview')
    return <OverviewRoute source={source} store={overviewStore} goals={goals} />;
  return <SessionListRoute source={source} store={listStore} />;
}
