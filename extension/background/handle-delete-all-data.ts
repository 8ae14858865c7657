import { deleteAllData, type DeletedData } from '../../shared/storage/delete-all-data';
import { db } from './database';
import { reopenIfRoom, storageGuard } from './storage-guard';

/** The person deleted every recording (options page): settings stay; recording goes on. */
export async function handleDeleteAllData(): Promise<{ ok: true; deleted: DeletedData }> {
  // Closed by a full disk: reopened only with room, as everywhere (a reopen there deleted it all).
  if (!(await reopenIfRoom()))
    throw new Error(
      'the disk is all but full, and Tabreel does not reopen its recordings before space is freed (that can lose them).',
    );
  const deleted = await deleteAllData(db);
  await storageGuard.onDataDeleted();
  return { ok: true, deleted };
}
