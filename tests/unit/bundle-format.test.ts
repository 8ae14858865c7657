import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { gzipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  type BundleSessionMeta,
} from '../../shared/bundle/bundle-format';
import { BundleError, type BundleErrorCode } from '../../shared/bundle/bundle-error';
import {
  DEFAULT_BUNDLE_LIMITS,
  jsonDepthExceeds,
  readBundle,
  type ReadBundleLimits,
} from '../../shared/bundle/read-bundle';
import { writeBundle } from '../../shared/bundle/write-bundle';
import type { TimedEvent } from '../../shared/events/tabreel-events';

const meta = (id: string, title: string, eventCount: number): BundleSessionMeta => ({
  id,
  startedAt: 1_000,
  endedAt: 9_000,
  endReason: 'tab-closed',
  startReason: 'navigation',
  firstUrl: `https://shop.example/${id}`,
  host: 'shop.example',
  title,
  pageCount: 1,
  eventCount,
  campaign: null,
  privacy: { level: 'mask-inputs' },
});

const events = (n: number, from = 1_000): TimedEvent[] =>
  Array.from({ length: n }, (_, i) => ({ type: 3, timestamp: from + i, data: { source: 0, i } }));

async function bundleOf(
  sessions: Array<{ meta: BundleSessionMeta; events: TimedEvent[] }>,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await writeBundle(
    sessions.map((s) => ({ meta: s.meta, events: [s.events], analysis: { version: 2 } })),
    { producer: { name: 'Tabreel', version: 'test' }, createdAt: 5, onData: (c) => parts.push(c) },
  );
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A bundle written by hand, line by line: the end record's hash is right unless told otherwise. */
function handMade(records: unknown[], options: { end?: boolean | object } = {}): Uint8Array {
  const lines = records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r)));
  let text = lines.map((l) => `${l}\n`).join('');
  if (options.end !== false) {
    const digest = bytesToHex(sha256(strToU8(text)));
    const end =
      typeof options.end === 'object'
        ? options.end
        : { t: 'end', records: lines.length, sha256: digest };
    text += `${JSON.stringify(end)}\n`;
  }
  return gzipSync(strToU8(text));
}

const header = (extra: object = {}) => ({
  t: 'bundle',
  format: BUNDLE_FORMAT,
  version: 1,
  producer: { name: 'Tabreel', version: 'test' },
  createdAt: 5,
  sessions: 1,
  ...extra,
});

async function refusal(
  bytes: Uint8Array | Promise<Uint8Array>,
  limits?: ReadBundleLimits,
): Promise<{ code: BundleErrorCode; message: string }> {
  try {
    await readBundle(await bytes, limits);
  } catch (error) {
    if (error instanceof BundleError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('The bundle was accepted.');
}

describe('bundles: round trip', () => {
  it('reads back exactly the sessions, events and analysis written, over many records', async () => {
    const one = events(4500);
    const two = events(3, 50_000);
    const bytes = await bundleOf([
      { meta: meta('a', 'Checkout', one.length), events: one },
      { meta: meta('b', 'Home', two.length), events: two },
    ]);
    const read = await readBundle(bytes);
    expect(read.header).toMatchObject({
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      sessions: 2,
    });
    expect(read.sessions.map((s) => s.meta.title)).toEqual(['Checkout', 'Home']);
    expect(read.sessions[0]!.events).toEqual(one);
    expect(read.sessions[1]!.events).toEqual(two);
    expect(read.sessions[0]!.analysis).toEqual({ version: 2 });
    expect(read.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads a stream in small pieces the same as the whole file', async () => {
    const bytes = await bundleOf([{ meta: meta('a', 'A', 2100), events: events(2100) }]);
    async function* pieces() {
      for (let i = 0; i < bytes.length; i += 97) yield bytes.subarray(i, i + 97);
    }
    const whole = await readBundle(bytes);
    const streamed = await readBundle(pieces());
    expect(streamed.sessions[0]!.events).toEqual(whole.sessions[0]!.events);
    expect(streamed.sha256).toBe(whole.sha256);
  });

  it('closes an events record by size too, so heavy snapshots still read back', async () => {
    const heavy: TimedEvent[] = Array.from({ length: 20 }, (_, i) => ({
      type: 2,
      timestamp: 1_000 + i,
      data: { node: { html: 'x'.repeat(1024 * 1024) } },
    }));
    const parts: Uint8Array[] = [];
    const written = await writeBundle(
      [{ meta: meta('a', 'Heavy', heavy.length), events: [heavy] }],
      {
        producer: { name: 'Tabreel', version: 'test' },
        createdAt: 5,
        onData: (c) => parts.push(c),
      },
    );
    // header + session + at least two events records (20 MB > one 16 MB record) — none too large.
    expect(written.records).toBeGreaterThanOrEqual(4);
    const read = await readBundle(concat(parts));
    expect(read.sessions[0]!.events.map((e) => e.timestamp)).toEqual(heavy.map((e) => e.timestamp));
  });

  it('compresses repetitive events well', async () => {
    const many = events(20_000);
    const bytes = await bundleOf([{ meta: meta('a', 'A', many.length), events: many }]);
    expect(JSON.stringify(many).length / bytes.length).toBeGreaterThan(8);
  });
});

describe('bundles: every bad file is refused with its own message', () => {
  const good = () => bundleOf([{ meta: meta('a', 'Checkout', 3), events: events(3) }]);
  const cases: Array<[string, () => Uint8Array | Promise<Uint8Array>, BundleErrorCode, RegExp]> = [
    ['an empty file', () => new Uint8Array(0), 'not-a-bundle', /empty/],
    [
      'random bytes',
      () => Uint8Array.from({ length: 500 }, (_, i) => (i * 37) % 256),
      'not-a-bundle',
      /not a Tabreel bundle/,
    ],
    [
      'a PNG',
      () => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      'not-a-bundle',
      /not a Tabreel bundle/,
    ],
    ['plain JSON text', () => strToU8('{"t":"bundle"}'), 'not-a-bundle', /not a Tabreel bundle/],
    [
      'gzipped prose',
      () => gzipSync(strToU8('hello world\n')),
      'not-a-bundle',
      /not a Tabreel bundle/,
    ],
    [
      'gzipped JSON of another kind',
      () => gzipSync(strToU8('{"a":1}\n')),
      'not-a-bundle',
      /not a Tabreel bundle/,
    ],
    [
      'a gzipped rrweb event array',
      () => gzipSync(strToU8(JSON.stringify(events(3)))),
      'not-a-bundle',
      /not a Tabreel bundle/,
    ],
    [
      'another format name',
      () => handMade([header({ format: 'other' })]),
      'not-a-bundle',
      /not a Tabreel bundle/,
    ],
    [
      'a newer version',
      () => handMade([header({ version: 7 })]),
      'newer-version',
      /newer Tabreel \(bundle format 7\); this one reads up to format 2/,
    ],
    [
      'a header without producer',
      () => handMade([{ ...header(), producer: undefined }]),
      'bad-shape',
      /header is wrong: producer/,
    ],
    [
      'a header with zero sessions',
      () => handMade([header({ sessions: 0 })]),
      'bad-shape',
      /header is wrong: sessions/,
    ],
    [
      'truncated to half',
      async () => (await good()).subarray(0, Math.floor((await good()).length / 2)),
      'truncated',
      /truncated/,
    ],
    [
      'truncated near its end',
      async () => (await good()).subarray(0, (await good()).length - 20),
      'truncated',
      /truncated/,
    ],
    [
      // Changed inside the compressed stream (its first block's type made the invalid 11b, right
      // after the 10-byte gzip header): the file is whole, its data is not. It said "ends too early".
      'damaged compressed data',
      async () => {
        const bytes = Uint8Array.from(await good());
        bytes[10]! |= 0b110;
        return bytes;
      },
      'hash-mismatch',
      /^The bundle is damaged: its compressed data is invalid/,
    ],
    [
      'the end record missing',
      () =>
        handMade([header(), { t: 'session', index: 0, session: meta('a', 'A', 0) }], {
          end: false,
        }),
      'truncated',
      /end record is missing/,
    ],
    [
      'a last record cut off',
      () => gzipSync(strToU8(`${JSON.stringify(header())}\n{"t":"session","ind`)),
      'truncated',
      /cut off/,
    ],
    [
      'a session without an id',
      () =>
        handMade([
          header(),
          { t: 'session', index: 0, session: { ...meta('a', 'A', 0), id: undefined } },
        ]),
      'bad-session',
      /session 1 is not valid: session.id/,
    ],
    [
      'events that are not an array',
      () =>
        handMade([
          header(),
          { t: 'session', index: 0, session: meta('a', 'Cart', 1) },
          { t: 'events', session: 0, events: 'x' },
        ]),
      'bad-session',
      /session 1 \(“Cart”\) has invalid events/,
    ],
    [
      'an event without a time',
      () =>
        handMade([
          header(),
          { t: 'session', index: 0, session: meta('a', 'Cart', 1) },
          { t: 'events', session: 0, events: [{ type: 3 }] },
        ]),
      'bad-session',
      /events\.0\.timestamp/,
    ],
    [
      'an event with a text type',
      () =>
        handMade([
          header(),
          { t: 'session', index: 0, session: meta('a', 'Cart', 1) },
          { t: 'events', session: 0, events: [{ type: 'x', timestamp: 1 }] },
        ]),
      'bad-session',
      /events\.0\.type/,
    ],
    [
      'fewer events than the session says',
      () =>
        handMade([
          header(),
          { t: 'session', index: 0, session: meta('a', 'Cart', 5) },
          { t: 'events', session: 0, events: events(2) },
        ]),
      'bad-session',
      /says it has 5 events but holds 2/,
    ],
    [
      'a changed event (hash)',
      async () => {
        const text = new TextDecoder().decode((await import('fflate')).gunzipSync(await good()));
        return gzipSync(strToU8(text.replace('"i":1', '"i":7')));
      },
      'hash-mismatch',
      /changed or damaged/,
    ],
    [
      'an end record with the wrong count',
      () =>
        handMade([header(), { t: 'session', index: 0, session: meta('a', 'A', 0) }], {
          end: { t: 'end', records: 9, sha256: '0'.repeat(64) },
        }),
      'hash-mismatch',
      /changed or damaged/,
    ],
    [
      'a malformed end record',
      () => handMade([header()], { end: { t: 'end', records: 'x' } }),
      'bad-shape',
      /end record is wrong/,
    ],
    [
      'data after the end',
      async () => {
        const text = new TextDecoder().decode((await import('fflate')).gunzipSync(await good()));
        return gzipSync(strToU8(`${text}{"t":"session"}\n`));
      },
      'bad-shape',
      /after the end/,
    ],
    [
      'a record of an unknown kind',
      () =>
        handMade([
          header(),
          { t: 'session', index: 0, session: meta('a', 'A', 0) },
          { t: 'macro', run: 'x' },
        ]),
      'bad-shape',
      /unknown kind/,
    ],
    [
      'a line that is not JSON',
      () => handMade([header(), '{not json']),
      'bad-shape',
      /Record 2 is not valid JSON/,
    ],
    [
      'events before any session',
      () => handMade([header(), { t: 'events', session: 0, events: [] }]),
      'bad-shape',
      /no open session/,
    ],
    [
      'sessions out of order',
      () => handMade([header(), { t: 'session', index: 3, session: meta('a', 'A', 0) }]),
      'bad-shape',
      /out of order/,
    ],
    [
      'fewer sessions than the header says',
      () =>
        handMade([header({ sessions: 3 }), { t: 'session', index: 0, session: meta('a', 'A', 0) }]),
      'bad-shape',
      /says it holds 3 sessions but holds 1/,
    ],
    [
      'absurd nesting',
      () =>
        handMade([
          header(),
          `{"t":"session","index":0,"session":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
        ]),
      'too-deep',
      /deeper than 10000 levels/,
    ],
    [
      'bytes that are not UTF-8',
      () =>
        gzipSync(Uint8Array.from([...strToU8(`${JSON.stringify(header())}\n`), 0xff, 0xfe, 0x0a])),
      'bad-shape',
      /not UTF-8/,
    ],
    [
      'one bad session among good ones',
      () =>
        handMade([
          header({ sessions: 2 }),
          { t: 'session', index: 0, session: meta('a', 'Home', 1) },
          { t: 'events', session: 0, events: events(1) },
          { t: 'session', index: 1, session: meta('b', 'Payment form', 1) },
          { t: 'events', session: 1, events: [{ type: 2 }] },
        ]),
      'bad-session',
      /session 2 \(“Payment form”\) has invalid events/,
    ],
    [
      'a session that starts at no time (1e999 reads as Infinity)',
      () =>
        handMade([
          header(),
          JSON.stringify({ t: 'session', index: 0, session: meta('a', 'Home', 1) }).replace(
            '"startedAt":1000',
            '"startedAt":1e999',
          ),
          { t: 'events', session: 0, events: events(1) },
        ]),
      'bad-session',
      /session 1 is not valid: session\.startedAt: is not a time/,
    ],
    [
      'an event at a time no date holds',
      () =>
        handMade([
          header(),
          { t: 'session', index: 0, session: meta('a', 'Home', 2) },
          { t: 'events', session: 0, events: [...events(1), { type: 3, timestamp: 1e300 }] },
        ]),
      'bad-session',
      /session 1 \(“Home”\) has invalid events: events\.1\.timestamp: is not a time/,
    ],
  ];

  it('has at least 30 kinds of bad file', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', async (_name, make, code, message) => {
    const refused = await refusal(make());
    expect(refused.code).toBe(code);
    expect(refused.message).toMatch(message);
  });

  it('stops a small file that expands without bound, while inflating', async () => {
    const bomb = gzipSync(
      concat([strToU8(`${JSON.stringify(header())}\n`), new Uint8Array(30 * 1024 * 1024).fill(32)]),
    );
    expect(bomb.length).toBeLessThan(100 * 1024);
    const limits = {
      ...DEFAULT_BUNDLE_LIMITS,
      compressedBytes: bomb.length,
      ratioFreeBytes: 4 * 1024 * 1024,
    };
    const refused = await refusal(bomb, limits);
    expect(refused).toEqual({
      code: 'too-large',
      message: expect.stringMatching(/expands past [4-9] MB/),
    });
  });
});

describe('jsonDepthExceeds', () => {
  it('counts nesting outside strings only', () => {
    expect(jsonDepthExceeds('[[[1]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[[[1]]]]', 3)).toBe(true);
    expect(jsonDepthExceeds('["[[[[[[", "\\"[[[["]', 1)).toBe(false);
  });
});
