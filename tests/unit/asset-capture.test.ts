// Asset capture in the service worker, on a fake disk: committed batches queue the addresses their
// replay needs (never for incognito), the fetcher stores each content once, follows stylesheets to
// their fonts and images, keeps to its caps, survives a dying worker, and deleting sessions frees
// exactly the assets no other session uses.
import { EventType } from '@rrweb/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_ASSET_ATTEMPTS,
  MAX_SESSION_ASSET_BYTES,
  MAX_SESSION_ASSETS,
} from '../../shared/assets/asset-limits';
import {
  AssetFetchError,
  fetchAssetBytes,
  type FetchedAsset,
} from '../../shared/assets/fetch-asset-bytes';
import { sha256Hex } from '../../shared/assets/sha256-hex';
import type { TabreelDb } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { commitBatch } from '../../shared/storage/commit-batch';
import { deleteAllData } from '../../shared/storage/delete-all-data';
import { deleteSessionAssets } from '../../shared/storage/delete-session-assets';
import { enforceBudget, MB_BYTES } from '../../shared/storage/enforce-budget';
import { fetchPendingAssets } from '../../shared/storage/fetch-pending-assets';
import { storedAssetRefs } from '../../shared/storage/stored-asset-refs';
import { queueAssetRefs } from '../../shared/storage/queue-asset-refs';
import { seedStoredSession } from '../fixtures/seed-stored-session';
import { sequentialIds } from '../fixtures/ids';
import { DEFAULT_RULES, freshDb } from '../fixtures/tabreel-db';
import { T0 } from '../fixtures/timeline';

const PAGE = 'https://shop.example/';
let db: TabreelDb;

beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

const encode = (text: string) => new TextEncoder().encode(text);

/** A web of fake responses by address; counts the fetches. */
function fakeWeb(files: Record<string, FetchedAsset | Error>) {
  const fetched: string[] = [];
  return {
    fetched,
    fetchAsset: async (url: string): Promise<FetchedAsset> => {
      fetched.push(url);
      const file = files[url];
      if (!file) throw new AssetFetchError('HTTP 404');
      if (file instanceof Error) throw file;
      return file;
    },
  };
}

const deps = (web: ReturnType<typeof fakeWeb>, now = T0) => ({
  fetchAsset: web.fetchAsset,
  hash: sha256Hex,
  now: () => now,
});

/** A page load's first batch: Meta, page marker and a full snapshot naming `assets`. */
function pageLoad(attributes: Array<[tag: string, attrs: Record<string, string>]>): TimedEvent[] {
  let id = 2;
  return [
    { type: EventType.Meta, timestamp: T0, data: { href: PAGE, width: 800, height: 600 } },
    {
      type: EventType.Custom,
      timestamp: T0,
      data: {
        tag: 'tabreel.page',
        payload: { kind: 'load', url: PAGE, title: 'Shop', referrer: '' },
      },
    },
    {
      type: EventType.FullSnapshot,
      timestamp: T0 + 5,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: attributes.map(([tagName, attrs]) => ({
            type: 2,
            id: id++,
            tagName,
            attributes: attrs,
            childNodes: [],
          })),
        },
        initialOffset: { left: 0, top: 0 },
      },
    },
  ];
}

function commit(
  events: TimedEvent[],
  input: { incognito?: boolean; streamId?: string; tabId?: number } = {},
) {
  return commitBatch(db, {
    tabId: input.tabId ?? 1,
    incognito: input.incognito ?? false,
    streamId: input.streamId ?? 'stream-a',
    fromSeq: 0,
    events,
    rules: DEFAULT_RULES,
    privacyLevel: 'mask-inputs',
    now: T0,
    newId: sequentialIds(),
  });
}

describe('queueing at commit', () => {
  it('queues the addresses a committed batch names, in the same transaction, once each', async () => {
    const result = await commit(
      pageLoad([
        ['link', { rel: 'stylesheet', href: 'https://cdn.example/site.css' }],
        ['img', { src: '/logo.png' }],
        ['img', { src: '/logo.png' }],
      ]),
    );
    expect(result.assetsQueued).toBe(2);
    const refs = await db.assetRefs.toArray();
    expect(refs.map((ref) => [ref.sessionId, ref.url, ref.status])).toEqual([
      [result.session!.id, 'https://cdn.example/site.css', 'pending'],
      [result.session!.id, 'https://shop.example/logo.png', 'pending'],
    ]);
  });

  it('queues nothing for an incognito tab', async () => {
    const result = await commit(pageLoad([['img', { src: '/logo.png' }]]), { incognito: true });
    expect(result.assetsQueued).toBeUndefined();
    expect(await db.assetRefs.count()).toBe(0);
  });

  it('stops at MAX_SESSION_ASSETS addresses per session', async () => {
    await seedStoredSession(db, { id: 's', startedAt: T0, endedAt: null, bytes: 1 });
    const urls = Array.from({ length: MAX_SESSION_ASSETS + 50 }, (_, i) => `${PAGE}${i}.png`);
    expect(await queueAssetRefs(db, 's', urls, T0)).toBe(MAX_SESSION_ASSETS);
    expect(await queueAssetRefs(db, 's', [`${PAGE}more.png`], T0)).toBe(0);
  });
});

describe('fetchPendingAssets', () => {
  const css = (text: string): FetchedAsset => ({ mime: 'text/css', data: encode(text) });
  const png = (text: string): FetchedAsset => ({ mime: 'image/png', data: encode(text) });

  it('stores each asset once per content, follows stylesheets to their fonts, images and imports', async () => {
    const web = fakeWeb({
      'https://cdn.example/site.css': css(
        '@import "parts/more.css"; @font-face { src: url(../fonts/a.woff2) }',
      ),
      'https://cdn.example/parts/more.css': css('.x { background: url("/bg.png") }'),
      'https://cdn.example/fonts/a.woff2': { mime: 'font/woff2', data: encode('wOF2') },
      'https://cdn.example/bg.png': png('same bytes'),
      'https://shop.example/logo.png': png('same bytes'),
    });
    const { session } = await commit(
      pageLoad([
        ['link', { rel: 'stylesheet', href: 'https://cdn.example/site.css' }],
        ['img', { src: '/logo.png' }],
      ]),
    );
    const result = await fetchPendingAssets(db, deps(web));
    expect(result).toEqual({ stored: 5, reused: 0, failed: 0 });
    const refs = await storedAssetRefs(db, session!.id);
    expect(refs.map((ref) => ref.url).sort()).toEqual([
      'https://cdn.example/bg.png',
      'https://cdn.example/fonts/a.woff2',
      'https://cdn.example/parts/more.css',
      'https://cdn.example/site.css',
      'https://shop.example/logo.png',
    ]);
    // Two addresses, one content: stored once.
    expect(await db.assets.count()).toBe(4);
    const png1 = refs.find((ref) => ref.url.endsWith('bg.png'))!;
    expect(png1.hash).toBe(refs.find((ref) => ref.url.endsWith('logo.png'))!.hash);
    expect(png1.hash).toBe(await sha256Hex(encode('same bytes')));
    expect(await db.assets.get(png1.hash!)).toMatchObject({ mime: 'image/png', size: 10 });
  });

  it('reuses another session’s recent capture of the same address without fetching it again', async () => {
    const web = fakeWeb({ 'https://shop.example/logo.png': png('logo') });
    for (const id of ['s1', 's2'])
      await seedStoredSession(db, { id, startedAt: T0, endedAt: null, bytes: 1 });
    await queueAssetRefs(db, 's1', ['https://shop.example/logo.png'], T0);
    await fetchPendingAssets(db, deps(web));
    await queueAssetRefs(db, 's2', ['https://shop.example/logo.png'], T0 + 1000);
    expect(await fetchPendingAssets(db, deps(web, T0 + 1000))).toEqual({
      stored: 0,
      reused: 1,
      failed: 0,
    });
    expect(web.fetched).toEqual(['https://shop.example/logo.png']);
    expect((await storedAssetRefs(db, 's2'))[0]!.hash).toBe(await sha256Hex(encode('logo')));
  });

  it('never takes an imported bundle’s bytes for an address in place of fetching it', async () => {
    for (const id of ['imported', 'recorded'])
      await seedStoredSession(db, { id, startedAt: T0, endedAt: null, bytes: 1 });
    await db.sessions.update('imported', {
      imported: { from: 'x.tabreel', at: T0, producer: 'Stranger 1', originalId: 'o', sha256: 'f' },
    });
    const forged = encode('forged logo');
    const forgedHash = await sha256Hex(forged);
    await db.assets.add({
      hash: forgedHash,
      mime: 'image/png',
      size: forged.length,
      data: forged,
      storedAt: T0,
    });
    await db.assetRefs.add({
      sessionId: 'imported',
      url: 'https://shop.example/logo.png',
      status: 'stored',
      hash: forgedHash,
      size: forged.length,
      attempts: 0,
      queuedAt: T0,
    });
    const web = fakeWeb({ 'https://shop.example/logo.png': png('real logo') });
    await queueAssetRefs(db, 'recorded', ['https://shop.example/logo.png'], T0 + 1);
    expect(await fetchPendingAssets(db, deps(web, T0 + 1))).toEqual({
      stored: 1,
      reused: 0,
      failed: 0,
    });
    expect(web.fetched).toEqual(['https://shop.example/logo.png']);
    expect((await storedAssetRefs(db, 'recorded'))[0]!.hash).toBe(
      await sha256Hex(encode('real logo')),
    );
  });

  it('marks what it cannot capture as failed with the reason, and goes on with the rest', async () => {
    await seedStoredSession(db, { id: 's', startedAt: T0, endedAt: null, bytes: 1 });
    const web = fakeWeb({
      'https://shop.example/ok.png': png('ok'),
      'https://shop.example/page.html': new AssetFetchError(
        'Not a stylesheet, font or image (text/html)',
      ),
    });
    await queueAssetRefs(
      db,
      's',
      [
        'https://shop.example/missing.png',
        'https://shop.example/page.html',
        'https://shop.example/ok.png',
      ],
      T0,
    );
    expect(await fetchPendingAssets(db, deps(web))).toEqual({ stored: 1, reused: 0, failed: 2 });
    const refs = await db.assetRefs.where('sessionId').equals('s').toArray();
    expect(
      Object.fromEntries(refs.map((ref) => [ref.url.slice(21), [ref.status, ref.error ?? null]])),
    ).toEqual({
      'missing.png': ['failed', 'HTTP 404'],
      'page.html': ['failed', 'Not a stylesheet, font or image (text/html)'],
      'ok.png': ['stored', null],
    });
  });

  it('keeps a session within its asset budget', async () => {
    await seedStoredSession(db, { id: 's', startedAt: T0, endedAt: null, bytes: 1 });
    const big = { mime: 'image/png', data: new Uint8Array(MAX_SESSION_ASSET_BYTES / 2 + 1) };
    const web = fakeWeb({
      'https://shop.example/a.png': big,
      'https://shop.example/b.png': { ...big, data: big.data.slice().fill(1) },
    });
    await queueAssetRefs(db, 's', ['https://shop.example/a.png', 'https://shop.example/b.png'], T0);
    expect(await fetchPendingAssets(db, { ...deps(web), concurrency: 1 })).toEqual({
      stored: 1,
      reused: 0,
      failed: 1,
    });
    expect((await db.assetRefs.get(['s', 'https://shop.example/b.png']))?.error).toBe(
      'Over the session’s asset budget',
    );
  });

  it('picks up refs a dying worker left behind, and gives up on one that keeps killing it', async () => {
    await seedStoredSession(db, { id: 's', startedAt: T0, endedAt: null, bytes: 1 });
    await queueAssetRefs(db, 's', ['https://shop.example/a.png'], T0);
    const dying = {
      ...deps(fakeWeb({})),
      fetchAsset: () => Promise.reject(new Error('worker stopped')) as never,
    };
    // A run that dies mid-fetch: simulated by a hash step that never gets its bytes stored.
    for (let run = 0; run < MAX_ASSET_ATTEMPTS; run++) {
      const hanging = {
        ...dying,
        fetchAsset: async () => png('x'),
        hash: () => Promise.reject(new Error('killed')),
      };
      await expect(fetchPendingAssets(db, hanging)).rejects.toThrow('killed');
      expect((await db.assetRefs.get(['s', 'https://shop.example/a.png']))?.status).toBe('pending');
    }
    expect(
      await fetchPendingAssets(db, deps(fakeWeb({ 'https://shop.example/a.png': png('x') }))),
    ).toEqual({
      stored: 0,
      reused: 0,
      failed: 0,
    });
    expect(await db.assetRefs.get(['s', 'https://shop.example/a.png'])).toMatchObject({
      status: 'failed',
      error: 'Gave up after repeated attempts',
    });
  });

  it('waits while held (paused, disk full), attempts untouched, and never fetches a refused site', async () => {
    await seedStoredSession(db, { id: 's', startedAt: T0, endedAt: null, bytes: 1 });
    const web = fakeWeb({
      'https://shop.example/a.png': png('a'),
      'https://private.example/b.png': png('b'),
    });
    await queueAssetRefs(
      db,
      's',
      ['https://shop.example/a.png', 'https://private.example/b.png'],
      T0,
    );
    expect(await fetchPendingAssets(db, { ...deps(web), held: () => true })).toEqual({
      stored: 0,
      reused: 0,
      failed: 0,
    });
    expect((await db.assetRefs.toArray()).map((ref) => [ref.status, ref.attempts])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);
    const refused = (url: string) =>
      url.startsWith('https://private.example/') ? 'Not captured: the site is excluded' : null;
    expect(await fetchPendingAssets(db, { ...deps(web), refused })).toEqual({
      stored: 1,
      reused: 0,
      failed: 1,
    });
    expect(web.fetched).toEqual(['https://shop.example/a.png']);
    expect(await db.assetRefs.get(['s', 'https://private.example/b.png'])).toMatchObject({
      status: 'failed',
      error: 'Not captured: the site is excluded',
    });
  });

  it('drops the refs of a session deleted while its assets were fetched', async () => {
    await seedStoredSession(db, { id: 's', startedAt: T0, endedAt: null, bytes: 1 });
    await queueAssetRefs(db, 's', ['https://shop.example/a.png'], T0);
    const web = fakeWeb({ 'https://shop.example/a.png': png('a') });
    const slow = {
      ...deps(web),
      fetchAsset: async (url: string) => {
        await db.sessions.delete('s');
        return web.fetchAsset(url);
      },
    };
    await fetchPendingAssets(db, slow);
    expect(await db.assetRefs.count()).toBe(0);
    expect(await db.assets.count()).toBe(0);
  });
});

describe('fetchAssetBytes', () => {
  const respond = (body: BodyInit | null, headers: Record<string, string>, status = 200) =>
    (async () => new Response(body, { status, headers })) as unknown as typeof fetch;

  it('fetches without cookies, from the cache when it can, and stores fonts served as octet-stream as fonts', async () => {
    let init: RequestInit | undefined;
    const fetchImpl = (async (_url: string, given?: RequestInit) => {
      init = given;
      return new Response(encode('wOF2'), {
        headers: { 'content-type': 'application/octet-stream' },
      });
    }) as unknown as typeof fetch;
    const asset = await fetchAssetBytes(fetchImpl, 'https://cdn.example/a.woff2', {
      maxBytes: 100,
    });
    expect(asset.mime).toBe('font/woff2');
    expect(init).toMatchObject({ credentials: 'omit', cache: 'force-cache' });
  });

  it('refuses what is not an asset, a failed response, and bodies past the cap however they are sent', async () => {
    const opts = { maxBytes: 10 };
    await expect(
      fetchAssetBytes(respond('<html>', { 'content-type': 'text/html' }), 'https://x/a', opts),
    ).rejects.toThrow('Not a stylesheet, font or image (text/html)');
    await expect(
      fetchAssetBytes(respond('no', { 'content-type': 'image/png' }, 404), 'https://x/a', opts),
    ).rejects.toThrow('HTTP 404');
    await expect(
      fetchAssetBytes(
        respond('x', { 'content-type': 'image/png', 'content-length': '11' }),
        'https://x/a',
        opts,
      ),
    ).rejects.toThrow('Larger than');
    // A body that lies about (or omits) its length is cut off while it is read.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(4));
      },
    });
    await expect(
      fetchAssetBytes(respond(stream, { 'content-type': 'image/png' }), 'https://x/a', opts),
    ).rejects.toThrow('Larger than');
  });
});

describe('freeing assets', () => {
  async function twoSessionsSharingAnAsset() {
    for (const [id, days] of [
      ['old', 10],
      ['new', 1],
    ] as const)
      await seedStoredSession(db, {
        id,
        startedAt: T0 - days * 86_400_000,
        endedAt: T0 - days * 86_400_000 + 1000,
        bytes: 1 * MB_BYTES,
      });
    const web = fakeWeb({
      'https://shop.example/shared.png': { mime: 'image/png', data: new Uint8Array(2 * MB_BYTES) },
      'https://shop.example/own.png': {
        mime: 'image/png',
        data: new Uint8Array(3 * MB_BYTES).fill(7),
      },
    });
    await queueAssetRefs(
      db,
      'old',
      ['https://shop.example/shared.png', 'https://shop.example/own.png'],
      T0,
    );
    await queueAssetRefs(db, 'new', ['https://shop.example/shared.png'], T0);
    await fetchPendingAssets(db, deps(web));
  }

  it('deletes a session’s refs and only the assets no other session uses', async () => {
    await twoSessionsSharingAnAsset();
    await deleteSessionAssets(db, ['old']);
    expect(await db.assetRefs.toCollection().primaryKeys()).toEqual([
      ['new', 'https://shop.example/shared.png'],
    ]);
    expect((await db.assets.toArray()).map((asset) => asset.size)).toEqual([2 * MB_BYTES]);
  });

  it('counts each asset once in the budget and frees it with the last session that uses it', async () => {
    await twoSessionsSharingAnAsset();
    // 1 + 1 MB of events, 2 + 3 MB of assets: 7 MB. A 4 MB budget evicts the older session, which
    // frees its own 3 MB asset but not the shared one.
    const eviction = await enforceBudget(db, {
      now: T0,
      retentionMs: 365 * 86_400_000,
      budgetBytes: 4 * MB_BYTES,
    });
    expect(eviction).toMatchObject({
      ids: ['old'],
      bytes: 4 * MB_BYTES,
      remainingBytes: 3 * MB_BYTES,
    });
    expect(await db.assets.count()).toBe(1);
    expect(await db.assetRefs.count()).toBe(1);
  });

  it('delete all data removes every asset and ref', async () => {
    await twoSessionsSharingAnAsset();
    await deleteAllData(db);
    expect(await db.assets.count()).toBe(0);
    expect(await db.assetRefs.count()).toBe(0);
  });
});
