import type { Storage } from 'webextension-polyfill';
import {
  SETTINGS_STORAGE_KEY,
  settingsFromStorage,
  type Settings,
} from '../../shared/settings/settings';
import { storageBudgetOf } from '../../shared/storage/enforce-budget';
import { openDatabase } from './open-database';
import { storageGuard } from './storage-guard';

/**
 * A lower budget or a shorter retention applies at once, not at the next sweep. The new value is
 * read from the change itself: the settings cache may not have heard of it yet. With the database
 * closed for room, the first sweep once there is room applies it.
 */
export async function handleBudgetChange(
  changes: Record<string, Storage.StorageChange>,
  area: string,
): Promise<void> {
  const change = area === 'local' ? changes[SETTINGS_STORAGE_KEY] : undefined;
  if (!change) return;
  const before = settingsFromStorage(change.oldValue);
  const after: Settings = settingsFromStorage(change.newValue);
  if (
    before.retentionDays === after.retentionDays &&
    before.storageBudgetMb === after.storageBudgetMb
  )
    return;
  if ((await openDatabase()).db === null) return;
  await storageGuard.enforce(storageBudgetOf(after));
}
