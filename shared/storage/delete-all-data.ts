import type { TabreelDb } from '../db/schema';

export interface DeletedData {
  sessions: number;
  bytes: number;
}

/**
 * Deletes every recording: sessions, their chunks and analyses, captured assets, and the tabs' sessionizer state
 * (an open session's row is gone, so the tab starts a new session, with a full snapshot, at its
 * next user event). Stream cursors stay: they hold no page data, and a late resend must still be
 * recognised. Settings live elsewhere (chrome.storage) and are kept. One transaction.
 */
export async function deleteAllData(db: TabreelDb): Promise<DeletedData> {
  const tables = [db.sessions, db.chunks, db.analyses, db.tabs, db.assets, db.assetRefs];
  return db.transaction('rw', tables, async () => {
    let sessions = 0;
    let bytes = 0;
    await db.sessions.each((row) => {
      sessions += 1;
      bytes += row.storedBytes;
    });
    await Promise.all([
      db.sessions.clear(),
      db.chunks.clear(),
      db.analyses.clear(),
      db.tabs.clear(),
      db.assets.clear(),
      db.assetRefs.clear(),
    ]);
    return { sessions, bytes };
  });
}
