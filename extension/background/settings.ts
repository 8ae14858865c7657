import browser from 'webextension-polyfill';
import {
  SETTINGS_STORAGE_KEY,
  settingsFromStorage,
  type Settings,
} from '../../shared/settings/settings';

// Read once per worker life and on every change, not once per batch. Lost with the worker and
// read again on its next start: nothing here that cannot be lost.
let cached: Promise<Settings> | null = null;

browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && SETTINGS_STORAGE_KEY in changes) cached = null;
});

export function loadSettings(): Promise<Settings> {
  cached ??= browser.storage.local
    .get(SETTINGS_STORAGE_KEY)
    .then((stored) => settingsFromStorage(stored[SETTINGS_STORAGE_KEY]))
    .catch((error: unknown) => {
      cached = null;
      throw error;
    });
  return cached;
}
