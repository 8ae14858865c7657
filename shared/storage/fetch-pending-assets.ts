// The capture queue's worker: takes pending asset refs a few at a time, fetches them, and stores
// each asset once per content hash. Everything it knows is in the database, so a worker that dies
// mid-fetch loses nothing: the next run takes the refs again (a ref that keeps failing is dropped
// after MAX_ASSET_ATTEMPTS).
import type { AssetRefRow, TabreelDb } from '../db/schema';
import {
  ASSET_FETCH_CONCURRENCY,
  ASSET_REUSE_MS,
  MAX_ASSET_ATTEMPTS,
  MAX_SESSION_ASSET_BYTES,
} from '../assets/asset-limits';
import { cssUrls } from '../assets/css-urls';
import { assetKeyOf } from '../assets/map-asset-urls';
import type { FetchedAsset } from '../assets/fetch-asset-bytes';
import { queueAssetRefs } from './queue-asset-refs';

export interface FetchPendingAssetsDeps {
  /** Fetches one address as an asset; throws (an AssetFetchError) with a reason when it gives none. */
  fetchAsset: (url: string) => Promise<FetchedAsset>;
  /** SHA-256 (hex) of the bytes. */
  hash: (data: Uint8Array) => Promise<string>;
  now: () => number;
  concurrency?: number;
  /** Stops taking new refs once aborted (the ones in flight finish). */
  signal?: AbortSignal;
  /**
   * Checked before each round: while it says true (recording paused, disk full) refs stay pending
   * for a later run, their attempts untouched.
   */
  held?: () => boolean;
  /** Why an address must not be fetched (its site is excluded), or null. Such refs fail with it. */
  refused?: (url: string) => string | null;
}

export interface FetchPendingAssetsResult {
  stored: number;
  /** Stored without a fetch: the same address was captured for another session a moment ago. */
  reused: number;
  failed: number;
}

type RefKey = [string, string];
const keyOf = (ref: AssetRefRow): RefKey => [ref.sessionId, ref.url];

/** Takes up to `count` pending refs and counts an attempt on each (all in one transaction). */
async function claim(db: TabreelDb, count: number): Promise<AssetRefRow[]> {
  return db.transaction('rw', db.assetRefs, async () => {
    const refs = await db.assetRefs.where('status').equals('pending').limit(count).toArray();
    for (const ref of refs) {
      ref.attempts += 1;
      if (ref.attempts > MAX_ASSET_ATTEMPTS) {
        ref.status = 'failed';
        ref.error = 'Gave up after repeated attempts';
      }
    }
    await db.assetRefs.bulkPut(refs);
    return refs.filter((ref) => ref.status === 'pending');
  });
}

async function fail(db: TabreelDb, ref: AssetRefRow, error: string): Promise<void> {
  await db.assetRefs.update(keyOf(ref), { status: 'failed', error, hash: null, size: 0 });
}

/** Another session's recent capture of the same address: its hash, when its bytes are still here. */
async function recentCapture(
  db: TabreelDb,
  ref: AssetRefRow,
  now: number,
): Promise<{ hash: string; size: number } | null> {
  const others = await db.assetRefs.where('url').equals(ref.url).toArray();
  for (const other of others) {
    if (other.status !== 'stored' || !other.hash || now - other.queuedAt > ASSET_REUSE_MS) continue;
    // Only what this browser fetched itself: an imported bundle's bytes for an address are the
    // stranger's word for it, never a stand-in for a recording made here.
    if ((await db.sessions.get(other.sessionId))?.imported) continue;
    if ((await db.assets.where('hash').equals(other.hash).count()) > 0)
      return { hash: other.hash, size: other.size };
  }
  return null;
}

/**
 * Stores the asset for this ref, once per hash, unless its session is gone or over its budget;
 * a stylesheet queues the addresses it names (fonts, images, @imports), resolved against its own.
 */
async function store(
  db: TabreelDb,
  ref: AssetRefRow,
  asset: { hash: string; size: number; mime?: string; data?: Uint8Array; css?: string },
  now: number,
): Promise<'stored' | 'failed' | 'gone'> {
  return db.transaction('rw', [db.sessions, db.assets, db.assetRefs], async () => {
    const current = await db.assetRefs.get(keyOf(ref));
    if (!current || !(await db.sessions.get(ref.sessionId))) {
      if (current) await db.assetRefs.delete(keyOf(ref));
      return 'gone';
    }
    let used = 0;
    await db.assetRefs
      .where('sessionId')
      .equals(ref.sessionId)
      .each((other) => {
        if (other.status === 'stored' && other.url !== ref.url) used += other.size;
      });
    if (used + asset.size > MAX_SESSION_ASSET_BYTES) {
      await fail(db, ref, 'Over the session’s asset budget');
      return 'failed';
    }
    if (
      asset.data &&
      asset.mime &&
      (await db.assets.where('hash').equals(asset.hash).count()) === 0
    )
      await db.assets.add({
        hash: asset.hash,
        mime: asset.mime,
        size: asset.size,
        data: asset.data,
        storedAt: now,
      });
    await db.assetRefs.update(keyOf(ref), {
      status: 'stored',
      hash: asset.hash,
      size: asset.size,
    });
    if (asset.css !== undefined) {
      const named = cssUrls(asset.css)
        .map((url) => assetKeyOf(url, ref.url))
        .filter((url): url is string => url !== null);
      await queueAssetRefs(db, ref.sessionId, named, now);
    }
    return 'stored';
  });
}

async function captureOne(
  db: TabreelDb,
  ref: AssetRefRow,
  deps: FetchPendingAssetsDeps,
  result: FetchPendingAssetsResult,
): Promise<void> {
  const reuse = await recentCapture(db, ref, deps.now());
  if (reuse) {
    if ((await store(db, ref, reuse, deps.now())) === 'stored') result.reused += 1;
    return;
  }
  const refusal = deps.refused?.(ref.url) ?? null;
  if (refusal !== null) {
    await fail(db, ref, refusal);
    result.failed += 1;
    return;
  }
  let fetched: FetchedAsset;
  try {
    fetched = await deps.fetchAsset(ref.url);
  } catch (error) {
    await fail(db, ref, error instanceof Error ? error.message : String(error));
    result.failed += 1;
    return;
  }
  const hash = await deps.hash(fetched.data);
  const css = fetched.mime === 'text/css' ? new TextDecoder().decode(fetched.data) : undefined;
  const outcome = await store(
    db,
    ref,
    {
      hash,
      size: fetched.data.byteLength,
      mime: fetched.mime,
      data: fetched.data,
      ...(css !== undefined ? { css } : {}),
    },
    deps.now(),
  );
  if (outcome === 'stored') result.stored += 1;
  if (outcome === 'failed') result.failed += 1;
}

/**
 * Fetches every pending asset ref, `concurrency` at a time, until none is left (refs a stylesheet
 * names are taken in the same run). Returns what it did.
 */
export async function fetchPendingAssets(
  db: TabreelDb,
  deps: FetchPendingAssetsDeps,
): Promise<FetchPendingAssetsResult> {
  const result: FetchPendingAssetsResult = { stored: 0, reused: 0, failed: 0 };
  const concurrency = deps.concurrency ?? ASSET_FETCH_CONCURRENCY;
  for (;;) {
    if (deps.signal?.aborted || deps.held?.()) return result;
    const refs = await claim(db, concurrency);
    if (refs.length === 0) {
      // Refs given up inside claim() may have been the whole batch: look once more.
      if ((await db.assetRefs.where('status').equals('pending').count()) === 0) return result;
      continue;
    }
    await Promise.all(refs.map((ref) => captureOne(db, ref, deps, result)));
  }
}
