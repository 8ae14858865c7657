import { deleteAllData, type DeletedData } from '../../shared/storage/delete-all-data';
import { db, reopenIfFailed } from './database';
import { storageGuard } from './storage-guard';

/** The person deleted every recording (options page): settings stay; recording goes on. */
export async function handleDeleteAllData(): Promise<{ ok: true; deleted: DeletedData }> {
  await reopenIfFailed();
  const deleted = await deleteAllData(db);
  await storageGuard.onDataDeleted();
  return { ok: true, deleted };
}
