import { Dexie } from 'dexie';
import type { ChunkRow, TabreelDb } from '../db/schema';
import { inflateChunkRowsAsync } from './inflate-chunk-rows-async';
import { inflateChunkRows, type SessionEventText } from './read-session-events';

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
}

const inTimeOrder = (a: ChunkRow, b: ChunkRow) => a.firstTs - b.firstTs || a.fromSeq - b.fromSeq;

/**
 * A session's chunks, inflated not parsed, in parts: first what a replay needs to show its first
 * frame at `atMs`, then the rest in parts of about a megabyte, so the first frame waits for one
 * chunk instead of all of them. Later parts start after `atMs`: a replay paused there only adds them.
 * Resolves with every part's text together.
 */
export async function readSessionEventParts(
  db: TabreelDb,
  sessionId: string,
  options: ReadPartsOptions,
): Promise<SessionEventText> {
  const bySession = () => db.chunks.where('[sessionId+firstTs]');
  const leading = await bySession()
    .between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey])
    .limit(FIRST_READ_ROWS)
    .toArray();
  const head = leading[0];
  if (!head) {
    const none = { arrays: [], unreadableChunks: [] };
    await options.onFirst({ ...none, last: true });
    return none;
  }
  const cut = head.firstTs + Math.max(0, options.atMs);
  // A row of the first read past `cut` shows the first part complete; else (a deep link) read it.
  const firstChunks =
    leading.some((row) => row.firstTs > cut) || leading.length < FIRST_READ_ROWS
      ? leading.filter((row) => row.firstTs <= cut)
      : await bySession()
          .between([sessionId, head.firstTs], [sessionId, cut], true, true)
          .toArray();
  // Natively: the first frame waits for this one (fflate inflates the rest, after it).
  const first = await inflateChunkRowsAsync(firstChunks.sort(inTimeOrder));
  // The rest is asked for now, not before: its rows (4 MB at 200k events) would otherwise be
  // taken in on this thread while the first part inflates. It arrives while the frame is built.
  const restPending = bySession()
    .between([sessionId, cut], [sessionId, Dexie.maxKey], false, true)
    .toArray()
    .then((rows) => rows.sort(inTimeOrder));
  restPending.catch(() => {}); // awaited below; not unhandled while the first frame is built
  const all: SessionEventText = {
    arrays: [...first.arrays],
    unreadableChunks: [...first.unreadableChunks],
  };
  // Whether anything follows is known only once the rest is read; an empty last part says so.
  await options.onFirst({ ...first, last: false });
  const rest = await restPending;
  let from = 0;
  do {
    if (options.cancelled()) return all;
    let to = from;
    let bytes = 0;
    while (to < rest.length && bytes < PART_BYTES) bytes += rest[to++]!.rawBytes || PART_BYTES;
    const part = inflateChunkRows(rest.slice(from, to));
    all.arrays.push(...part.arrays);
    all.unreadableChunks.push(...part.unreadableChunks);
    from = to;
    options.onPart({ ...part, last: from >= rest.length });
    if (from < rest.length) await options.yieldTask();
  } while (from < rest.length);
  return all;
}
