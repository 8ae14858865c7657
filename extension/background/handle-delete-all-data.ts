import { deleteAllData, type DeletedData } from '../../shared/storage/delete-all-data';
import { updateAllBadges } from './badge';
import { openDatabase } from './open-database';
import { storageGuard } from './storage-guard';

/** The person deleted every recording (options page): settings stay; recording goes on. */
export async function handleDeleteAllData(): Promise<{ ok: true; deleted: DeletedData }> {
  // Closed by a full disk: reopened only with room, as everywhere (a reopen there deleted it all).
  const opened = await openDatabase();
  if (opened.db === null) throw new Error(opened.why);
  const deleted = await deleteAllData(opened.db);
  await storageGuard.onDataDeleted();
  // The badges counted failed actions of sessions now gone; nothing recounts a tab until its next
  // batch, so a quiet tab kept saying "1" over an empty list.
  await updateAllBadges();
  return { ok: true, deleted };
}
