import { SessionList } from '../components/session-list/session-list';
import type { SessionSource } from '../sources/session-source';

export function SessionListRoute({ source }: { source: SessionSource }) {
  return <SessionList source={source} />;
}
