import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BundleError, type BundleErrorCode } from '../../shared/bundle/bundle-error';
import { exportFileName } from '../../shared/bundle/bundle-file-name';
import { importKindOf } from '../../shared/bundle/import-kind';
import {
  readRrwebJson,
  rrwebSessionOf,
  writeRrwebJson,
  type ReadRrwebJsonLimits,
} from '../../shared/bundle/rrweb-json';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { mouseMove, pageView } from '../fixtures/signal-events';
import { at } from '../fixtures/timeline';

const meta = (ms: number, href: string): TimedEvent => ({
  type: 4,
  timestamp: ms,
  data: { href, width: 1000, height: 700 },
});
const fullSnapshot = (ms: number): TimedEvent => ({
  type: 2,
  timestamp: ms,
  data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { left: 0, top: 0 } },
});

/** What a plain rrweb recorder (no Tabreel signals) writes: two page loads. */
const plainRecording: TimedEvent[] = [
  meta(at('0s'), 'https://shop.example/cart'),
  fullSnapshot(at('0s')),
  mouseMove(at('1s')),
  meta(at('5s'), 'https://shop.example/pay'),
  fullSnapshot(at('5s')),
];

const json = (value: unknown) => strToU8(JSON.stringify(value));

function refusal(
  bytes: Uint8Array,
  limits?: ReadRrwebJsonLimits,
): { code: BundleErrorCode; message: string } {
  try {
    readRrwebJson(bytes, limits);
  } catch (error) {
    if (error instanceof BundleError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('The file was accepted.');
}

describe('writeRrwebJson', () => {
  it('writes the pieces as one JSON array, skipping empty pieces', async () => {
    const parts: Uint8Array[] = [];
    const pieces = [plainRecording.slice(0, 2), [], plainRecording.slice(2)];
    expect(await writeRrwebJson(pieces, (p) => parts.push(p))).toBe(plainRecording.length);
    const text = parts.map((p) => new TextDecoder().decode(p)).join('');
    expect(JSON.parse(text)).toEqual(plainRecording);
    expect(parts.length).toBeGreaterThan(2); // written a piece at a time
  });

  it('writes an empty array for no events', async () => {
    const parts: Uint8Array[] = [];
    await writeRrwebJson([], (p) => parts.push(p));
    expect(JSON.parse(parts.map((p) => new TextDecoder().decode(p)).join(''))).toEqual([]);
  });
});

describe('readRrwebJson', () => {
  it('reads an rrweb event array', () => {
    expect(readRrwebJson(json(plainRecording))).toEqual(plainRecording);
    // A byte-order mark and surrounding whitespace are fine.
    const bom = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...strToU8(` \n${JSON.stringify(plainRecording)}\n`),
    ]);
    expect(readRrwebJson(bom)).toEqual(plainRecording);
  });

  const limits: ReadRrwebJsonLimits = { maxBytes: 1024 * 1024, maxDepth: 50 };
  const cases: Array<[string, () => Uint8Array, BundleErrorCode, string | RegExp]> = [
    ['an empty file', () => new Uint8Array(0), 'not-a-bundle', 'This file is empty.'],
    [
      'a file over the size cap',
      () => new Uint8Array(1024 * 1024 + 1).fill(0x20),
      'too-large',
      'This JSON file is 2 MB; Tabreel imports rrweb JSON files up to 1 MB (a .tabreel bundle has no such limit).',
    ],
    [
      'text that is not UTF-8',
      () => new Uint8Array([0x5b, 0xff, 0xfe, 0x5d]),
      'bad-shape',
      'This JSON file holds text that is not UTF-8.',
    ],
    [
      'nesting past the limit',
      () => strToU8(`${'['.repeat(60)}${']'.repeat(60)}`),
      'too-deep',
      'This JSON file nests deeper than 50 levels: no recording is that deep.',
    ],
    [
      'text that is not JSON',
      () => strToU8('[{"type": 2,'),
      'not-a-bundle',
      /^This file is neither a Tabreel bundle nor valid JSON \(.+\)\.$/,
    ],
    [
      'an object',
      () => json({ events: plainRecording }),
      'not-a-bundle',
      'This JSON file is not an rrweb recording: it holds an object, not an array of events.',
    ],
    [
      'a string',
      () => json('events'),
      'not-a-bundle',
      'This JSON file is not an rrweb recording: it holds a string, not an array of events.',
    ],
    ['an empty array', () => json([]), 'bad-session', 'This rrweb recording holds no events.'],
    [
      'an event without a timestamp',
      () => json([fullSnapshot(1), { type: 3, data: {} }]),
      'bad-session',
      'Event 2 of this JSON file is not an rrweb event: each needs a whole-number “type” from 0 to 8 and a numeric “timestamp”.',
    ],
    [
      'an event of an unknown type',
      () => json([fullSnapshot(1), mouseMove(2), { type: 42, timestamp: 3 }]),
      'bad-session',
      /^Event 3 of this JSON file is not an rrweb event/,
    ],
    [
      'an event at a time no date holds',
      () => json([fullSnapshot(1), mouseMove(2), { type: 3, timestamp: 1e300, data: {} }]),
      'bad-session',
      /^Event 3 of this JSON file is not an rrweb event/,
    ],
    [
      'an array of numbers',
      () => json([1, 2, 3]),
      'bad-session',
      /^Event 1 of this JSON file is not an rrweb event/,
    ],
    [
      'events without a full snapshot',
      () => json([meta(1, 'https://a.example/'), mouseMove(2)]),
      'bad-session',
      'This rrweb recording has no full snapshot (an event of type 2): there is nothing to replay.',
    ],
  ];
  it.each(cases)('refuses %s with its own message', (_name, make, code, message) => {
    const refused = refusal(make(), limits);
    expect(refused.code).toBe(code);
    if (typeof message === 'string') expect(refused.message).toBe(message);
    else expect(refused.message).toMatch(message);
  });
});

describe('rrwebSessionOf', () => {
  it('reads a plain recording’s address, pages and times from rrweb’s Meta events', () => {
    const shuffled = [
      plainRecording[2]!,
      ...plainRecording.slice(0, 2),
      ...plainRecording.slice(3),
    ];
    const session = rrwebSessionOf(shuffled, { fileName: 'checkout bug.json' });
    expect(session.events).toEqual(plainRecording);
    expect(session.analysis).toBeNull();
    expect(session.meta).toEqual({
      id: 'checkout bug.json',
      startedAt: at('0s'),
      endedAt: at('5s'),
      endReason: null,
      startReason: 'navigation',
      firstUrl: 'https://shop.example/cart',
      host: 'shop.example',
      title: 'checkout bug',
      pageCount: 2,
      eventCount: 5,
      campaign: null,
      privacy: { level: 'unknown' },
    });
  });

  it('prefers Tabreel’s own page signals when the file has them', () => {
    const events = [
      pageView(at('0s'), '/cart', { title: 'Your basket' }),
      ...plainRecording,
      pageView(at('5s'), '/pay'),
    ];
    const { meta: read } = rrwebSessionOf(events, { fileName: 'x.json' });
    expect(read).toMatchObject({
      firstUrl: 'https://shop.example/cart',
      title: 'Your basket',
      pageCount: 2,
    });
  });
});

describe('importKindOf', () => {
  const gzip = new Uint8Array([0x1f, 0x8b, 8, 0]);
  it.each([
    ['a gzip file, whatever its name', 'shop.json', gzip, 'bundle'],
    ['a .tabreel file', 'shop.tabreel', strToU8('hello'), 'bundle'],
    ['a .json file', 'events.JSON', strToU8('hello'), 'rrweb-json'],
    ['an unnamed JSON array', 'download', strToU8('  \n[{"type":4'), 'rrweb-json'],
    ['JSON after a byte-order mark', 'x', new Uint8Array([0xef, 0xbb, 0xbf, 0x7b]), 'rrweb-json'],
    ['anything else', 'notes.txt', strToU8('hello'), 'bundle'],
  ] as const)('reads %s as %s', (_name, fileName, head, kind) => {
    expect(importKindOf(fileName, head)).toBe(kind);
  });
});

describe('exportFileName', () => {
  const day = new Date(2025, 10, 28, 14, 30).getTime();
  it('names the site and the day the session began', () => {
    expect(exportFileName([{ host: 'shop.example', startedAt: day }])).toBe(
      'tabreel-shop.example-2025-11-28.tabreel',
    );
    expect(exportFileName([{ host: '127.0.0.1:8080', startedAt: day }], '.json')).toBe(
      'tabreel-127.0.0.1-8080-2025-11-28.json',
    );
  });

  it('counts sessions of several sites, from the earliest day', () => {
    const earlier = new Date(2025, 10, 2, 9).getTime();
    expect(
      exportFileName([
        { host: 'a.example', startedAt: day },
        { host: 'b.example', startedAt: earlier },
      ]),
    ).toBe('tabreel-2-sessions-2025-11-02.tabreel');
    expect(exportFileName([{ host: '', startedAt: day }])).toBe(
      'tabreel-session-2025-11-28.tabreel',
    );
  });
});
