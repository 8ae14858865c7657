import { OverviewPage } from '../components/overview/overview-page';
import type { SessionSource } from '../sources/session-source';
import type { GoalStore } from '../state/goal-store';
import type { OverviewStore } from '../state/overview-store';

export function OverviewRoute({
  source,
  store,
  goals,
}: {
  source: SessionSource;
  store: OverviewStore;
  goals: GoalStore;
}) {
  return <OverviewPage source={source} store={store} goals={goals} />;
}
