// An export reads a session's chunk list in one transaction and each chunk in its own, so a late
// batch to an ended session, merged by the write path's compaction, can land in between.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChunkRow, TabreelDb } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { encodeRawChunk } from '../../shared/storage/chunk-codec';
import { commitBatch } from '../../shared/storage/commit-batch';
import { compactTail } from '../../shared/storage/compact-chunks';
import { ExportError, exportRrwebJsonParts } from '../../shared/storage/export-sessions';
import { recordTabClosed } from '../../shared/storage/tab-lifecycle';
import { chunkRowOf } from '../fixtures/chunk-row';
import { sequentialIds } from '../fixtures/ids';
import { DEFAULT_RULES, freshDb } from '../fixtures/tabreel-db';
import { at, describeTimeline, T0, timeline } from '../fixtures/timeline';

let db: TabreelDb;

beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

/** A small chunk of the late stream, stored raw as the write path stores it. */
const lateChunk = (events: readonly TimedEvent[], fromSeq: number): ChunkRow =>
  chunkRowOf(events, { sessionId: 's1', streamId: 'late', fromSeq }, encodeRawChunk);

/** Stores `chunk` into ended session s1 as a late batch: counted, and added to its tail. */
async function deliverLate(chunk: ChunkRow, merge: boolean): Promise<void> {
  await db.transaction('rw', [db.sessions, db.chunks], async () => {
    const row = (await db.sessions.get('s1'))!;
    await db.chunks.put(chunk);
    row.eventCount += chunk.count;
    const ids = [...(row.tail?.ids ?? []), chunk.id];
    row.tail = { streamId: chunk.streamId, ids, rawBytes: 0 };
    if (merge) await compactTail(db, row); // what the write path does to a tail
    await db.sessions.put(row);
  });
}

/** Session s1: a page load and a click on tab 1, ended by the tab closing. */
async function recordEndedSession(): Promise<void> {
  await commitBatch(db, {
    tabId: 1,
    incognito: false,
    streamId: 'stream-a',
    fromSeq: 0,
    events: timeline`load(/a)@0s click@1s`,
    rules: DEFAULT_RULES,
    privacyLevel: 'mask-inputs',
    now: T0,
    newId: sequentialIds(),
  });
  await recordTabClosed(db, 1, at('10s'), DEFAULT_RULES);
}

async function exportedEvents(): Promise<TimedEvent[]> {
  const parts = await exportRrwebJsonParts(db, 's1');
  const text = new TextDecoder().decode(await new Blob(parts as BlobPart[]).arrayBuffer());
  return JSON.parse(text) as TimedEvent[];
}

describe('export while a late batch is merged into an ended session', () => {
  it('exports again from the start and gives every event once', async () => {
    await recordEndedSession();
    await deliverLate(lateChunk(timeline`click@2s`, 0), false);
    // The export's first chunk fetch finds the late chunk merged with another that came meanwhile.
    const get = db.chunks.get.bind(db.chunks);
    let landed = false;
    db.chunks.get = (async (key: string) => {
      if (!landed) {
        landed = true;
        await deliverLate(lateChunk(timeline`click@3s`, 1), true);
      }
      return get(key);
    }) as typeof db.chunks.get;
    const events = await exportedEvents();
    expect(describeTimeline(events)).toBe('load(/a)@0s click@1s click@2s click@3s');
    expect(events).toHaveLength((await db.sessions.get('s1'))!.eventCount);
  });

  it('still calls a session whose chunks hold fewer events than its record damaged', async () => {
    await recordEndedSession();
    await db.sessions.update('s1', { eventCount: 99 });
    const error = await exportedEvents().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).code).toBe('damaged');
    expect((error as ExportError).message).toContain('where its record says 99');
  });

  it('says a session deleted while it was exported no longer exists, not that it is damaged', async () => {
    await recordEndedSession();
    // The person deletes the session between the export's chunk list and its first chunk.
    const get = db.chunks.get.bind(db.chunks);
    db.chunks.get = (async (key: string) => {
      await db.transaction('rw', [db.sessions, db.chunks], async () => {
        await db.chunks.where('sessionId').equals('s1').delete();
        await db.sessions.delete('s1');
      });
      return get(key);
    }) as typeof db.chunks.get;
    const error = await exportedEvents().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).code).toBe('missing');
    expect((error as ExportError).message).toBe('A session to export no longer exists.');
  });
});
