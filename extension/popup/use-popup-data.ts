import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { exportFileName } from '../../shared/bundle/bundle-file-name';
import { BUNDLE_MEDIA_TYPE } from '../../shared/bundle/bundle-format';
import { TABREEL_PRODUCER } from '../../shared/bundle/tabreel-producer';
import type { SessionRow } from '../../shared/db/schema';
import { liveFailuresKey, type LiveFailures } from '../../shared/messages/live-failures';
import {
  EMPTY_STATUS,
  STATUS_STORAGE_KEY,
  type PopupToBackgroundMessage,
  type RecorderStatus,
} from '../../shared/messages/popup-to-background';
import {
  SETTINGS_STORAGE_KEY,
  settingsFromStorage,
  type Settings,
} from '../../shared/settings/settings';
import { exportBundleParts } from '../../shared/storage/export-sessions';
import { blobOf, saveFile } from '../../viewer/state/save-file';
import { createExtensionSource } from '../../viewer/sources/extension-source';
import { HTML_EXPORT_EXTENSION } from '../../shared/bundle/html-export';
import { openPageDatabase } from '../../viewer/sources/open-page-database';
import { watchOnceOpen } from '../../viewer/sources/watch-once-open';

// Not opened on a disk all but full: the status says "Disk full", and no session is shown.
const { db, ready } = openPageDatabase();

/** How long the popup waits for the worker to end a session past its limit before showing it. */
const EXPIRE_WAIT_MS = 1000;

export interface ActiveTab {
  id: number;
  url: string;
  incognito: boolean;
}

export interface PopupData {
  tab: ActiveTab | null;
  settings: Settings | null;
  status: RecorderStatus;
  /** The tab's open session, live. */
  session: SessionRow | null;
  failures: LiveFailures | null;
}

/** Everything the popup shows, kept live: settings, status, the tab's session and its failures. */
export function usePopupData(): PopupData {
  const [tab, setTab] = useState<ActiveTab | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<RecorderStatus>(EMPTY_STATUS);
  const [session, setSession] = useState<SessionRow | null>(null);
  const [failures, setFailures] = useState<LiveFailures | null>(null);

  useEffect(() => {
    void browser.tabs.query({ active: true, currentWindow: true }).then(async ([active]) => {
      if (active?.id === undefined) return;
      // A session past its inactivity limit ends first (the background's sweep runs once a
      // minute): the popup never opens on a session as recording that is over.
      const expire: PopupToBackgroundMessage = { type: 'expire-idle-session', tabId: active.id };
      // Not waiting long on a worker busy with a large batch: the session shows, live, as before.
      await Promise.race([
        browser.runtime.sendMessage(expire).catch(() => {}),
        new Promise((resolve) => setTimeout(resolve, EXPIRE_WAIT_MS)),
      ]);
      setTab({ id: active.id, url: active.url ?? '', incognito: active.incognito });
    });
    const readLocal = async () => {
      const stored = await browser.storage.local.get([SETTINGS_STORAGE_KEY, STATUS_STORAGE_KEY]);
      setSettings(settingsFromStorage(stored[SETTINGS_STORAGE_KEY]));
      setStatus({
        ...EMPTY_STATUS,
        ...(stored[STATUS_STORAGE_KEY] as Partial<RecorderStatus> | undefined),
      });
    };
    void readLocal();
    const onChanged = (_changes: unknown, area: string) => {
      if (area === 'local') void readLocal();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);

  useEffect(() => {
    if (!tab) return undefined;
    const stop = watchOnceOpen(ready, () =>
      liveQuery(async () => {
        const state = await db.tabs.get(tab.id);
        return state?.open ? ((await db.sessions.get(state.open.id)) ?? null) : null;
      }).subscribe({ next: setSession, error: () => setSession(null) }),
    );
    const readFailures = async () => {
      const key = liveFailuresKey(tab.id);
      const stored = await browser.storage.session.get(key);
      setFailures((stored[key] as LiveFailures | undefined) ?? null);
    };
    void readFailures();
    const onChanged = (_changes: unknown, area: string) => {
      if (area === 'session') void readFailures();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      stop();
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [tab]);

  return { tab, settings, status, session, failures };
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [SETTINGS_STORAGE_KEY]: settings });
}

/** Downloads the session as a `.tabreel` bundle, built the way the viewer builds one. */
export async function downloadSessionBundle(session: SessionRow): Promise<string> {
  const parts = await exportBundleParts(db, [session.id], {
    producer: TABREEL_PRODUCER,
    createdAt: Date.now(),
  });
  const name = exportFileName([session]);
  saveFile(blobOf(parts, BUNDLE_MEDIA_TYPE), name);
  return name;
}

/** Downloads the session as one self-contained HTML page (the viewer's Export → Self-contained page). */
export async function downloadSessionPage(session: SessionRow): Promise<string> {
  const blob = await createExtensionSource(db).exportHtml!(session.id);
  const name = exportFileName([session], HTML_EXPORT_EXTENSION);
  saveFile(blob, name);
  return name;
}
