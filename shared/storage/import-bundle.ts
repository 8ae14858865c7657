import { analyzeSession, type SessionAnalysis } from '../analysis/analyze-session';
import { summarizeSession } from '../analysis/summarize-session';
import { BundleError } from '../bundle/bundle-error';
import type { BundleAsset, BundleSession, ReadBundle } from '../bundle/read-bundle';
import type {
  AnalysisRow,
  AssetRefRow,
  ChunkRow,
  ImportedFrom,
  SessionRow,
  TabreelDb,
} from '../db/schema';
import type { TimedEvent } from '../events/tabreel-events';
import type { EndReason, StartReason } from '../session/session-types';
import { END_REASONS } from '../session/end-reasons';
import { PRIVACY_LEVELS, type PrivacyLevel } from '../settings/settings';
import { clampSessionEnd } from '../replay/replay-span';
import { encodeChunk } from './chunk-codec';

/** Imported events are stored in chunks of this many (a recorded session's are ~128 KB raw). */
export const IMPORT_EVENTS_PER_CHUNK = 1000;

/** An imported session's tab: none in this browser (real tab ids are never negative). */
export const IMPORTED_TAB_ID = -1;

const START_REASONS: readonly StartReason[] = [
  'navigation',
  'activity',
  'manual',
  'max-duration',
  'campaign',
];

export interface ImportOptions {
  /** The file's name, shown on every session imported from it. */
  from: string;
  now: number;
  newId: () => string;
}

/** Where the sessions came from, beyond the file's name. */
export interface ImportOrigin {
  producer: string;
  /** The file's hash: a bundle's end-record hash, or the whole file's for rrweb JSON. */
  sha256: string;
}

interface Prepared {
  row: SessionRow;
  chunks: ChunkRow[];
  analysis: AnalysisRow;
  assetRefs: AssetRefRow[];
}

function sortedByTime(events: readonly TimedEvent[]): readonly TimedEvent[] {
  for (let i = 1; i < events.length; i++)
    if (events[i]!.timestamp < events[i - 1]!.timestamp)
      return [...events].sort((a, b) => a.timestamp - b.timestamp); // stable
  return events;
}

function prepare(
  session: BundleSession,
  index: number,
  imported: Omit<ImportedFrom, 'originalId'>,
  newId: () => string,
  assets: ReadonlyMap<string, BundleAsset>,
): Prepared {
  const { meta } = session;
  const id = newId();
  const streamId = `imported-${id}`;
  const events = sortedByTime(session.events);
  const chunks: ChunkRow[] = [];
  let storedBytes = 0;
  let rawBytes = 0;
  let lastEventAt = meta.startedAt;
  for (let from = 0; from < events.length; from += IMPORT_EVENTS_PER_CHUNK) {
    const slice = events.slice(from, from + IMPORT_EVENTS_PER_CHUNK);
    const encoded = encodeChunk(slice);
    const firstTs = slice[0]!.timestamp;
    const lastTs = slice.at(-1)!.timestamp;
    lastEventAt = Math.max(lastEventAt, lastTs);
    storedBytes += encoded.data.byteLength;
    rawBytes += encoded.rawBytes;
    chunks.push({
      id: `${streamId}:${from}`,
      sessionId: id,
      streamId,
      fromSeq: from,
      toSeq: from + slice.length - 1,
      firstTs,
      lastTs,
      count: slice.length,
      rawBytes: encoded.rawBytes,
      data: encoded.data,
    });
  }
  // A file's end is taken within reason (replay-span.ts): not before its last event, not
  // Infinity (JSON's 1e999), not days after it. The viewer's replay runs to this end.
  const endedAt = clampSessionEnd(
    meta.endedAt ?? lastEventAt,
    events.at(-1)?.timestamp ?? meta.startedAt,
  );
  // As before: an imported row's last activity is its end (the file knows no later one).
  lastEventAt = Math.max(lastEventAt, endedAt);
  // Re-derived here, never taken from the file: a file's analysis may be stale, wrong or forged.
  let analysis: SessionAnalysis;
  try {
    analysis = analyzeSession(events, { startedAt: meta.startedAt, endedAt });
  } catch (error) {
    throw new BundleError(
      'bad-session',
      `Session ${index + 1} (“${meta.title || meta.firstUrl || meta.id}”) could not be analysed: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  const summary = summarizeSession(analysis);
  const level = meta.privacy.level;
  const row: SessionRow = {
    id,
    tabId: IMPORTED_TAB_ID,
    incognito: false,
    startedAt: meta.startedAt,
    startReason: START_REASONS.includes(meta.startReason as StartReason)
      ? (meta.startReason as StartReason)
      : 'navigation',
    endedAt,
    endReason: END_REASONS.includes(meta.endReason as EndReason)
      ? (meta.endReason as EndReason)
      : null,
    lastEventAt,
    firstUrl: meta.firstUrl,
    host: meta.host,
    title: meta.title,
    pageCount: meta.pageCount,
    eventCount: events.length,
    storedBytes,
    rawBytes,
    campaign: meta.campaign,
    privacy: {
      level: PRIVACY_LEVELS.includes(level as PrivacyLevel) ? (level as PrivacyLevel) : 'unknown',
    },
    pinned: 0,
    tail: null,
    analysisPending: 0,
    summary,
    health: summary.health,
    ...(meta.label ? { label: meta.label } : {}),
    ...(meta.tags?.length ? { tags: [...new Set(meta.tags)].sort() } : {}),
    ...(meta.note ? { note: meta.note } : {}),
    imported: { ...imported, originalId: meta.id },
  };
  // Its captured assets, as stored refs (the reader checked every hash is held and matches).
  const byUrl = new Map<string, AssetRefRow>();
  for (const ref of session.assetRefs) {
    const asset = assets.get(ref.hash);
    if (!asset || byUrl.has(ref.url)) continue;
    byUrl.set(ref.url, {
      sessionId: id,
      url: ref.url,
      status: 'stored',
      hash: ref.hash,
      size: asset.data.byteLength,
      attempts: 0,
      queuedAt: imported.at,
    });
  }
  return {
    row,
    chunks,
    analysis: { sessionId: id, eventCount: events.length, analysis },
    assetRefs: [...byUrl.values()],
  };
}

/**
 * Stores sessions read from a file, all or nothing (one transaction over sessions, chunks and
 * analyses): each under a new id, marked imported (`tabId` -1, unpinned, ended), its events
 * re-chunked, its analysis computed again here. Returns the new ids, in the file's order.
 */
export async function importSessions(
  db: TabreelDb,
  sessions: readonly BundleSession[],
  origin: ImportOrigin,
  options: ImportOptions,
  assets: ReadonlyMap<string, BundleAsset> = new Map(),
): Promise<string[]> {
  const imported = {
    from: options.from,
    at: options.now,
    producer: origin.producer,
    sha256: origin.sha256,
  };
  const prepared = sessions.map((session, index) =>
    prepare(session, index, imported, options.newId, assets),
  );
  const used = new Set(prepared.flatMap((p) => p.assetRefs.map((ref) => ref.hash!)));
  const tables = [db.sessions, db.chunks, db.analyses, db.assets, db.assetRefs];
  await db.transaction('rw', tables, async () => {
    // add, not put: an id that is somehow taken fails the whole import instead of overwriting.
    await db.sessions.bulkAdd(prepared.map((p) => p.row));
    await db.chunks.bulkAdd(prepared.flatMap((p) => p.chunks));
    await db.analyses.bulkAdd(prepared.map((p) => p.analysis));
    // Assets already here (recorded, or imported before) are kept, not written again: same hash,
    // same bytes.
    const present = new Set(
      await db.assets
        .where('hash')
        .anyOf([...used])
        .primaryKeys(),
    );
    await db.assets.bulkAdd(
      [...used]
        .filter((hash) => !present.has(hash))
        .map((hash) => {
          const asset = assets.get(hash)!;
          return {
            hash,
            mime: asset.mime,
            size: asset.data.byteLength,
            data: asset.data,
            storedAt: options.now,
          };
        }),
    );
    await db.assetRefs.bulkAdd(prepared.flatMap((p) => p.assetRefs));
  });
  return prepared.map((p) => p.row.id);
}

/** Stores a bundle `readBundle` accepted: see `importSessions`. */
export function importBundle(
  db: TabreelDb,
  bundle: ReadBundle,
  options: ImportOptions,
): Promise<string[]> {
  const { producer } = bundle.header;
  return importSessions(
    db,
    bundle.sessions,
    { producer: `${producer.name} ${producer.version}`, sha256: bundle.sha256 },
    options,
    bundle.assets,
  );
}
