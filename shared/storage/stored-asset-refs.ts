import { Dexie } from 'dexie';
import type { AssetRefRow, TabreelDb } from '../db/schema';

/** Stored refs of a session: its address → hash map. */
export async function storedAssetRefs(db: TabreelDb, sessionId: string): Promise<AssetRefRow[]> {
  return (
    await db.assetRefs
      .where('[sessionId+url]')
      .between([sessionId, Dexie.minKey], [sessionId, Dexie.maxKey])
      .toArray()
  ).filter((ref) => ref.status === 'stored' && ref.hash !== null);
}
