import { liveQuery } from 'dexie';
import { openTabreelDb, type SessionRow, type TabreelDb } from '../../shared/db/schema';
import { readSessionEvents } from '../../shared/storage/read-session-events';
import { readSessionEventParts } from '../../shared/storage/read-session-event-parts';
import { readSessionTail } from '../../shared/storage/read-session-tail';
import { matchesQuery } from '../state/filter-sessions';
import type { SessionFacets, SessionQuery, SessionSource } from './session-source';
import { watchSessionRows } from './watch-session-rows';
import { readSessionAssets } from '../../shared/storage/read-session-assets';

/** The export and import code: a chunk of its own, loaded on first use (see session-files.ts). */
const sessionFiles = () => import('./session-files');

function watch<T>(
  query: () => Promise<T>,
  onValue: (value: T) => void,
  onError: (error: unknown) => void,
): () => void {
  const subscription = liveQuery(query).subscribe({ next: onValue, error: onError });
  return () => subscription.unsubscribe();
}

/**
 * The extension's own database, read live (Dexie liveQuery, and for the list only the rows that
 * changed): a session being recorded updates on screen. The viewer writes only what the person
 * edits (pin, label, tags, note), deletions, and the sessions the person imports.
 */
export function createExtensionSource(
  db: TabreelDb = openTabreelDb(),
  /** The standalone viewer's file, the HTML export's template; null: no HTML export. */
  viewerHtml: (() => Promise<string>) | null = extensionViewerHtml,
): SessionSource {
  const rowsOf = async (query: SessionQuery): Promise<SessionRow[]> => {
    const rows = await narrowed(db, query).toArray();
    return rows.filter((row) => matchesQuery(row, query)).sort((a, b) => b.startedAt - a.startedAt);
  };
  const facets = async (): Promise<SessionFacets> => {
    // Key-only reads of the indexes: no row is loaded.
    const [total, hosts, tags] = await Promise.all([
      db.sessions.count(),
      db.sessions.orderBy('host').uniqueKeys(),
      db.sessions.orderBy('tags').uniqueKeys(),
    ]);
    return { total, hosts: hosts.map(String), tags: tags.map(String) };
  };
  const modifyTags = (ids: readonly string[], change: (tags: Set<string>) => void) =>
    db.sessions
      .where('id')
      .anyOf([...ids])
      .modify((row) => {
        const tags = new Set(row.tags ?? []);
        change(tags);
        row.tags = [...tags].sort();
      });
  return {
    kind: 'extension',
    watchSessions: (query, onRows, onError) =>
      watchSessionRows(db, query, () => rowsOf(query), onRows, onError),
    readNewest: (limit) => db.sessions.orderBy('startedAt').reverse().limit(limit).toArray(),
    watchFacets: (onFacets, onError) => watch(facets, onFacets, onError),
    watchSession: (id, onRow, onError) => {
      const stop = watch(async () => (await db.sessions.get(id)) ?? null, onRow, onError);
      // Chromium can close the page's connection (a full disk, the site's data cleared), and the
      // page does not reopen it (open-page-database.ts): a live query would just fall silent.
      const onClose = () => onError(new Error('the connection to the recordings was closed'));
      db.on('close', onClose);
      return () => {
        db.on.close.unsubscribe(onClose);
        stop();
      };
    },
    readEvents: (id) => readSessionEvents(db, id),
    readEventParts: (id, options) => readSessionEventParts(db, id, options),
    readEventTail: (id, given) => readSessionTail(db, id, given),
    readAssets: (id) => readSessionAssets(db, id),
    readAnalysis: async (id) => {
      const [row, analysis] = await Promise.all([db.sessions.get(id), db.analyses.get(id)]);
      // Stale once the session got more events than were analyzed.
      if (!row || !analysis || analysis.eventCount !== row.eventCount) return null;
      return analysis.analysis;
    },
    deleteSessions: async (ids) => {
      // Loaded before the transaction: awaiting anything else inside it would end it.
      const { deleteSessionAssets } = await import('../../shared/storage/delete-session-assets');
      const tables = [db.sessions, db.chunks, db.analyses, db.assets, db.assetRefs];
      await db.transaction('rw', tables, async () => {
        await db.chunks
          .where('sessionId')
          .anyOf([...ids])
          .delete();
        // Captured assets no other session uses go with them.
        await deleteSessionAssets(db, ids);
        await db.analyses.bulkDelete([...ids]);
        await db.sessions.bulkDelete([...ids]);
      });
    },
    setPinned: async (ids, pinned) => {
      await db.sessions
        .where('id')
        .anyOf([...ids])
        .modify({ pinned: pinned ? 1 : 0 });
    },
    update: async (id, changes) => {
      await db.sessions.update(id, changes);
    },
    addTag: async (ids, tag) => {
      await modifyTags(ids, (tags) => tags.add(tag));
    },
    removeTag: async (ids, tag) => {
      await modifyTags(ids, (tags) => tags.delete(tag));
    },
    exportBundle: async (ids, sharing) => (await sessionFiles()).exportBundleFile(db, ids, sharing),
    exportRrwebJson: async (id) => (await sessionFiles()).exportRrwebJsonFile(db, id),
    exportHtml: viewerHtml
      ? async (id, sharing) => (await sessionFiles()).exportPageFile(db, viewerHtml, id, sharing)
      : undefined,
    importFile: async (file) => (await sessionFiles()).importSessionFile(db, file),
  };
}

/** The standalone viewer, built into the extension (vite.config.ts): the HTML export's template. */
async function extensionViewerHtml(): Promise<string> {
  const response = await fetch(new URL('/standalone/tabreel-viewer.html', location.origin));
  if (!response.ok) throw new Error(`the standalone viewer is missing (${response.status})`);
  return response.text();
}

type SessionCollection = ReturnType<TabreelDb['sessions']['toCollection']>;

/**
 * The rows of one index that can answer `query`, the most selective first: a site or the pinned
 * few before a time range, a time range before health (two values, each a large share of rows).
 * The other conditions are then checked on what is left.
 */
function narrowed(db: TabreelDb, query: SessionQuery): SessionCollection {
  if (query.host !== undefined) return db.sessions.where('host').equals(query.host);
  if (query.pinned) return db.sessions.where('pinned').equals(1);
  if (query.from !== undefined || query.to !== undefined)
    return db.sessions
      .where('startedAt')
      .between(query.from ?? -Infinity, query.to ?? Infinity, true, false);
  if (query.health !== undefined) return db.sessions.where('health').equals(query.health);
  return db.sessions.orderBy('startedAt');
}
