import { analyzeSession, ANALYSIS_VERSION } from '../../shared/analysis/analyze-session';
import type { SessionAnalysis } from '../../shared/analysis/analyze-session';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import {
  addressesOf,
  buildReplayTimeline,
  type ReplayTimeline,
} from '../../shared/replay/replay-timeline';
import { replaySpan } from '../../shared/replay/replay-span';
import { readSessionView, type SessionView } from './session-view';

/** What the panels, the timeline and the address bar show of a session, from all its events. */
export interface SessionDetails {
  view: SessionView;
  timeline: ReplayTimeline;
  addresses: Array<{ t: number; url: string }>;
}

/**
 * The session's details from its events (sorted), its stored analysis, if any, and its end (the
 * row's `endedAt`, as the replay frame got it; null while it records). An open session (or one not
 * analyzed yet) is analyzed here, as is one analyzed by older rules or over other bounds than the
 * replay's: so the header's duration, the flow's time on each page and the timeline all span the
 * replay, from its first event to the session's end. The session route loads this (and the
 * analysis code) after the replay's first frame.
 */
export function sessionDetailsOf(
  events: TimedEvent[],
  stored: SessionAnalysis | null,
  endedAt: number | null,
): SessionDetails {
  const first = events[0]?.timestamp;
  const span = first === undefined ? null : replaySpan(first, events.at(-1)!.timestamp, endedAt);
  const bounds = span && { startedAt: span.origin, endedAt: span.origin + span.totalMs };
  const fits =
    stored?.version === ANALYSIS_VERSION &&
    (!bounds ||
      (stored.duration.startedAt === bounds.startedAt &&
        stored.duration.endedAt === bounds.endedAt));
  const analysis = fits ? stored : analyzeSession(events, bounds ?? {});
  performance.mark('tabreel:analyzed'); // for npm run bench (P1)
  const view = readSessionView(events, analysis);
  performance.mark('tabreel:view-read');
  return {
    view,
    timeline: buildReplayTimeline(view.events, view.analysis, endedAt),
    addresses: addressesOf(view.events),
  };
}
