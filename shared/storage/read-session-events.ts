import { Dexie } from 'dexie';
import type { ChunkRow, TabreelDb } from '../db/schema';
import type { TimedEvent } from '../events/tabreel-events';
import { chunkJson, parseChunkJson } from './chunk-codec';

export interface SessionEvents {
  events: TimedEvent[];
  /** Chunks that could not be read (corrupt data): the events they held are missing. */
  unreadableChunks: string[];
}

export interface SessionEventText {
  /** Each readable chunk's events as a JSON array, UTF-8, inflated but not parsed. */
  arrays: Uint8Array[];
  unreadableChunks: string[];
}

/**
 * A session's chunks inflated, not parsed: what the replay frame needs (it parses them itself), so
 * a first frame does not wait for the viewer to parse and re-serialize every event.
 */
export async function readSessionEventText(
  db: TabreelDb,
  sessionId: string,
): Promise<SessionEventText> {
  const chunks = await db.chunks
    .where('[sessionId+firstTs]')
    .between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey])
    .toArray();
  chunks.sort((a, b) => a.firstTs - b.firstTs || a.fromSeq - b.fromSeq);
  return inflateChunkRows(chunks);
}

/** Chunks inflated in the order given; one that does not inflate to a JSON array is named, not thrown. */
export function inflateChunkRows(chunks: readonly ChunkRow[]): SessionEventText {
  return collectChunkJson(
    chunks,
    chunks.map((chunk) => {
      try {
        return chunkJson(chunk);
      } catch {
        return null;
      }
    }),
  );
}

/**
 * Chunks' inflated JSON (null: it did not inflate), in the order given, as event text: a chunk that
 * did not inflate, or inflated to something else than an array, is as unreadable as a corrupt one.
 */
export function collectChunkJson(
  chunks: readonly ChunkRow[],
  inflated: readonly (Uint8Array | null)[],
): SessionEventText {
  const arrays: Uint8Array[] = [];
  const unreadableChunks: string[] = [];
  inflated.forEach((json, i) => {
    if (json && json[0] === 0x5b && json[json.length - 1] === 0x5d) arrays.push(json);
    else unreadableChunks.push(chunks[i]!.id);
  });
  return { arrays, unreadableChunks };
}

/** The chunks' events, parsed, in time order (a chunk that does not parse is skipped). */
export function parseEventText(text: SessionEventText): SessionEvents {
  const events: TimedEvent[] = [];
  const unreadableChunks = [...text.unreadableChunks];
  text.arrays.forEach((json, i) => {
    try {
      for (const event of parseChunkJson(json)) events.push(event);
    } catch {
      unreadableChunks.push(`chunk ${i + 1}`);
    }
  });
  // Page loads are separate streams whose chunks can interleave in time: one stable sort.
  events.sort((a, b) => a.timestamp - b.timestamp);
  return { events, unreadableChunks };
}

/** A session's events in time order, decompressed. A corrupt chunk is reported, not fatal. */
export async function readSessionEvents(db: TabreelDb, sessionId: string): Promise<SessionEvents> {
  return parseEventText(await readSessionEventText(db, sessionId));
}
