import type { SessionRow } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import {
  nextLiveAnalysisAt,
  type LiveAnalysisRun,
} from '../../shared/replay/next-live-analysis-at';
import { parseChunkJson } from '../../shared/storage/chunk-codec';
import type { SkippedChunk } from '../../shared/storage/continue-chunk-read';
import { givenEventCount, type GivenChunk } from '../../shared/storage/given-chunks';
import type { SessionTail } from '../../shared/storage/read-session-tail';

/** What the session page shows of a session followed while it records, after each analysis. */
export interface FollowedState<D> {
  details: D;
  /** Every event read so far, in time order. */
  eventCount: number;
  /** The session's end as last read (null: still recording). */
  endedAt: number | null;
  /** Chunks this follow could not read or parse, by id (the open's are the caller's). */
  unreadableChunks: string[];
  /** Chunks this follow left out: their ranges overlap what was given. */
  skippedChunks: SkippedChunk[];
}

export interface FollowRecordingOptions<D> {
  /** What the session gained since `given` (SessionSource.readEventTail). */
  readTail(given: readonly GivenChunk[]): Promise<SessionTail>;
  /** The chunks the open gave, the events parsed from them (time order), and the end it used. */
  given: readonly GivenChunk[];
  events: TimedEvent[];
  endedAt: number | null;
  /** The new chunks' JSON arrays, for the replay (moved there: these are copies). */
  onGrow(arrays: Uint8Array[], endedAt: number | null): void;
  /** Analyzes every event to the end (null: to the last event): the panels, timeline, header. */
  analyze(events: TimedEvent[], endedAt: number | null): D;
  onState(state: FollowedState<D>): void;
  onError(error: unknown): void;
  /** The clock, ms (performance.now in the viewer). */
  now(): number;
  /** Runs `run` after `ms`; returns its cancel (setTimeout in the viewer). */
  after(ms: number, run: () => void): () => void;
}

export interface RecordingFollower {
  /** The session's row changed (a batch committed, the session ended): read what it gained. */
  rowChanged(row: SessionRow | null): void;
  stop(): void;
}

/** The index at which `event` keeps `events` in time order, after any of the same time. */
function insertionIndex(events: readonly TimedEvent[], timestamp: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.timestamp <= timestamp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Follows a session open in the viewer while it records: on each change of its row (one per
 * committed batch, through Dexie's cross-context notification: no polling), reads only what it
 * gained (read-session-tail.ts; one read at a time, changes meanwhile folded into the next), hands
 * the new chunks to the replay at once, and analyzes the whole session again no more often than
 * nextLiveAnalysisAt allows (at once when it ends). It goes on after the end: the page's last
 * batch can commit after the tab's close ended the session, and a row that does not change costs
 * nothing.
 */
export function startFollowingRecording<D>(options: FollowRecordingOptions<D>): RecordingFollower {
  let given = [...options.given];
  const events = options.events;
  let endedAt = options.endedAt;
  /** The row's event count as last read (the open's to begin with); its end is `endedAt`. */
  let knownCount = givenEventCount(given);
  const unreadableChunks: string[] = [];
  const skipped = new Map<string, SkippedChunk>();
  let reading = false;
  let wanted = false;
  let stopped = false;
  let lastRun: LiveAnalysisRun | null = null;
  let cancelAnalysis: (() => void) | null = null;
  let analysisDue = false;

  const analyze = () => {
    cancelAnalysis = null;
    if (stopped || !analysisDue) return;
    analysisDue = false;
    const startedAt = options.now();
    const details = options.analyze(events, endedAt);
    lastRun = { startedAt, costMs: options.now() - startedAt };
    options.onState({
      details,
      eventCount: events.length,
      endedAt,
      unreadableChunks: [...unreadableChunks],
      skippedChunks: [...skipped.values()],
    });
  };

  const scheduleAnalysis = () => {
    analysisDue = true;
    const now = options.now();
    const at = nextLiveAnalysisAt(lastRun, now, endedAt !== null);
    if (cancelAnalysis) {
      if (endedAt === null) return; // one is already on its way
      cancelAnalysis(); // the end is analyzed at once
    }
    cancelAnalysis = options.after(Math.max(0, at - now), analyze);
  };

  const take = (tail: SessionTail) => {
    given = tail.given;
    for (const chunk of tail.skippedChunks) skipped.set(chunk.id, chunk);
    unreadableChunks.push(...tail.unreadableChunks);
    let added = 0;
    tail.arrays.forEach((json, i) => {
      let parsed: TimedEvent[];
      try {
        parsed = parseChunkJson(json);
      } catch {
        unreadableChunks.push(`new chunk ${i + 1}`);
        return;
      }
      for (const event of parsed) {
        const last = events[events.length - 1];
        if (!last || last.timestamp <= event.timestamp) events.push(event);
        else events.splice(insertionIndex(events, event.timestamp), 0, event);
        added += 1;
      }
    });
    const row = tail.row!;
    const endChanged = row.endedAt !== endedAt;
    knownCount = row.eventCount;
    endedAt = row.endedAt;
    if (tail.arrays.length > 0 || endChanged) {
      options.onGrow(
        tail.arrays.map((json) => json.slice()),
        endedAt,
      );
    }
    if (added > 0 || endChanged || tail.unreadableChunks.length > 0) scheduleAnalysis();
  };

  const pump = async () => {
    if (reading || stopped) return;
    reading = true;
    try {
      while (wanted && !stopped) {
        wanted = false;
        const tail = await options.readTail(given);
        if (stopped) return;
        if (tail.row === null) {
          stopped = true; // deleted: the page says so from its own watch of the row
          return;
        }
        take(tail);
      }
    } catch (error) {
      if (!stopped) options.onError(error);
    } finally {
      reading = false;
    }
  };

  return {
    rowChanged(row) {
      if (stopped || !row) return;
      if (row.eventCount === knownCount && row.endedAt === endedAt) return;
      wanted = true;
      void pump();
    },
    stop() {
      stopped = true;
      cancelAnalysis?.();
      cancelAnalysis = null;
    },
  };
}
