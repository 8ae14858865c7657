import browser from 'webextension-polyfill';
import {
  SETTINGS_STORAGE_KEY,
  settingsFromStorage,
  type Settings,
} from '../../shared/settings/settings';

/** Read on every use: the worker may have restarted, and reads from storage.local take ~1 ms. */
export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_STORAGE_KEY);
  return settingsFromStorage(stored[SETTINGS_STORAGE_KEY]);
}
