import type { AssetRefRow, TabreelDb } from '../db/schema';
import { MAX_SESSION_ASSETS } from '../assets/asset-limits';

/**
 * Queues asset addresses for a session (pending refs: the service worker's fetch queue, durable
 * across worker deaths). Addresses it already has are skipped; past MAX_SESSION_ASSETS the rest
 * are dropped. Runs inside the caller's transaction when there is one. Returns how many were queued.
 */
export async function queueAssetRefs(
  db: TabreelDb,
  sessionId: string,
  urls: readonly string[],
  now: number,
): Promise<number> {
  if (urls.length === 0) return 0;
  return db.transaction('rw', db.assetRefs, async () => {
    const wanted = [...new Set(urls)];
    const known = new Set(
      (
        await db.assetRefs
          .where('[sessionId+url]')
          .anyOf(wanted.map((url) => [sessionId, url]))
          .primaryKeys()
      ).map((key) => key[1]),
    );
    const fresh = wanted.filter((url) => !known.has(url));
    if (fresh.length === 0) return 0;
    const room =
      MAX_SESSION_ASSETS - (await db.assetRefs.where('sessionId').equals(sessionId).count());
    const rows: AssetRefRow[] = fresh.slice(0, Math.max(0, room)).map((url) => ({
      sessionId,
      url,
      status: 'pending',
      hash: null,
      size: 0,
      attempts: 0,
      queuedAt: now,
    }));
    await db.assetRefs.bulkAdd(rows);
    return rows.length;
  });
}
