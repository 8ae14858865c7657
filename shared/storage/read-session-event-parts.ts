import { Dexie } from 'dexie';
import type { ChunkRow, TabreelDb } from '../db/schema';
import { chunkJson } from './chunk-codec';
import {
  continueChunkRead,
  type ChunkRange,
  type RestChunk,
  type SkippedChunk,
} from './continue-chunk-read';
import { dropJsonArrayItems } from './drop-json-array-items';
import { withGivenChunks, type GivenChunk } from './given-chunks';
import { inflateChunkRowsAsync } from './inflate-chunk-rows-async';
import { collectChunkJson, type SessionEventText } from './read-session-events';

/** About this much inflated JSON per part after the first: a few ms to parse, one task each. */
const PART_BYTES = 1_000_000;
/**
 * The first read's rows: two tell whether the first chunk alone reaches `atMs` (a session opened
 * at its start), so that read is the only one before the first frame (P1).
 */
const FIRST_READ_ROWS = 2;

export interface EventTextPart extends SessionEventText {
  /** No part follows. */
  last: boolean;
}

/** Every part's text together, and what could not be given without repeating or skipping events. */
export interface SessionEventParts extends SessionEventText {
  /**
   * Stored chunks left out because their sequence ranges overlap others' (continue-chunk-read.ts):
   * stored twice, or changed under the read in a way it cannot join. Their new events are missing.
   */
  skippedChunks: SkippedChunk[];
  /** Every chunk given (its range): where a read of what the session gained since starts (read-session-tail.ts). */
  given: GivenChunk[];
}

export interface ReadPartsOptions {
  /** Where the replay opens, ms from the session's first chunk: the first part reaches it. */
  atMs: number;
  /**
   * The first part: every chunk that starts at or before `atMs` (at least one), enough for a first
   * frame there. The rest is read meanwhile, but inflated only once the returned promise settles.
   */
  onFirst(part: EventTextPart): Promise<void> | void;
  /** Each later part, in time order; the last one says so (it may hold no chunk). */
  onPart(part: EventTextPart): void;
  /** Stops before the next part (the person left the session). */
  cancelled(): boolean;
  /** Lets other tasks run between parts (the replay frame shares the viewer's thread). */
  yieldTask(): Promise<void>;
  /** Runs after the first part is read, before the rest is: where a compaction can land (tests). */
  beforeRestRead?: () => Promise<void>;
}

const inTimeOrder = (a: ChunkRow, b: ChunkRow) => a.firstTs - b.firstTs || a.fromSeq - b.fromSeq;

/**
 * A session's chunks, inflated not parsed, in parts: first what a replay needs to show its first
 * frame at `atMs`, then the rest in parts of about a megabyte, so the first frame waits for one
 * chunk instead of all of them. Later parts start after `atMs`: a replay paused there only adds them.
 * The two reads are two transactions, and the service worker may merge chunks between them: the
 * rest is checked to continue the first part by each stream's sequence numbers, and read again
 * whole when it does not (see `readRest`), so every event is given once. Resolves with every
 * part's text together.
 */
export async function readSessionEventParts(
  db: TabreelDb,
  sessionId: string,
  options: ReadPartsOptions,
): Promise<SessionEventParts> {
  const bySession = () => db.chunks.where('[sessionId+firstTs]');
  const leading = await bySession()
    .between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey])
    .limit(FIRST_READ_ROWS)
    .toArray();
  performance.mark('tabreel:first-rows-read'); // for npm run bench (P1): IndexedDB's part
  const head = leading[0];
  if (!head) {
    const none = { arrays: [], unreadableChunks: [] };
    await options.onFirst({ ...none, last: true });
    return { ...none, skippedChunks: [], given: [] };
  }
  const cut = head.firstTs + Math.max(0, options.atMs);
  // A row of the first read past `cut` shows the first part complete; else (a deep link) read it.
  const firstChunks =
    leading.some((row) => row.firstTs > cut) || leading.length < FIRST_READ_ROWS
      ? leading.filter((row) => row.firstTs <= cut)
      : await bySession()
          .between([sessionId, head.firstTs], [sessionId, cut], true, true)
          .toArray();
  // Two stored chunks holding the same events are given once, here as in the rest.
  const firstPart = continueChunkRead([], firstChunks.sort(inTimeOrder));
  const given = firstPart.rest.map(({ row }) => row);
  // Natively: the first frame waits for this one (fflate inflates the rest, after it).
  const first = await inflateChunkRowsAsync(given);
  await options.beforeRestRead?.();
  // The rest is asked for now, not before: its rows (4 MB at 200k events) would otherwise be
  // taken in on this thread while the first part inflates. It arrives while the frame is built.
  const restPending = readRest(db, sessionId, cut, given);
  restPending.catch(() => {}); // awaited below; not unhandled while the first frame is built
  const all: SessionEventParts = {
    arrays: [...first.arrays],
    unreadableChunks: [...first.unreadableChunks],
    skippedChunks: [...firstPart.skipped],
    given: withGivenChunks([], firstPart.rest),
  };
  // Whether anything follows is known only once the rest is read; an empty last part says so.
  await options.onFirst({ ...first, last: false });
  const { rest, skipped } = await restPending;
  const named = new Set(all.skippedChunks.map((chunk) => chunk.id));
  all.skippedChunks.push(...skipped.filter((chunk) => !named.has(chunk.id)));
  all.given = withGivenChunks(all.given, rest);
  let from = 0;
  do {
    if (options.cancelled()) return all;
    let to = from;
    let bytes = 0;
    while (to < rest.length && bytes < PART_BYTES) bytes += rest[to++]!.row.rawBytes || PART_BYTES;
    const part = inflateRestChunks(rest.slice(from, to));
    all.arrays.push(...part.arrays);
    all.unreadableChunks.push(...part.unreadableChunks);
    from = to;
    options.onPart({ ...part, last: from >= rest.length });
    if (from < rest.length) await options.yieldTask();
  } while (from < rest.length);
  return all;
}

/**
 * The chunks after `cut`, with the session's event count from the same transaction. They continue
 * the `given` chunks exactly when no stream's sequence ranges overlap and together they hold every
 * event the session counts (events are only ever added, merged or deleted with their session). If
 * not, a chunk was merged, added or rewritten between the reads: every chunk of the session is read
 * again in one transaction, and what it holds beyond the given chunks is the rest. Once is enough:
 * each read is a committed state, so another could only differ by what was written since.
 */
async function readRest(
  db: TabreelDb,
  sessionId: string,
  cut: number,
  given: readonly ChunkRange[],
): Promise<{ rest: RestChunk[]; skipped: SkippedChunk[] }> {
  const bySession = () => db.chunks.where('[sessionId+firstTs]');
  const { rows, eventCount } = await db.transaction('r', [db.chunks, db.sessions], async () => {
    const [rows, session] = await Promise.all([
      bySession().between([sessionId, cut], [sessionId, Dexie.maxKey], false, true).toArray(),
      db.sessions.get(sessionId),
    ]);
    return { rows, eventCount: session?.eventCount ?? null };
  });
  const next = continueChunkRead(given, rows.sort(inTimeOrder));
  const counted = [...given, ...rows].reduce((sum, chunk) => sum + chunk.count, 0);
  const exact =
    next.skipped.length === 0 &&
    next.rest.length === rows.length &&
    next.rest.every((chunk) => chunk.skip === 0) &&
    (eventCount === null || counted === eventCount);
  if (exact) return next;
  const whole = await bySession()
    .between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey])
    .toArray();
  return continueChunkRead(given, whole.sort(inTimeOrder));
}

/** Chunks inflated in the order given, each without the events given already. */
export function inflateRestChunks(chunks: readonly RestChunk[]): SessionEventText {
  return collectChunkJson(
    chunks.map((chunk) => chunk.row),
    chunks.map(({ row, skip }) => {
      try {
        const json = chunkJson(row);
        return skip > 0 ? dropJsonArrayItems(json, skip) : json;
      } catch {
        return null;
      }
    }),
  );
}
