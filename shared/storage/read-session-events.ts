import { Dexie } from 'dexie';
import type { TabreelDb } from '../db/schema';
import type { TimedEvent } from '../events/tabreel-events';
import { decodeChunk } from './chunk-codec';

export interface SessionEvents {
  events: TimedEvent[];
  /** Chunks that could not be read (corrupt data): the events they held are missing. */
  unreadableChunks: string[];
}

/** A session's events in time order, decompressed. A corrupt chunk is reported, not fatal. */
export async function readSessionEvents(db: TabreelDb, sessionId: string): Promise<SessionEvents> {
  const chunks = await db.chunks
    .where('[sessionId+firstTs]')
    .between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey])
    .toArray();
  chunks.sort((a, b) => a.firstTs - b.firstTs || a.fromSeq - b.fromSeq);
  const events: TimedEvent[] = [];
  const unreadableChunks: string[] = [];
  for (const chunk of chunks) {
    try {
      for (const event of decodeChunk(chunk.data)) events.push(event);
    } catch {
      unreadableChunks.push(chunk.id);
    }
  }
  // Page loads are separate streams whose chunks can interleave in time: one stable sort.
  events.sort((a, b) => a.timestamp - b.timestamp);
  return { events, unreadableChunks };
}
