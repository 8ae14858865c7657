import { SessionList } from '../components/session-list/session-list';
import type { SessionSource } from '../sources/session-source';
import type { SessionListStore } from '../state/session-list-store';

export function SessionListRoute({
  source,
  store,
}: {
  source: SessionSource;
  store: SessionListStore;
}) {
  return <SessionList source={source} store={store} />;
}
