import type { TimedEvent } from '../events/tabreel-events';
import { parseChunkJson } from './chunk-codec';
import type { SessionEvents } from './read-session-events';

export interface PartParser {
  /** Parses more chunks' JSON arrays (a chunk that does not parse is counted, not fatal). */
  add(arrays: readonly Uint8Array[]): void;
  /** Every event so far in time order, and the chunks that could not be read or parsed. */
  done(unreadableBefore: readonly string[]): SessionEvents;
}

/**
 * Parses a session's chunks as their parts arrive (see read-session-event-parts.ts): a few ms per
 * part instead of one long task over every event at the end, which would hold up the replay frame.
 */
export function createPartParser(): PartParser {
  const events: TimedEvent[] = [];
  const unparsed: string[] = [];
  let count = 0;
  return {
    add(arrays) {
      for (const json of arrays) {
        count += 1;
        try {
          for (const event of parseChunkJson(json)) events.push(event);
        } catch {
          unparsed.push(`chunk ${count}`);
        }
      }
    },
    done(unreadableBefore) {
      // Page loads are separate streams whose chunks can interleave in time: one stable sort.
      events.sort((a, b) => a.timestamp - b.timestamp);
      return { events, unreadableChunks: [...unreadableBefore, ...unparsed] };
    },
  };
}
