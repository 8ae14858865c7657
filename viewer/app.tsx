import { useMemo } from 'preact/hooks';
import { SessionListRoute } from './routes/session-list-route';
import { SessionRoute } from './routes/session-route';
import type { SessionSource } from './sources/session-source';
import { createSessionListStore } from './state/session-list-store';
import { useHashRoute } from './state/use-hash-route';

/** The viewer's shell: the session list, or one session, by the address bar's hash. */
export function App({ source }: { source: SessionSource }) {
  const route = useHashRoute();
  // Outlives the list route: back from a session finds the same filters, sort and scroll.
  const listStore = useMemo(() => createSessionListStore(), []);
  if (route.name === 'session')
    return <SessionRoute key={route.id} source={source} id={route.id} startAt={route.t} />;
  return <SessionListRoute source={source} store={listStore} />;
}
