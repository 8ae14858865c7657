import type { Settings } from '../settings/settings';
import type { RecordingStopReason, SessionStartMarkReason } from '../events/tabreel-events';

// The relay (isolated world) and the recorder (page's MAIN world) share only the DOM. They talk
// through CustomEvents on `document` whose `detail` is a string: a string crosses worlds intact.
export const PAGE_EVENT = 'tabreel:event'; // page → relay: a batch of events (pageBatchDetail)
export const PAGE_URGENT_EVENT = 'tabreel:event!'; // the same, with user events: deliver at once
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
  /**
   * `reason`: recording stopped in this page for it (paused, site excluded, disk full…), so its
   * session ends here. None when the page goes (the extension was reloaded, the outbox is full).
   */
  | { kind: 'stop'; reason?: RecordingStopReason }
  /** Say hello again: the relay started after the recorder did. */
  | { kind: 'ping' }
  | { kind: 'config'; config: RecorderConfig }
  | { kind: 'new-session'; reason: SessionStartMarkReason }
  | { kind: 'marker'; note: string }
  /** rrweb's script could not be injected here (after retries): signals only, no replay. */
  | { kind: 'no-replay'; reason: string }
  | { kind: 'session'; startedAt: number | null; needsSnapshot: boolean };

export type PageToRelay =
  | { kind: 'hello'; top: boolean }
  /** The page has painted and is recorded: have rrweb's script injected (once per document). */
  | { kind: 'load-rrweb' };

/** The most events one hand-over may carry (the service worker's batch limit). */
export const MAX_PAGE_BATCH_EVENTS = 1_000_000;
/**
 * The shortest text of an event the service worker accepts: `{"type":0,"timestamp":0}` (an object
 * with an integer type and a number timestamp, parse-event-array.ts). A hand-over shorter than its
 * count of these cannot hold its count of events: it is refused in the relay, without a parse.
 */
export const MIN_EVENT_CHARS = 24;
/**
 * The longest hand-over text the relay takes, well under what one message carries (32 MiB). The
 * recorder's texts are cut at the outbox's batch size, so only one event alone can come near it,
 * and the recorder replaces such an event by a `tabreel.dropped` marker (hand-over-texts.ts).
 */
export const MAX_HAND_OVER_CHARS = 16 * 1024 * 1024;

/**
 * A batch's `detail`: its event count, a newline, then the events as one JSON array's text. The
 * recorder stringifies a batch in one call and the relay stores and sends that text as it is: no
 * per-event strings, DOM events or joins on the page's main thread (npm run bench -- R1).
 */
export function pageBatchDetail(count: number, arrayText: string): string {
  return `${count}\n${arrayText}`;
}

/** The relay's reading of a batch's `detail`; null when it is not one (a page's own event). */
export function readPageBatch(detail: string): { count: number; arrayText: string } | null {
  const newline = detail.indexOf('\n');
  if (newline < 1 || newline > 7) return null;
  const count = Number(detail.slice(0, newline));
  if (!Number.isInteger(count) || count < 1 || count > MAX_PAGE_BATCH_EVENTS) return null;
  const arrayText = detail.slice(newline + 1);
  if (arrayText.length > MAX_HAND_OVER_CHARS) return null;
  if (!arrayText.startsWith('[') || !arrayText.endsWith(']')) return null;
  // `[`, `]`, the events and a comma between each two.
  if (arrayText.length < count * (MIN_EVENT_CHARS + 1) + 1) return null;
  return { count, arrayText };
}
