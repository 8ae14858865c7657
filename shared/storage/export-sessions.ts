import { Dexie } from 'dexie';
import type { BundleSessionMeta } from '../bundle/bundle-format';
import {
  changesSession,
  createSharingFilter,
  sharedMeta,
  type SharingOptions,
} from '../bundle/prepare-for-sharing';
import { writeRrwebJson } from '../bundle/rrweb-json';
import { writeBundle, type BundleSessionInput } from '../bundle/write-bundle';
import type { SessionRow, TabreelDb } from '../db/schema';
import type { TimedEvent } from '../events/tabreel-events';
import { decodeChunk } from './chunk-codec';
import { storedAssetRefs } from './stored-asset-refs';

/** `changed`: the session grew or was compacted while it was read (it is still recording). */
/** `empty`: nothing of the session is left in the range chosen for sharing. */
export type ExportErrorCode = 'missing' | 'changed' | 'damaged' | 'empty';

export class ExportError extends Error {
  constructor(
    readonly code: ExportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

/** Attempts at an export that keeps meeting a session changing under it. */
export const EXPORT_ATTEMPTS = 3;

/** The session was deleted while it was exported: neither a change to retry nor damage. */
const gone = () => new ExportError('missing', 'A session to export no longer exists.');

interface ChunkRef {
  id: string;
  firstTs: number;
  fromSeq: number;
}

/** What a bundle says of a session: its row in brief, without local state (tab, pin, sizes). */
export function bundleMetaOf(row: SessionRow): BundleSessionMeta {
  return {
    id: row.id,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    endReason: row.endReason,
    startReason: row.startReason,
    firstUrl: row.firstUrl,
    host: row.host,
    title: row.title,
    pageCount: row.pageCount,
    eventCount: row.eventCount,
    campaign: row.campaign,
    privacy: { level: row.privacy.level },
    ...(row.label ? { label: row.label } : {}),
    ...(row.tags?.length ? { tags: [...row.tags] } : {}),
    ...(row.note ? { note: row.note } : {}),
  };
}

function nameOf(row: SessionRow): string {
  return `“${row.label || row.title || row.firstUrl || row.id}”`;
}

/** A chunk's sequence start, from its key (`${streamId}:${fromSeq}`): the keys are read, not the rows. */
function fromSeqOf(id: string): number {
  const seq = Number(id.slice(id.lastIndexOf(':') + 1));
  return Number.isFinite(seq) ? seq : 0;
}

/**
 * The session's events in time order, a piece at a time. Its chunks are fetched and decoded one by
 * one, in the order `readSessionEvents` reads them (first timestamp, then sequence); page loads are
 * separate streams whose chunks may overlap in time, so decoded chunks are merged by timestamp, and
 * a chunk is held only until every event up to the next chunk's first timestamp has gone out. The
 * order is exactly `readSessionEvents`'s stable sort; nothing holds all of a session's events.
 */
async function* eventPieces(
  db: TabreelDb,
  row: SessionRow,
  refs: readonly ChunkRef[],
): AsyncGenerator<TimedEvent[]> {
  interface OpenChunk {
    events: TimedEvent[];
    at: number;
    order: number;
  }
  const open: OpenChunk[] = [];
  let next = 0;
  let emitted = 0;
  while (next < refs.length || open.length > 0) {
    const bound = next < refs.length ? refs[next]!.firstTs : Infinity;
    const piece: TimedEvent[] = [];
    for (;;) {
      let best: OpenChunk | null = null;
      for (const chunk of open) {
        if (!best) best = chunk;
        else {
          const a = chunk.events[chunk.at]!.timestamp;
          const b = best.events[best.at]!.timestamp;
          if (a < b || (a === b && chunk.order < best.order)) best = chunk;
        }
      }
      // Equal timestamps: an open chunk comes before a later one (a stable sort's order).
      if (!best || best.events[best.at]!.timestamp > bound) break;
      piece.push(best.events[best.at]!);
      best.at += 1;
      if (best.at === best.events.length) open.splice(open.indexOf(best), 1);
    }
    if (piece.length > 0) {
      emitted += piece.length;
      yield piece;
    }
    if (next < refs.length) {
      const ref = refs[next]!;
      const stored = await db.chunks.get(ref.id);
      if (!stored) {
        const change = row.endedAt === null ? 'changed' : await changeSince(db, row, refs);
        if (change === 'deleted') throw gone();
        throw new ExportError(change ?? 'missing', `${nameOf(row)} changed while it was exported.`);
      }
      let events: TimedEvent[];
      try {
        events = decodeChunk(stored);
      } catch {
        throw new ExportError(
          'damaged',
          `${nameOf(row)} has a stored chunk that cannot be read, so it cannot be exported whole.`,
        );
      }
      events.sort((a, b) => a.timestamp - b.timestamp);
      if (events.length > 0) open.push({ events, at: 0, order: next });
      next += 1;
    }
  }
  if (emitted !== row.eventCount) {
    const change = row.endedAt === null ? 'changed' : await changeSince(db, row, refs);
    if (change === 'deleted') throw gone();
    const changed = change === 'changed';
    throw new ExportError(
      changed ? 'changed' : 'damaged',
      changed
        ? `${nameOf(row)} changed while it was exported.`
        : `${nameOf(row)} holds ${emitted} events where its record says ${row.eventCount}, so it cannot be exported whole.`,
    );
  }
}

/**
 * Whether a batch, a merge of chunks or a deletion landed since `row` and `refs` were read: an ended
 * session still takes late batches, and their chunks are merged like an open one's, so a chunk gone
 * or a count off is then a change to export again from the start, not damage. Null: nothing moved.
 */
async function changeSince(
  db: TabreelDb,
  row: SessionRow,
  refs: readonly ChunkRef[],
): Promise<'deleted' | 'changed' | null> {
  return db.transaction('r', [db.sessions, db.chunks], async () => {
    const now = await db.sessions.get(row.id);
    if (!now) return 'deleted'; // nothing to export again, and not damage either
    if (now.eventCount !== row.eventCount) return 'changed';
    const keys = await db.chunks
      .where('[sessionId+firstTs]')
      .between([row.id, Dexie.minKey], [row.id, Dexie.maxKey])
      .primaryKeys();
    const known = new Set(refs.map((ref) => ref.id));
    return keys.length !== known.size || keys.some((key) => !known.has(String(key)))
      ? 'changed'
      : null;
  });
}

/**
 * The bundle inputs for these sessions, in this order: each one's meta from its row, its events
 * read chunk by chunk as the bundle is written, and its stored analysis when it is current (the
 * session ended and nothing arrived since). The row and its chunk list are read together, so the
 * events match the count the meta gives even for a session still recording.
 */
export async function exportSessions(
  db: TabreelDb,
  ids: readonly string[],
  sharing?: SharingOptions,
): Promise<BundleSessionInput[]> {
  const inputs: BundleSessionInput[] = [];
  for (const id of ids) {
    const { row, refs, analysis, assetRefs } = await db.transaction(
      'r',
      [db.sessions, db.chunks, db.analyses, db.assetRefs],
      async () => {
        const row = await db.sessions.get(id);
        if (!row) throw gone();
        const refs: ChunkRef[] = [];
        // Keys only: no chunk's data is loaded here.
        await db.chunks
          .where('[sessionId+firstTs]')
          .between([id, Dexie.minKey], [id, Dexie.maxKey])
          .eachKey((key, cursor) => {
            const chunkId = String(cursor.primaryKey);
            refs.push({
              id: chunkId,
              firstTs: (key as [string, number])[1],
              fromSeq: fromSeqOf(chunkId),
            });
          });
        return {
          row,
          refs,
          analysis: await db.analyses.get(id),
          assetRefs: await storedAssetRefs(db, id),
        };
      },
    );
    refs.sort((a, b) => a.firstTs - b.firstTs || a.fromSeq - b.fromSeq);
    if (sharing && changesSession(sharing)) {
      const captured = assetRefs.map((ref) => ({ url: ref.url, hash: ref.hash! }));
      inputs.push({ ...(await sharedInput(db, row, refs, sharing)), assetRefs: captured });
      continue;
    }
    const current = row.endedAt !== null && analysis?.eventCount === row.eventCount;
    inputs.push({
      meta: bundleMetaOf(row),
      events: { [Symbol.asyncIterator]: () => eventPieces(db, row, refs) },
      analysis: current ? analysis.analysis : null,
      assetRefs: assetRefs.map((ref) => ({ url: ref.url, hash: ref.hash! })),
    });
  }
  return inputs;
}

/** The session's events as trimmed and redacted for sharing, read chunk by chunk. */
async function* sharedPieces(
  db: TabreelDb,
  row: SessionRow,
  refs: readonly ChunkRef[],
  sharing: SharingOptions,
): AsyncGenerator<TimedEvent[]> {
  const filter = createSharingFilter(sharing);
  for await (const piece of eventPieces(db, row, refs)) {
    const kept = piece.flatMap((event) => filter.push(event));
    if (kept.length > 0) yield kept;
  }
  const tail = filter.end();
  if (tail.length > 0) yield [...tail];
}

/**
 * A shared copy's bundle input. The session record comes before the events and states their count,
 * so the events are read twice, chunk by chunk both times: once to count what is kept, once to
 * write it. The stored analysis is left out (it is of the whole session); a reader derives it. The
 * captured assets travel as in a full export (the caller adds them).
 */
async function sharedInput(
  db: TabreelDb,
  row: SessionRow,
  refs: readonly ChunkRef[],
  sharing: SharingOptions,
): Promise<BundleSessionInput> {
  let eventCount = 0;
  let lastTs: number | null = null;
  for await (const piece of sharedPieces(db, row, refs, sharing)) {
    eventCount += piece.length;
    lastTs = piece.at(-1)!.timestamp;
  }
  if (eventCount === 0)
    throw new ExportError('empty', `Nothing of ${nameOf(row)} is left in the chosen time range.`);
  return {
    meta: sharedMeta(bundleMetaOf(row), sharing, { eventCount, lastTs }),
    events: { [Symbol.asyncIterator]: () => sharedPieces(db, row, refs, sharing) },
    analysis: null,
  };
}

/** Runs an export again from the start while a session keeps changing under it (recording). */
async function withRetries(run: (onData: (chunk: Uint8Array) => void) => Promise<unknown>) {
  for (let attempt = 1; ; attempt++) {
    const parts: Uint8Array[] = [];
    try {
      await run((chunk) => parts.push(chunk));
      return parts;
    } catch (error) {
      if (!(error instanceof ExportError && error.code === 'changed') || attempt >= EXPORT_ATTEMPTS)
        throw error;
    }
  }
}

/**
 * One bundle of these sessions, as the pieces of a file (for a Blob): streamed, never whole. With
 * `sharing`, each session is a trimmed and redacted copy (shared/bundle/prepare-for-sharing.ts);
 * the stored sessions are not touched.
 */
export async function exportBundleParts(
  db: TabreelDb,
  ids: readonly string[],
  options: {
    producer: { name: string; version: string };
    createdAt: number;
    sharing?: SharingOptions;
  },
): Promise<Uint8Array[]> {
  if (ids.length === 0) throw new ExportError('missing', 'There is no session to export.');
  const { sharing, ...header } = options;
  return withRetries(async (onData) =>
    writeBundle(await exportSessions(db, ids, sharing), {
      ...header,
      onData,
      // One asset's bytes at a time, as the writer gets to it.
      readAsset: async (hash) => {
        const asset = await db.assets.get(hash);
        return asset && { mime: asset.mime, data: asset.data };
      },
    }),
  );
}

/** One session as a plain rrweb event array (JSON), as the pieces of a file. */
export function exportRrwebJsonParts(db: TabreelDb, id: string): Promise<Uint8Array[]> {
  return withRetries(async (onData) => {
    const [input] = await exportSessions(db, [id]);
    return writeRrwebJson(input!.events, onData);
  });
}
