import { MAX_ASSET_BYTES } from '../../shared/assets/asset-limits';
import { fetchAssetBytes } from '../../shared/assets/fetch-asset-bytes';
import { sha256Hex } from '../../shared/assets/sha256-hex';
import { fetchPendingAssets } from '../../shared/storage/fetch-pending-assets';
import { recordingDecision } from '../../shared/site/recording-decision';
import { openDatabase } from './open-database';
import { loadSettings } from './settings';
import { readStatus } from './status';
import { createSerialJob } from './serial-job';

/** A fetch that hangs this long is given up (the ref fails; the replay falls back). */
const ASSET_FETCH_TIMEOUT_MS = 30_000;

/**
 * Captures queued assets in the background (shared/storage/fetch-pending-assets.ts), in the
 * service worker so the recorded page pays nothing, a pass at a time. The queue is in IndexedDB: a
 * worker that dies mid-run loses nothing.
 */
export const scheduleAssetCapture = createSerialJob('asset capture', async () => {
  const settings = await loadSettings();
  const { storageFull } = await readStatus();
  // Paused or out of space: the queue waits (the sweep and the next batch run it again).
  if (settings.paused || storageFull !== null) return;
  // Not opened on a full disk: the queue waits for the next sweep or batch.
  const { db } = await openDatabase();
  if (!db) return;
  await fetchPendingAssets(db, {
    // An excluded site's assets are never fetched, even when a recorded page uses them.
    refused: (url) => {
      const decision = recordingDecision({ url, incognito: false }, settings);
      return !decision.record && decision.reason === 'excluded-site'
        ? 'Not captured: the site is excluded'
        : null;
    },
    fetchAsset: (url) =>
      fetchAssetBytes(fetch, url, {
        maxBytes: MAX_ASSET_BYTES,
        signal: AbortSignal.timeout(ASSET_FETCH_TIMEOUT_MS),
      }),
    hash: sha256Hex,
    now: () => Date.now(),
  });
});
