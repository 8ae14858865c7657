import { liveQuery } from 'dexie';
import { openTabreelDb, type SessionRow, type TabreelDb } from '../../shared/db/schema';
import { readSessionEvents } from '../../shared/storage/read-session-events';
import type { SessionQuery, SessionSource } from './session-source';

function watch<T>(
  query: () => Promise<T>,
  onValue: (value: T) => void,
  onError: (error: unknown) => void,
): () => void {
  const subscription = liveQuery(query).subscribe({ next: onValue, error: onError });
  return () => subscription.unsubscribe();
}

/**
 * The extension's own database, read live (Dexie liveQuery): a session being recorded updates on
 * screen. The viewer writes only what the person edits (pin, label, tags, note) and deletions.
 */
export function createExtensionSource(db: TabreelDb = openTabreelDb()): SessionSource {
  const rowsOf = async ({ from, to, health }: SessionQuery): Promise<SessionRow[]> => {
    // The index narrows the rows; the time range is then a cheap check on what is left.
    const collection = health
      ? db.sessions.where('health').equals(health)
      : db.sessions.where('startedAt').between(from ?? -Infinity, to ?? Infinity, true, true);
    const rows = await collection.toArray();
    const inRange = (r: SessionRow) =>
      (from === undefined || r.startedAt >= from) && (to === undefined || r.startedAt <= to);
    return rows.filter(inRange).sort((a, b) => b.startedAt - a.startedAt);
  };
  return {
    kind: 'extension',
    watchSessions: (query, onRows, onError) => watch(() => rowsOf(query), onRows, onError),
    watchSession: (id, onRow, onError) =>
      watch(async () => (await db.sessions.get(id)) ?? null, onRow, onError),
    readEvents: (id) => readSessionEvents(db, id),
    readAnalysis: async (id) => {
      const [row, analysis] = await Promise.all([db.sessions.get(id), db.analyses.get(id)]);
      // Stale once the session got more events than were analyzed.
      if (!row || !analysis || analysis.eventCount !== row.eventCount) return null;
      return analysis.analysis;
    },
    deleteSessions: async (ids) => {
      await db.transaction('rw', [db.sessions, db.chunks, db.analyses], async () => {
        await db.chunks
          .where('sessionId')
          .anyOf([...ids])
          .delete();
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
      await db.sessions
        .where('id')
        .anyOf([...ids])
        .modify((row) => {
          const tags = new Set(row.tags ?? []);
          tags.add(tag);
          row.tags = [...tags].sort();
        });
    },
  };
}
