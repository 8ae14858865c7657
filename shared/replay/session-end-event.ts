import { EventType, IncrementalSource } from '@rrweb/types';
import type { TimedEvent } from '../events/tabreel-events';

/**
 * The event the replay frame puts at a session's end when it lies after the last recorded event
 * (a tab left open and idle), so rrweb's own clock, seeking, "finish" and inactivity skip all run
 * to the end. It is a scroll of node id -1, which rrweb's Replayer applies as nothing ("missing
 * target"), yet counts as a user interaction: so with "Skip inactivity" an idle tail is skipped
 * toward it as an idle gap is toward the next interaction (rrweb looks ahead only to those).
 */
export function sessionEndEvent(timestamp: number): TimedEvent {
  return {
    type: EventType.IncrementalSnapshot,
    timestamp,
    data: { source: IncrementalSource.Scroll, id: SESSION_END_NODE_ID, x: 0, y: 0 },
  };
}

/** No recorded node has it: rrweb skips a scroll of this id before looking for its node. */
export const SESSION_END_NODE_ID = -1;
