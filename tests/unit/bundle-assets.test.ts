// Bundle format 2: captured assets travel with their sessions, once each, are checked against
// their hashes and caps before anything is stored, and land deduplicated. Format 1 files open
// through the 1 → 2 upgrade step.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { gunzipSync, gzipSync, strToU8 } from 'fflate';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../../shared/bundle/base64';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  type BundleSessionMeta,
} from '../../shared/bundle/bundle-format';
import { BundleError, type BundleErrorCode } from '../../shared/bundle/bundle-error';
import {
  DEFAULT_BUNDLE_LIMITS,
  readBundle,
  type ReadBundle,
} from '../../shared/bundle/read-bundle';
import { upgradeBundle } from '../../shared/bundle/upgrade-bundle';
import { writeBundle } from '../../shared/bundle/write-bundle';
import type { TabreelDb } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { encodeChunk } from '../../shared/storage/chunk-codec';
import { exportBundleParts } from '../../shared/storage/export-sessions';
import { importBundle } from '../../shared/storage/import-bundle';
import { storedAssetRefs } from '../../shared/storage/stored-asset-refs';
import { sequentialIds } from '../fixtures/ids';
import { seedStoredSession } from '../fixtures/seed-stored-session';
import { freshDb } from '../fixtures/tabreel-db';

const FORMAT_1_FILE = resolve(import.meta.dirname, '../fixtures/bundles/format-1.tabreel');
const encode = (text: string) => new TextEncoder().encode(text);
const hashOf = (bytes: Uint8Array) => bytesToHex(sha256(bytes));

const meta = (id: string, eventCount: number): BundleSessionMeta => ({
  id,
  startedAt: 1_000,
  endedAt: 9_000,
  endReason: 'tab-closed',
  startReason: 'navigation',
  firstUrl: `https://shop.example/${id}`,
  host: 'shop.example',
  title: `Session ${id}`,
  pageCount: 1,
  eventCount,
  campaign: null,
  privacy: { level: 'mask-inputs' },
});
const events = (n: number): TimedEvent[] =>
  Array.from({ length: n }, (_, i) => ({ type: 3, timestamp: 1_000 + i, data: { source: 1 } }));

const CSS = encode('body { background: url(bg.png) }');
const PNG = encode('\x89PNG pretend');

async function written(
  sessions: Array<{ id: string; refs: Array<{ url: string; hash: string }> }>,
  store: Record<string, { mime: string; data: Uint8Array }>,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await writeBundle(
    sessions.map((s) => ({ meta: meta(s.id, 2), events: [events(2)], assetRefs: s.refs })),
    {
      producer: { name: 'Tabreel', version: 'test' },
      createdAt: 5,
      onData: (c) => parts.push(c),
      readAsset: async (hash) => store[hash],
    },
  );
  return new Uint8Array(Buffer.concat(parts));
}

/** A bundle written by hand, line by line, with a correct end record. */
function handMade(records: unknown[]): Uint8Array {
  const text = records.map((r) => `${JSON.stringify(r)}\n`).join('');
  const end = { t: 'end', records: records.length, sha256: bytesToHex(sha256(strToU8(text))) };
  return gzipSync(strToU8(`${text}${JSON.stringify(end)}\n`));
}
const header = (version = 2) => ({
  t: 'bundle',
  format: BUNDLE_FORMAT,
  version,
  producer: { name: 'Tabreel', version: 'test' },
  createdAt: 5,
  sessions: 1,
});
const session = { t: 'session', index: 0, session: meta('a', 1) };
const eventsRecord = { t: 'events', session: 0, events: events(1) };
const assetRecord = (data: Uint8Array, extra: object = {}) => ({
  t: 'asset',
  hash: hashOf(data),
  mime: 'image/png',
  size: data.length,
  data: bytesToBase64(data),
  ...extra,
});

async function refusal(bytes: Uint8Array, limits = DEFAULT_BUNDLE_LIMITS) {
  try {
    await readBundle(bytes, limits);
  } catch (error) {
    if (error instanceof BundleError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('The bundle was accepted.');
}

describe('bundle format 2: assets', () => {
  it('writes each asset once for all the sessions naming it, and reads back the same bytes', async () => {
    const store = {
      [hashOf(CSS)]: { mime: 'text/css', data: CSS },
      [hashOf(PNG)]: { mime: 'image/png', data: PNG },
    };
    const bytes = await written(
      [
        {
          id: 'a',
          refs: [
            { url: 'https://shop.example/site.css', hash: hashOf(CSS) },
            { url: 'https://shop.example/bg.png', hash: hashOf(PNG) },
          ],
        },
        { id: 'b', refs: [{ url: 'https://cdn.example/same.png', hash: hashOf(PNG) }] },
      ],
      store,
    );
    const lines = new TextDecoder().decode(gunzipSync(bytes)).split('\n');
    expect(lines.filter((line) => line.startsWith('{"t":"asset",'))).toHaveLength(2);
    const read = await readBundle(bytes);
    expect(read.header.version).toBe(BUNDLE_VERSION);
    expect(read.fileVersion).toBe(2);
    expect([...read.assets.keys()].sort()).toEqual([hashOf(CSS), hashOf(PNG)].sort());
    expect(read.assets.get(hashOf(PNG))).toEqual({
      hash: hashOf(PNG),
      mime: 'image/png',
      data: PNG,
    });
    expect(read.sessions.map((s) => s.assetRefs.map((ref) => ref.url))).toEqual([
      ['https://shop.example/site.css', 'https://shop.example/bg.png'],
      ['https://cdn.example/same.png'],
    ]);
  });

  it('leaves out the refs of an asset deleted before it was written', async () => {
    const bytes = await written(
      [{ id: 'a', refs: [{ url: 'https://shop.example/gone.png', hash: hashOf(PNG) }] }],
      {},
    );
    const read = await readBundle(bytes);
    expect(read.sessions[0]!.assetRefs).toEqual([]);
    expect(read.assets.size).toBe(0);
  });

  const refs = (hash: string) => ({
    t: 'assets',
    session: 0,
    refs: [{ url: 'https://shop.example/a.png', hash }],
  });
  const cases: Array<
    [string, () => Uint8Array, BundleErrorCode, RegExp, Partial<typeof DEFAULT_BUNDLE_LIMITS>?]
  > = [
    [
      'an asset whose bytes do not match its hash',
      () =>
        handMade([
          header(),
          session,
          eventsRecord,
          assetRecord(PNG, { data: bytesToBase64(encode('\x89PNG pretenD')) }),
          refs(hashOf(PNG)),
        ]),
      'hash-mismatch',
      /does not match its hash/,
    ],
    [
      'an asset whose size is not its bytes’ size',
      () => handMade([header(), session, eventsRecord, assetRecord(PNG, { size: 3 })]),
      'hash-mismatch',
      /does not match its hash/,
    ],
    [
      'an asset of a type a replay cannot use safely',
      () => handMade([header(), session, eventsRecord, assetRecord(PNG, { mime: 'text/html' })]),
      'bad-shape',
      /Record 4 is not a valid asset: mime: is not a stylesheet, font or image type/,
    ],
    [
      'an asset that is not base64',
      () => handMade([header(), session, eventsRecord, assetRecord(PNG, { data: '@@@@' })]),
      'bad-shape',
      /not base64/,
    ],
    [
      'an asset larger than the cap',
      () => handMade([header(), session, eventsRecord, assetRecord(new Uint8Array(2000))]),
      'too-large',
      /larger than/,
      { maxAssetBytes: 1000 },
    ],
    [
      'more assets than the cap',
      () =>
        handMade([
          header(),
          session,
          eventsRecord,
          assetRecord(PNG),
          assetRecord(CSS, { mime: 'text/css' }),
        ]),
      'too-large',
      /more than 1 assets/,
      { maxAssets: 1 },
    ],
    [
      'a session naming an asset the bundle lacks',
      () => handMade([header(), session, eventsRecord, refs(hashOf(CSS))]),
      'bad-session',
      /session 1 \(“Session a”\) names an asset the bundle does not hold \(https:\/\/shop.example\/a.png\)/,
    ],
    [
      'refs of no open session',
      () => handMade([header(), session, eventsRecord, { ...refs(hashOf(PNG)), session: 3 }]),
      'bad-shape',
      /lists assets of no open session/,
    ],
    [
      'asset records in a version 1 file',
      () => handMade([header(1), session, eventsRecord, assetRecord(PNG)]),
      'bad-shape',
      /Record 4 is of an unknown kind/,
    ],
  ];
  it.each(cases)('refuses %s', async (_name, make, code, message, limits) => {
    const refused = await refusal(make(), { ...DEFAULT_BUNDLE_LIMITS, ...limits });
    expect(refused.code).toBe(code);
    expect(refused.message).toMatch(message);
  });

  it('keeps one copy of an asset recorded twice in a file', async () => {
    const read = await readBundle(
      handMade([
        header(),
        session,
        eventsRecord,
        assetRecord(PNG),
        assetRecord(PNG),
        refs(hashOf(PNG)),
      ]),
    );
    expect(read.assets.size).toBe(1);
  });
});

describe('bundle format 1 → 2', () => {
  it('opens a file written by format 1 as a format 2 bundle with no assets', async () => {
    const read = await readBundle(new Uint8Array(readFileSync(FORMAT_1_FILE)));
    expect(read.fileVersion).toBe(1);
    expect(read.header.version).toBe(2);
    expect(read.sessions).toHaveLength(1);
    expect(read.sessions[0]!.meta.title).toBe('Written by format 1');
    expect(read.sessions[0]!.events).toHaveLength(3);
    expect(read.sessions[0]!.assetRefs).toEqual([]);
    expect(read.assets.size).toBe(0);
  });

  it('the step itself: header version 2, every session an empty asset map, nothing else changed', () => {
    const v1 = {
      header: { ...header(1), t: 'bundle' as const, format: BUNDLE_FORMAT },
      fileVersion: 1,
      sessions: [{ meta: meta('a', 1), events: events(1), analysis: null }],
      sha256: 'f'.repeat(64),
    } as unknown as ReadBundle;
    const upgraded = upgradeBundle(v1);
    expect(upgraded.header).toEqual({ ...v1.header, version: 2 });
    expect(upgraded.sessions).toEqual([{ ...v1.sessions[0], assetRefs: [] }]);
    expect(upgraded.assets).toEqual(new Map());
    expect(upgraded.fileVersion).toBe(1);
    expect(upgraded.sha256).toBe(v1.sha256);
  });
});

describe('export and import with assets', () => {
  let source: TabreelDb;
  let target: TabreelDb;
  beforeEach(() => {
    source = freshDb();
    target = freshDb();
  });
  afterEach(() => {
    source.close();
    target.close();
  });

  async function recordedWithAssets(): Promise<void> {
    await seedStoredSession(source, { id: 's1', startedAt: 1_000, endedAt: 2_000, bytes: 10 });
    // A chunk that decodes: the seeded one only has the right size.
    await source.chunks.update('s1-stream:0', { data: encodeChunk(events(1)).data });
    await source.analyses.delete('s1'); // the seeded one is an empty stand-in

    for (const [data, mime] of [
      [CSS, 'text/css'],
      [PNG, 'image/png'],
    ] as const)
      await source.assets.add({ hash: hashOf(data), mime, size: data.length, data, storedAt: 1 });
    await source.assetRefs.bulkAdd([
      {
        sessionId: 's1',
        url: 'https://shop.example/site.css',
        status: 'stored',
        hash: hashOf(CSS),
        size: CSS.length,
        attempts: 1,
        queuedAt: 1,
      },
      {
        sessionId: 's1',
        url: 'https://shop.example/bg.png',
        status: 'stored',
        hash: hashOf(PNG),
        size: PNG.length,
        attempts: 1,
        queuedAt: 1,
      },
      {
        sessionId: 's1',
        url: 'https://shop.example/404.png',
        status: 'failed',
        hash: null,
        size: 0,
        attempts: 1,
        queuedAt: 1,
        error: 'HTTP 404',
      },
    ]);
  }

  it('carries a session’s captured assets to another browser, deduplicated when imported twice', async () => {
    await recordedWithAssets();
    const parts = await exportBundleParts(source, ['s1'], {
      producer: { name: 'Tabreel', version: 't' },
      createdAt: 3,
    });
    const bundle = await readBundle(new Uint8Array(Buffer.concat(parts)));
    const options = { from: 'x.tabreel', now: 10, newId: sequentialIds('new-') };
    const [first] = await importBundle(target, bundle, options);
    const [second] = await importBundle(target, bundle, options);
    expect(await target.assets.count()).toBe(2);
    for (const id of [first!, second!]) {
      const refs = await storedAssetRefs(target, id);
      expect(refs.map((ref) => [ref.url, ref.hash, ref.size]).sort()).toEqual(
        [
          ['https://shop.example/bg.png', hashOf(PNG), PNG.length],
          ['https://shop.example/site.css', hashOf(CSS), CSS.length],
        ].sort(),
      );
    }
    expect((await target.assets.get(hashOf(CSS)))?.data).toEqual(CSS);
  });
});

describe('base64 of asset bytes', () => {
  it('round-trips any size, past the encoder’s slice size included', async () => {
    const { base64ToBytes } = await import('../../shared/bundle/base64');
    for (const size of [0, 1, 2, 3, 29_999, 30_000, 30_001, 80_341]) {
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7919) % 256);
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64ToBytes(text)).toEqual(bytes);
    }
  });
});
