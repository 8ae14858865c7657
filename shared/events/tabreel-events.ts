// Our own markers travel inside the rrweb stream as rrweb Custom events (type 5), so they share
// the replay's clock and order, and any rrweb player simply ignores them.
import { EventType } from '@rrweb/types';

/** Custom-event tags written by the recorder. Values are part of the stored format: never rename. */
export const TABREEL_TAG = {
  /** A page view: a page load or an SPA route change. */
  page: 'tabreel.page',
  /** The recorder starts a new session here; a full snapshot follows. */
  sessionStart: 'tabreel.session-start',
  /** Trusted user input rrweb does not record itself (keys, wheel/touch scrolls); no key values. */
  activity: 'tabreel.activity',
  /** Stands in for an event too large to deliver (the replay will lack what it held). */
  dropped: 'tabreel.dropped',
  /** A marker the person added (popup or shortcut): "bug here", with an optional note. */
  marker: 'tabreel.marker',
  /**
   * rrweb could not be loaded into the page (stamped at its page view's start): that page view
   * has signals but no replay, and no DOM record to judge its clicks by.
   */
  noReplay: 'tabreel.no-replay',
  /**
   * Recording stopped in this page (paused, its site excluded, the disk full): the last event the
   * recorder hands over before it stops, so the tab's session ends here, at its last event.
   */
  recordingStopped: 'tabreel.recording-stopped',
} as const;

export type PageViewKind = 'load' | 'route';

/**
 * How the page view came about. For a load, the Navigation Timing type (`navigate`, `reload`,
 * `back_forward`, `prerender`); for a route change, the Navigation API's type (`push`, `replace`,
 * `traverse`), or `pop` where only popstate/hashchange told us.
 */
export type PageViewNavigation =
  'navigate' | 'reload' | 'back_forward' | 'prerender' | 'push' | 'replace' | 'traverse' | 'pop';

export interface PageViewPayload {
  kind: PageViewKind;
  url: string;
  title: string;
  referrer: string;
  /** Absent in sessions recorded before it was added. */
  navigation?: PageViewNavigation;
  /** The Navigation API's history index: a traverse to a lower index went back. */
  historyIndex?: number;
}

/** Why the recorder cut a new session. `activity` means: the first user event after inactivity. */
export type SessionStartMarkReason = 'activity' | 'manual' | 'max-duration' | 'resume';

export interface SessionStartPayload {
  reason: SessionStartMarkReason;
  /** Where the cut happened (redacted), so a session that starts with a cut knows its page. */
  url?: string;
  title?: string;
}

export interface MarkerPayload {
  /** The person's note, as typed (at most MARKER_NOTE_MAX characters); may be empty. */
  note: string;
}

export const MARKER_NOTE_MAX = 500;

export interface NoReplayPayload {
  /** Why, as the browser said it (redacted, at most NO_REPLAY_REASON_MAX characters). */
  reason: string;
}

export const NO_REPLAY_REASON_MAX = 300;

/**
 * Why recording stopped in an open page: the user paused it, excluded its site (or took it off the
 * list of recorded sites), turned incognito recording off, or the disk filled. Stored as a
 * session's end reason: values only grow.
 */
export const RECORDING_STOP_REASONS = [
  'paused',
  'excluded-site',
  'not-listed',
  'incognito',
  'storage-full',
] as const;
export type RecordingStopReason = (typeof RECORDING_STOP_REASONS)[number];

export interface RecordingStoppedPayload {
  reason: RecordingStopReason;
}

/** Trusted input rrweb does not record as such: key presses, wheel and touch scrolling. */
export interface ActivityPayload {
  kind: 'key' | 'scroll';
}

/** The minimum every stored event has; rrweb's `eventWithTime` satisfies it. */
export interface TimedEvent {
  type: number;
  timestamp: number;
  data?: unknown;
}

export interface CustomTimedEvent<P = unknown> extends TimedEvent {
  type: typeof EventType.Custom;
  data: { tag: string; payload: P };
}

export function customTag(event: TimedEvent): string | null {
  if (event.type !== EventType.Custom) return null;
  const data = event.data as { tag?: unknown } | undefined;
  return typeof data?.tag === 'string' ? data.tag : null;
}

export function customPayload<P>(event: TimedEvent): P | undefined {
  return (event.data as { payload?: P } | undefined)?.payload;
}

export function makeCustomEvent<P>(
  tag: string,
  payload: P,
  timestamp: number,
): CustomTimedEvent<P> {
  return { type: EventType.Custom, data: { tag, payload }, timestamp };
}
