import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import { customTag, TABREEL_TAG, type TimedEvent } from '../events/tabreel-events';

/**
 * What an event means to the sessionizer.
 * - `user`: the person did something (click, input, key, wheel/touch scroll). Keeps a session alive.
 * - `navigation`: a page view (load or route change). Also keeps it alive.
 * - `session-start`: the recorder's marker that a new session begins here.
 * - `session-end`: the recorder's marker that recording stopped here (pause, exclusion, full disk).
 * - `passive`: everything else (mutations, styles, mouse moves, snapshots): stored while the session
 *   is alive, dropped once it has timed out, so a ticking clock cannot keep a session open forever.
 */
export type EventRole = 'user' | 'navigation' | 'session-start' | 'session-end' | 'passive';

// Focus/blur and hover-like interactions can be caused by scripts; these only by a person.
const USER_MOUSE_INTERACTIONS: ReadonlySet<number> = new Set([
  MouseInteractions.MouseDown,
  MouseInteractions.MouseUp,
  MouseInteractions.Click,
  MouseInteractions.DblClick,
  MouseInteractions.ContextMenu,
  MouseInteractions.TouchStart,
  MouseInteractions.TouchEnd,
]);

export function classifyEvent(event: TimedEvent): EventRole {
  if (event.type === EventType.IncrementalSnapshot) {
    const data = event.data as { source?: number; type?: number; userTriggered?: boolean };
    switch (data.source) {
      case IncrementalSource.MouseInteraction:
        return USER_MOUSE_INTERACTIONS.has(data.type ?? -1) ? 'user' : 'passive';
      case IncrementalSource.Input:
        // rrweb marks script-set values with userTriggered: false (option userTriggeredOnInput).
        return data.userTriggered === false ? 'passive' : 'user';
      // Scripts scroll and select too (carousels, auto-scroll): those must not keep a session
      // alive. The recorder marks trusted wheel, touch and key input as tabreel.activity instead.
      default:
        return 'passive';
    }
  }
  switch (customTag(event)) {
    case TABREEL_TAG.page:
      return 'navigation';
    case TABREEL_TAG.sessionStart:
      return 'session-start';
    case TABREEL_TAG.recordingStopped:
      return 'session-end';
    case TABREEL_TAG.activity:
    case TABREEL_TAG.marker: // the person flagged this moment
      return 'user';
    default:
      return 'passive';
  }
}

/** Whether the person was there: a stop is the extension's doing, not theirs. */
export function isActivity(role: EventRole): boolean {
  return role !== 'passive' && role !== 'session-end';
}
