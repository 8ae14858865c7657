import type { TabreelDb } from '../db/schema';

/**
 * Deletes the captured assets whose hashes no ref points at any more (of `hashes`, or of all when
 * omitted). Runs inside the caller's transaction when there is one. Returns how many went.
 */
export async function collectUnreferencedAssets(
  db: TabreelDb,
  hashes?: Iterable<string>,
): Promise<number> {
  return db.transaction('rw', [db.assets, db.assetRefs], async () => {
    const candidates = hashes ? [...new Set(hashes)] : await db.assets.toCollection().primaryKeys();
    const orphans: string[] = [];
    for (const hash of candidates)
      if ((await db.assetRefs.where('hash').equals(hash).count()) === 0) orphans.push(hash);
    if (orphans.length > 0) await db.assets.bulkDelete(orphans);
    return orphans.length;
  });
}

/**
 * Deletes these sessions' asset refs and every captured asset no other session uses any more.
 * Runs inside the caller's transaction (which must include assets and assetRefs) when there is one.
 */
export async function deleteSessionAssets(
  db: TabreelDb,
  sessionIds: readonly string[],
): Promise<void> {
  if (sessionIds.length === 0) return;
  await db.transaction('rw', [db.assets, db.assetRefs], async () => {
    const refs = db.assetRefs.where('sessionId').anyOf([...sessionIds]);
    const hashes = new Set<string>();
    await refs.each((ref) => {
      if (ref.hash) hashes.add(ref.hash);
    });
    await refs.delete();
    await collectUnreferencedAssets(db, hashes);
  });
}
