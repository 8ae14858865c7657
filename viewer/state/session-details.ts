import { analyzeSession, ANALYSIS_VERSION } from '../../shared/analysis/analyze-session';
import type { SessionAnalysis } from '../../shared/analysis/analyze-session';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import {
  addressesOf,
  buildReplayTimeline,
  type ReplayTimeline,
} from '../../shared/replay/replay-timeline';
import { readSessionView, type SessionView } from './session-view';

/** What the panels, the timeline and the address bar show of a session, from all its events. */
export interface SessionDetails {
  view: SessionView;
  timeline: ReplayTimeline;
  addresses: Array<{ t: number; url: string }>;
}

/**
 * The session's details from its events and its stored analysis, if any. An open session (or one
 * not analyzed yet) is analyzed here, as is one analyzed by older rules. The session route loads
 * this (and the analysis code) after the replay's first frame.
 */
export function sessionDetailsOf(
  events: TimedEvent[],
  stored: SessionAnalysis | null,
): SessionDetails {
  const analysis = stored?.version === ANALYSIS_VERSION ? stored : analyzeSession(events);
  performance.mark('tabreel:analyzed'); // for npm run bench (P1)
  const view = readSessionView(events, analysis);
  performance.mark('tabreel:view-read');
  return {
    view,
    timeline: buildReplayTimeline(view.events, view.analysis),
    addresses: addressesOf(view.events),
  };
}
