import { useRef, useState } from 'preact/hooks';
import type { Signal } from '@preact/signals';
import type { SessionAnalysis } from '../../../shared/analysis/analyze-session';
import type { SessionRow } from '../../../shared/db/schema';
import type { ReplayTimeline } from '../../../shared/replay/replay-timeline';
import type { SessionView } from '../../state/session-view';
import { ConsolePanel } from '../console-panel/console-panel';
import { DetailsPanel } from '../details-panel/details-panel';
import { EnvironmentPanel } from '../environment-panel/environment-panel';
import { FailuresPanel } from '../failures-panel/failures-panel';
import { FlowPanel } from '../flow-panel/flow-panel';
import { NetworkPanel } from '../network-panel/network-panel';
import { rovingIndex } from '../../state/roving-index';

type Tab = 'failures' | 'flow' | 'console' | 'network' | 'environment' | 'details';

/** The session's panels beside the replay: failures, flow, console, network, environment, duration. */
export function SessionPanels({
  row,
  view,
  analysis,
  timeline,
  now,
  onOpen,
  onPage,
  onSeek,
}: {
  row: SessionRow;
  view: SessionView;
  analysis: SessionAnalysis;
  timeline: ReplayTimeline;
  /** Where the replay is, ms from its first event. */
  now: Signal<number>;
  /** Opens the replay just before a moment (a failure), highlighting its element. */
  onOpen: (timestamp: number, selector: string | null) => void;
  /** Moves the replay to a page view of the flow. */
  onPage: (at: number) => void;
  onSeek: (timestamp: number) => void;
}) {
  const [tab, setTab] = useState<Tab>('failures');
  const tabList = useRef<HTMLDivElement>(null);
  const origin = timeline.origin;
  const tabs = [
    [
      'failures',
      `Failures (${analysis.failures.length})${analysis.markers.length > 0 ? ` · Markers (${analysis.markers.length})` : ''}`,
    ],
    ['flow', `Flow (${analysis.flow.pages.length})`],
    ['console', `Console (${view.console.length})`],
    ['network', `Network (${view.requests.length})`],
    ['environment', 'Environment'],
    ['details', 'Duration'],
  ] as const;
  // The WAI-ARIA tabs pattern: the arrows, Home and End move the selection and the focus with it.
  const onKeyDown = (event: KeyboardEvent) => {
    const current = tabs.findIndex(([name]) => name === tab);
    const next = rovingIndex(event.key, current, tabs.length, 'horizontal');
    if (next === null || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    setTab(tabs[next]![0]);
    tabList.current?.querySelectorAll<HTMLElement>('[role="tab"]')[next]?.focus();
  };
  return (
    <>
      <div
        class="tabs"
        role="tablist"
        aria-label="Session panels"
        ref={tabList}
        onKeyDown={onKeyDown}
      >
        {tabs.map(([name, label]) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`session-tab-${name}`}
            aria-selected={tab === name}
            aria-controls="session-panel"
            // Roving tabindex: Tab reaches the selected tab only, the arrows the others.
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
          >
            {label}
          </button>
        ))}
      </div>
      <div class="panel" role="tabpanel" id="session-panel" aria-labelledby={`session-tab-${tab}`}>
        {tab === 'failures' && (
          <FailuresPanel
            failures={analysis.failures}
            markers={analysis.markers}
            slowClicks={analysis.slowClicks}
            origin={origin}
            now={now}
            onOpen={(f) => onOpen(f.timestamp, f.selector)}
          />
        )}
        {tab === 'flow' && (
          <FlowPanel
            pages={analysis.flow.pages}
            vitals={analysis.metrics.vitals}
            failures={analysis.failures}
            origin={origin}
            now={now}
            onOpen={(i) => onPage(timeline.pages[i] ?? 0)}
          />
        )}
        {tab === 'console' && (
          <ConsolePanel entries={view.console} origin={origin} now={now} onSeek={onSeek} />
        )}
        {tab === 'network' && (
          <NetworkPanel requests={view.requests} origin={origin} now={now} onSeek={onSeek} />
        )}
        {tab === 'environment' && <EnvironmentPanel environment={view.environment} />}
        {tab === 'details' && (
          <DetailsPanel session={row} analysis={analysis} origin={origin} onSeek={onSeek} />
        )}
      </div>
    </>
  );
}
