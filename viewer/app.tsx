import { useRef } from 'preact/hooks';
import type { BrowseStores } from './routes/browse-routes';
import { SessionRoute } from './routes/session-route';
import type { SessionSource } from './sources/session-source';
import { lazyComponent } from './state/lazy-component';
import { useHashRoute } from './state/use-hash-route';

// The list and the overview (d3, the list's tables, the overview's aggregates) load as their own
// chunk: a session opened by its address evaluates none of that before its first frame (P1).
const BrowseRoutes = lazyComponent(
  async () => (await import('./routes/browse-routes')).BrowseRoutes,
);

/** The viewer's shell: the session list, the overview, or one session, by the address bar's hash. */
export function App({ source }: { source: SessionSource }) {
  const route = useHashRoute();
  // Outlive the list route: back from a session finds the same filters, sort and scroll.
  const stores = useRef<BrowseStores | null>(null);
  if (route.name === 'session')
    return <SessionRoute key={route.id} source={source} id={route.id} startAt={route.t} />;
  return <BrowseRoutes source={source} route={route} stores={stores} />;
}
