import { EventType } from '@rrweb/types';
import {
  customPayload,
  type PageViewPayload,
  type SessionStartPayload,
  type TimedEvent,
} from '../events/tabreel-events';
import { campaignOfUrl } from './campaign-of-url';
import { classifyEvent, isActivity, type EventRole } from './classify-event';
import { recordingStopReason } from './recording-stop-reason';
import type { EndReason, OpenSession, SessionRules, StartReason, TabState } from './session-types';

/**
 * An event this much earlier than the session's latest one means the system clock was set back,
 * not that events came a little out of order (frames flush every second). Past it the session's
 * idle time cannot be read (its last input lies "in the future": the timeout waited out the whole
 * jump, storing passive mutations meanwhile) and its replay, sorted by time, would play the new
 * events before the old. The session ends there as idle (a reason of its own would need its label
 * in the viewer) and the next input starts one afresh, with its own full snapshot.
 */
export const CLOCK_SET_BACK_MS = 5 * 60_000;

/** A run of consecutive input events that belong to one session. `to` is exclusive. */
export interface SessionRun {
  sessionId: string;
  from: number;
  to: number;
}

export interface StartedSession {
  id: string;
  startedAt: number;
  reason: StartReason;
  campaign: string | null;
}

export interface EndedSession {
  id: string;
  endedAt: number;
  reason: EndReason;
}

export interface SessionizeResult {
  state: TabState;
  runs: SessionRun[];
  started: StartedSession[];
  ended: EndedSession[];
  /** Indices of passive events dropped because no session was alive for them. */
  dropped: number[];
  /** A session began without a full snapshot right behind it: the recorder must take one now. */
  needsSnapshot: boolean;
}

/**
 * Splits one tab's events into sessions. Pure: the clock is the events' own timestamps, ids come
 * from `newId`. Events must be in recording order; a session never starts on a passive event.
 */
export function sessionize(
  state: TabState,
  events: readonly TimedEvent[],
  rules: SessionRules,
  newId: () => string,
): SessionizeResult {
  const runs: SessionRun[] = [];
  const started: StartedSession[] = [];
  const ended: EndedSession[] = [];
  const dropped: number[] = [];
  let open: OpenSession | null = state.open ? { ...state.open } : null;
  let lastSessionId = state.lastSessionId;

  const append = (sessionId: string, index: number) => {
    const last = runs[runs.length - 1];
    if (last && last.sessionId === sessionId && last.to === index) last.to = index + 1;
    else runs.push({ sessionId, from: index, to: index + 1 });
  };

  // A closed tab starts nothing new: what still arrives is the tail of its last batch.
  if (state.closedAt !== null) {
    events.forEach((_, i) => (lastSessionId ? append(lastSessionId, i) : dropped.push(i)));
    return { state: { ...state }, runs, started, ended, dropped, needsSnapshot: false };
  }

  const end = (reason: EndReason) => {
    if (!open) return;
    ended.push({ id: open.id, endedAt: open.lastEventAt, reason });
    open = null;
  };

  const start = (event: TimedEvent, role: EventRole, reason: StartReason): OpenSession => {
    const campaign = role === 'navigation' ? campaignOfEvent(event) : null;
    const session: OpenSession = {
      id: newId(),
      startedAt: event.timestamp,
      lastEventAt: event.timestamp,
      lastUserAt: event.timestamp,
      campaign,
    };
    started.push({ id: session.id, startedAt: session.startedAt, reason, campaign });
    // A page load and the recorder's own marker are followed by a full snapshot; anything else is not.
    if (role === 'user' || (role === 'navigation' && !isLoad(event))) session.needsSnapshot = true;
    lastSessionId = session.id;
    return session;
  };

  events.forEach((event, i) => {
    const stopReason = recordingStopReason(event);
    // A stop marker naming no known reason ends nothing: it is kept like any passive event.
    const role = stopReason ? 'session-end' : passiveIfEnd(classifyEvent(event));
    const ts = event.timestamp;
    let startReason: StartReason | null = null;

    if (stopReason) {
      // Recording stopped in the tab: its session ends with this marker, its last event. One past
      // its timeout had ended already; with none open there is nothing to end, nor to start.
      const expired = open ? expiryOf(open, ts, rules) : null;
      if (expired) end(expired);
      if (!open) {
        dropped.push(i);
        return;
      }
      append(open.id, i);
      open.lastEventAt = Math.max(open.lastEventAt, ts);
      end(stopReason);
      return;
    }

    if (open) {
      const expired = expiryOf(open, ts, rules);
      if (expired) {
        end(expired);
        startReason = expired === 'inactivity' ? 'activity' : 'max-duration';
      } else if (role === 'session-start' && isUserCut(markReason(event))) {
        end('manual');
        startReason = 'manual';
      } else if (rules.splitOnCampaign && role === 'navigation' && campaignChanged(open, event)) {
        end('campaign');
        startReason = 'campaign';
      }
    } else {
      startReason = role === 'navigation' ? 'navigation' : markToStartReason(event, role);
    }

    if (!open) {
      if (role === 'passive') {
        dropped.push(i);
        return;
      }
      open = start(event, role, startReason ?? 'activity');
    }

    append(open.id, i);
    if (event.type === EventType.FullSnapshot) delete open.needsSnapshot;
    open.lastEventAt = Math.max(open.lastEventAt, ts);
    if (isActivity(role)) open.lastUserAt = Math.max(open.lastUserAt, ts);
    if (role === 'navigation' && open.campaign === null) open.campaign = campaignOfEvent(event);
  });

  return {
    state: { ...state, open, lastSessionId },
    runs,
    started,
    ended,
    dropped,
    needsSnapshot: (open as OpenSession | null)?.needsSnapshot === true,
  };
}

/** Ends the tab's session if it has been idle past the timeout at `now` (a periodic sweep). */
export function expireIdleSession(
  state: TabState,
  now: number,
  rules: SessionRules,
): { state: TabState; ended: EndedSession | null } {
  const open = state.open;
  const expired = open ? expiryOf(open, now, rules) : null;
  if (!open || !expired) return { state, ended: null };
  return {
    state: { ...state, open: null },
    ended: { id: open.id, endedAt: open.lastEventAt, reason: expired },
  };
}

/** The tab closed at `now`: its session ends, unless it had already timed out by then. */
export function closeTab(
  state: TabState,
  now: number,
  rules: SessionRules,
): { state: TabState; ended: EndedSession | null } {
  const expired = expireIdleSession(state, now, rules);
  const closed: TabState = { ...expired.state, open: null, closedAt: now };
  if (expired.ended) return { state: closed, ended: expired.ended };
  const open = state.open;
  if (!open) return { state: closed, ended: null };
  return {
    state: closed,
    ended: { id: open.id, endedAt: Math.max(open.lastEventAt, now), reason: 'tab-closed' },
  };
}

/** The user asked for a new session while the tab has no recorder to mark it: end the open one. */
export function endSessionManually(state: TabState): {
  state: TabState;
  ended: EndedSession | null;
} {
  const open = state.open;
  if (!open) return { state, ended: null };
  return {
    state: { ...state, open: null },
    ended: { id: open.id, endedAt: open.lastEventAt, reason: 'manual' },
  };
}

/**
 * Why the open session has ended by `ts` on its own (exactly at the timeout counts), or null. A
 * clock set back past CLOCK_SET_BACK_MS counts as the timeout: the idle time is unknown.
 */
function expiryOf(
  open: OpenSession,
  ts: number,
  rules: SessionRules,
): 'inactivity' | 'max-duration' | null {
  if (ts - open.lastUserAt >= rules.inactivityMs) return 'inactivity';
  if (open.lastEventAt - ts > CLOCK_SET_BACK_MS) return 'inactivity';
  return ts - open.startedAt >= rules.maxDurationMs ? 'max-duration' : null;
}

function passiveIfEnd(role: EventRole): Exclude<EventRole, 'session-end'> {
  return role === 'session-end' ? 'passive' : role;
}

function campaignOfEvent(event: TimedEvent): string | null {
  const url = customPayload<PageViewPayload>(event)?.url;
  return url ? campaignOfUrl(url) : null;
}

function campaignChanged(open: OpenSession, event: TimedEvent): boolean {
  const payload = customPayload<PageViewPayload>(event);
  if (payload?.kind !== 'load') return false;
  const campaign = campaignOfEvent(event);
  // Direct → campaign counts as a change too, as in Universal Analytics.
  return campaign !== null && campaign !== open.campaign;
}

function isLoad(event: TimedEvent): boolean {
  return customPayload<PageViewPayload>(event)?.kind === 'load';
}

function markReason(event: TimedEvent): string | undefined {
  return customPayload<SessionStartPayload>(event)?.reason;
}

// The user asked for the cut: a new session from the popup, or recording resumed after a pause.
function isUserCut(reason: string | undefined): boolean {
  return reason === 'manual' || reason === 'resume';
}

function markToStartReason(event: TimedEvent, role: EventRole): StartReason {
  if (role !== 'session-start') return 'activity';
  const reason = markReason(event);
  if (isUserCut(reason)) return 'manual';
  return reason === 'max-duration' ? 'max-duration' : 'activity';
}
