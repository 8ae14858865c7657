import type { Settings } from '../settings/settings';
import type { SessionStartMarkReason } from '../events/tabreel-events';

// The relay (isolated world) and the recorder (page's MAIN world) share only the DOM. They talk
// through CustomEvents on `document` whose `detail` is a string: a string crosses worlds intact.
export const PAGE_EVENT = 'tabreel:event'; // page → relay: one rrweb event's JSON
export const PAGE_URGENT_EVENT = 'tabreel:event!'; // the same, for user events: deliver at once
export const PAGE_CONTROL = 'tabreel:control'; // page → relay: PageToRelay as JSON
export const RELAY_COMMAND = 'tabreel:command'; // relay → page: RelayToPage as JSON

/** What the recorder needs from the settings. */
export interface RecorderConfig {
  privacyLevel: Settings['privacyLevel'];
  inactivityTimeoutMs: number;
  maxDurationMs: number;
  /** Extra elements whose text is masked, and elements not recorded at all (CSS selectors). */
  maskSelector: string;
  blockSelector: string;
  networkCapture: Settings['networkCapture'];
  consoleCapture: Settings['consoleCapture'];
}

export type RelayToPage =
  /** `resumed`: recording restarts after a pause or exclusion in this page: a new session. */
  | { kind: 'start'; config: RecorderConfig; resumed: boolean }
  | { kind: 'stop' }
  /** Say hello again: the relay started after the recorder did. */
  | { kind: 'ping' }
  | { kind: 'config'; config: RecorderConfig }
  | { kind: 'new-session'; reason: SessionStartMarkReason }
  | { kind: 'marker'; note: string }
  | { kind: 'session'; startedAt: number | null; needsSnapshot: boolean };

export type PageToRelay =
  | { kind: 'hello'; top: boolean }
  /** The page has painted and is recorded: have rrweb's script injected (once per document). */
  | { kind: 'load-rrweb' };
