import type { RecordingStopReason } from '../events/tabreel-events';

/**
 * Why a session ended. Stored: values only grow. Besides the sessionizer's own rules, recording
 * stopped in its tab (`RecordingStopReason`: paused, site excluded or not listed, incognito
 * recording turned off, disk full).
 */
export type EndReason =
  'inactivity' | 'max-duration' | 'tab-closed' | 'manual' | 'campaign' | RecordingStopReason;

/** Why a session began. */
export type StartReason =
  | 'navigation' // a page load or route change with no open session
  | 'activity' // the first user event after an ended session
  | 'manual'
  | 'max-duration'
  | 'campaign';

export interface SessionRules {
  /** No user event for this long ends the session. */
  inactivityMs: number;
  /** A session never spans more than this, active or not. */
  maxDurationMs: number;
  /** A page load with a different `utm_campaign` starts a new session (GA4 behaviour, off by default). */
  splitOnCampaign: boolean;
}

/** The session currently open in a tab, as the sessionizer needs it. */
export interface OpenSession {
  id: string;
  startedAt: number;
  lastEventAt: number;
  lastUserAt: number;
  campaign: string | null;
  /**
   * The session began without a full snapshot behind it (on a click or a route change): every ack
   * asks the recorder for one until one is stored. Kept here, not per reply, so a reply lost with
   * a dying service worker does not lose the request.
   */
  needsSnapshot?: boolean;
}

/** Per-tab sessionizer state. Lives in IndexedDB: the service worker keeps nothing in memory. */
export interface TabState {
  tabId: number;
  open: OpenSession | null;
  /** The session events go to once the tab is closed (late deliveries of its last batch). */
  lastSessionId: string | null;
  closedAt: number | null;
}

export function emptyTabState(tabId: number): TabState {
  return { tabId, open: null, lastSessionId: null, closedAt: null };
}
