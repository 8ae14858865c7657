import { Dexie } from 'dexie';
import type { ChunkRow, SessionRow, TabreelDb } from '../db/schema';
import {
  continueChunkRead,
  type ChunkContinuation,
  type SkippedChunk,
} from './continue-chunk-read';
import { givenEventCount, withGivenChunks, type GivenChunk } from './given-chunks';
import { inflateRestChunks } from './read-session-event-parts';
import type { SessionEventText } from './read-session-events';

/** What a session gained since a reader was given `given`, and the session's row read with it. */
export interface SessionTail extends SessionEventText {
  /** The session's row in the same transaction as its chunks; null once it was deleted. */
  row: SessionRow | null;
  /** Chunks left out: their ranges overlap what was given in a way no read can join. */
  skippedChunks: SkippedChunk[];
  /** `given` and the chunks this read gave: the next read's starting point. */
  given: GivenChunk[];
  /** The events this read gave. */
  count: number;
}

const inTimeOrder = (a: ChunkRow, b: ChunkRow) => a.firstTs - b.firstTs || a.fromSeq - b.fromSeq;

/**
 * The given chunks that a write can still change: the session's open tail (merged into its first
 * chunk, compact-chunks.ts), as this read finds it and as the last read found it (a tail merged
 * since is a row of its own, starting where its first chunk did), and the last chunk of the stream
 * recording now (the newest page load's, which the next batch continues). A read from the earliest
 * of them sees every change to them and every later chunk. An older stream rarely changes (a page's
 * last flush landing after the next page's first batch): the count check then falls back to reading
 * the whole session once. Pinning every stream's last chunk instead made every read after a page
 * load reach back to the previous page's end. Null: nothing was given, read from the start.
 */
function changeableFrom(given: readonly GivenChunk[], row: SessionRow): number | null {
  const open = new Set(row.tail?.ids ?? []);
  let newest: GivenChunk | undefined;
  for (const chunk of given) if (!newest || chunk.firstTs > newest.firstTs) newest = chunk;
  let last: GivenChunk | undefined;
  for (const chunk of given)
    if (chunk.streamId === newest?.streamId && (!last || chunk.toSeq > last.toSeq)) last = chunk;
  let from: number | null = null;
  for (const chunk of given)
    if (chunk.inTail === true || open.has(chunk.id) || chunk === last)
      from = Math.min(from ?? Infinity, chunk.firstTs);
  return from;
}

/** `given`, each chunk marked with whether it is in the session's open tail as `row` has it. */
function markTail(given: readonly GivenChunk[], row: SessionRow): GivenChunk[] {
  const open = new Set(row.tail?.ids ?? []);
  return given.map(({ inTail: _, ...chunk }) =>
    open.has(chunk.id) ? { ...chunk, inTail: true } : chunk,
  );
}

/**
 * The events a session gained since a reader was given `given` (a session still recording, open in
 * the viewer): each new event once, as JSON text in time order of its chunks, with the session's row
 * from the same transaction. Cheap when nothing changed (the row alone), and otherwise reads only
 * the chunks a write can have touched since (`changeableFrom`). Those continue the given ones
 * exactly when the events counted add up to the row's `eventCount` (events are only ever added,
 * merged or deleted with their session); when not, a merge reached further back, and every chunk of
 * the session is read again in one transaction, as read-session-event-parts.ts does.
 */
export async function readSessionTail(
  db: TabreelDb,
  sessionId: string,
  given: readonly GivenChunk[],
): Promise<SessionTail> {
  const givenCount = givenEventCount(given);
  const bySession = () => db.chunks.where('[sessionId+firstTs]');
  const near = await db.transaction('r', [db.chunks, db.sessions], async () => {
    const row = (await db.sessions.get(sessionId)) ?? null;
    if (!row || row.eventCount <= givenCount) return { row, rows: [] as ChunkRow[] };
    const from = changeableFrom(given, row);
    const rows = await bySession()
      .between([sessionId, from ?? Dexie.minKey], [sessionId, Dexie.maxKey], true, true)
      .toArray();
    return { row, rows };
  });
  const { row } = near;
  if (!row) return gone(given);
  let next: ChunkContinuation & { row: SessionRow } = {
    row,
    ...continueChunkRead(given, near.rows.sort(inTimeOrder)),
  };
  if (row.eventCount > givenCount && !adds(next, givenCount, row.eventCount)) {
    const whole = await db.transaction('r', [db.chunks, db.sessions], async () => {
      const [rows, again] = await Promise.all([
        bySession().between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey]).toArray(),
        db.sessions.get(sessionId),
      ]);
      return { rows, row: again ?? null };
    });
    if (!whole.row) return gone(given);
    next = { row: whole.row, ...continueChunkRead(given, whole.rows.sort(inTimeOrder)) };
  }
  const text = inflateRestChunks(next.rest);
  return {
    row: next.row,
    ...text,
    skippedChunks: next.skipped,
    given: markTail(withGivenChunks(given, next.rest), next.row),
    count: newEvents(next),
  };
}

/** The session was deleted: nothing more to give. */
const gone = (given: readonly GivenChunk[]): SessionTail => ({
  row: null,
  arrays: [],
  unreadableChunks: [],
  skippedChunks: [],
  given: [...given],
  count: 0,
});

const newEvents = (next: ChunkContinuation) =>
  next.rest.reduce((sum, chunk) => sum + chunk.row.count - chunk.skip, 0);

/** The continuation gives every event the session counts, each once. */
function adds(next: ChunkContinuation, givenCount: number, eventCount: number): boolean {
  return next.skipped.length === 0 && givenCount + newEvents(next) === eventCount;
}
