import type { TabreelDb } from '../db/schema';
import type { ReplayAsset } from '../messages/viewer-to-replay';
import { storedAssetRefs } from './stored-asset-refs';

/** A session's captured assets for its replay: each content once, with every address it stands for. */
export async function readSessionAssets(db: TabreelDb, sessionId: string): Promise<ReplayAsset[]> {
  return db.transaction('r', [db.assets, db.assetRefs], async () => {
    const urlsOf = new Map<string, string[]>();
    for (const ref of await storedAssetRefs(db, sessionId)) {
      const urls = urlsOf.get(ref.hash!) ?? [];
      urls.push(ref.url);
      urlsOf.set(ref.hash!, urls);
    }
    const rows = await db.assets.bulkGet([...urlsOf.keys()]);
    return rows.flatMap((row) =>
      row ? [{ mime: row.mime, urls: urlsOf.get(row.hash)!, data: row.data }] : [],
    );
  });
}
