import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BundleError } from '../../shared/bundle/bundle-error';
import { NO_REDACTION } from '../../shared/bundle/redact-for-sharing';
import { readBundle } from '../../shared/bundle/read-bundle';
import { RRWEB_JSON_PRODUCER } from '../../shared/bundle/rrweb-json';
import type { SessionRow, TabreelDb } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { analyzePendingSessions } from '../../shared/storage/analyze-pending-sessions';
import { commitBatch } from '../../shared/storage/commit-batch';
import { storedByteLength } from '../../shared/storage/chunk-codec';
import { enforceBudget } from '../../shared/storage/enforce-budget';
import {
  ExportError,
  exportBundleParts,
  exportRrwebJsonParts,
  exportSessions,
} from '../../shared/storage/export-sessions';
import {
  IMPORT_EVENTS_PER_CHUNK,
  IMPORTED_TAB_ID,
  importBundle,
} from '../../shared/storage/import-bundle';
import { importFile, type ImportFileInput } from '../../shared/storage/import-file';
import { readSessionEvents } from '../../shared/storage/read-session-events';
import { recordTabClosed } from '../../shared/storage/tab-lifecycle';
import { sequentialIds } from '../fixtures/ids';
import {
  button,
  failedRequest,
  mouseMove,
  mutation,
  pageView,
  uncaughtError,
  userClick,
} from '../fixtures/signal-events';
import { DEFAULT_RULES, dumpDb, freshDb } from '../fixtures/tabreel-db';
import { at, timeline } from '../fixtures/timeline';

const PRODUCER = { name: 'Tabreel', version: '9.9.9' };
const IMPORTED_AT = at('2h');

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

/** Tab `tabId` records `events` on `streamId`, continuing its numbering, in batches of `batch`. */
async function record(
  db: TabreelDb,
  tabId: number,
  events: readonly TimedEvent[],
  streamId: string,
  batch = 400,
) {
  for (let i = 0; i < events.length; i += batch) {
    const fromSeq = (await db.streams.get(streamId))?.nextSeq ?? 0;
    const slice = events.slice(i, i + batch);
    await commitBatch(db, {
      tabId,
      incognito: false,
      streamId,
      fromSeq,
      events: slice,
      rules: DEFAULT_RULES,
      privacyLevel: 'mask-inputs',
      now: slice[0]!.timestamp,
      newId: () => `s${tabId}`,
    });
  }
}

/** A page load as rrweb starts it: Meta, then a (tiny) full snapshot. */
const snapshot = (ms: number, href: string): TimedEvent[] => [
  { type: 4, timestamp: ms, data: { href, width: 1000, height: 700 } },
  {
    type: 2,
    timestamp: ms,
    data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { left: 0, top: 0 } },
  },
];

/** `n` mouse moves, one every `everyMs` (rounded down: 0.5 gives pairs) from `fromMs`. */
const moves = (n: number, fromMs: number, everyMs = 10): TimedEvent[] =>
  Array.from({ length: n }, (_, i) => mouseMove(fromMs + Math.floor(i * everyMs)));

/**
 * A checkout on tab 1 as the recorder stores it: page /cart (stream a) with a click whose request
 * fails and an uncaught error; page /pay (stream b) starts while stream a's last batch is still to
 * come (their chunks overlap in time), and events of the same millisecond sit on both sides of a
 * chunk boundary. Then the tab closes and the session is analysed. Returns its row.
 */
async function recordCheckout(db: TabreelDb): Promise<SessionRow> {
  const cart = [
    pageView(at('0s'), '/cart', { navigation: 'navigate' }),
    ...snapshot(at('0s'), 'https://shop.example/cart'),
    ...moves(5000, at('1s'), 0.5),
    ...userClick(at('5s'), button('Pay now')),
    failedRequest(at('5s100ms'), 'http', { url: '/api/pay', method: 'POST' }),
    uncaughtError(at('5s200ms'), 'TypeError: total is undefined'),
  ];
  await record(db, 1, cart, 'stream-a');
  const pay = [
    pageView(at('8s'), '/pay', { navigation: 'navigate' }),
    ...snapshot(at('8s'), 'https://shop.example/pay'),
    mutation(at('8s')),
    ...moves(900, at('8s'), 1),
  ];
  await record(db, 1, pay, 'stream-b', 300);
  // Stream a's final batch, flushed late: stored after stream b's, overlapping them in time.
  await record(
    db,
    1,
    [mutation(at('7s')), mouseMove(at('8s')), mouseMove(at('8s500ms'))],
    'stream-a',
  );
  await recordTabClosed(db, 1, at('12s'), DEFAULT_RULES);
  while ((await analyzePendingSessions(db)) > 0);
  return (await db.sessions.get('s1'))!;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

async function exportBytes(db: TabreelDb, ids: string[]): Promise<Uint8Array> {
  return concat(await exportBundleParts(db, ids, { producer: PRODUCER, createdAt: at('1h') }));
}

function fileOf(name: string, bytes: Uint8Array): ImportFileInput {
  return {
    name,
    size: bytes.length,
    head: bytes.subarray(0, 16),
    stream: async function* () {
      for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
    },
    bytes: async () => bytes,
  };
}

const importOptions = () => ({ now: IMPORTED_AT, newId: sequentialIds('new-') });

/** Every row of the tables an import writes. */
async function everything(db: TabreelDb) {
  return { ...(await dumpDb(db)), analyses: await db.analyses.toArray() };
}

describe('export → bundle → import', () => {
  it('gives the same events and derived results under a new id, marked imported', async () => {
    const original = await recordCheckout(source);
    const originalEvents = (await readSessionEvents(source, 's1')).events;
    expect(await source.chunks.where('sessionId').equals('s1').count()).toBeGreaterThan(4);
    expect(original.summary?.failedActions).toBeGreaterThan(0);

    const bytes = await exportBytes(source, ['s1']);
    const bundle = await readBundle(bytes);
    // The export streams the events in exactly the order the viewer reads them.
    expect(bundle.sessions[0]!.events).toEqual(originalEvents);

    const ids = await importBundle(target, bundle, {
      from: 'checkout.tabreel',
      ...importOptions(),
    });
    expect(ids).toEqual(['new-1']);
    expect((await readSessionEvents(target, 'new-1')).events).toEqual(originalEvents);
    const [before, after] = await Promise.all([
      source.analyses.get('s1'),
      target.analyses.get('new-1'),
    ]);
    expect(after!.analysis).toEqual(before!.analysis);
    expect(after!.analysis.failures.map((f) => f.kind)).toContain('failed-request-click');

    const row = (await target.sessions.get('new-1'))!;
    expect(row).toMatchObject({
      tabId: IMPORTED_TAB_ID,
      pinned: 0,
      startedAt: original.startedAt,
      endedAt: original.endedAt,
      endReason: 'tab-closed',
      eventCount: original.eventCount,
      firstUrl: original.firstUrl,
      host: original.host,
      title: original.title,
      pageCount: original.pageCount,
      analysisPending: 0,
      summary: original.summary,
      health: original.health,
      imported: {
        from: 'checkout.tabreel',
        at: IMPORTED_AT,
        producer: 'Tabreel 9.9.9',
        originalId: 's1',
        sha256: bundle.sha256,
      },
    });
    expect(original.imported).toBeUndefined();
    const chunks = await target.chunks.where('sessionId').equals('new-1').toArray();
    expect(chunks).toHaveLength(Math.ceil(original.eventCount / IMPORT_EVENTS_PER_CHUNK));
    expect(row.storedBytes).toBe(chunks.reduce((n, c) => n + storedByteLength(c.data), 0));
  });

  it('imports the same file twice as two sessions, each with its own id', async () => {
    await recordCheckout(source);
    const file = fileOf('checkout.tabreel', await exportBytes(source, ['s1']));
    const options = importOptions();
    expect((await importFile(target, file, options)).ids).toEqual(['new-1']);
    expect((await importFile(target, file, options)).ids).toEqual(['new-2']);
    expect((await target.sessions.toArray()).map((s) => s.imported?.originalId)).toEqual([
      's1',
      's1',
    ]);
  });

  it('carries several sessions in order, with their names, tags and notes', async () => {
    await recordCheckout(source);
    await record(source, 2, [pageView(at('1m'), '/home'), ...moves(5, at('1m1s'))], 'stream-c');
    await recordTabClosed(source, 2, at('2m'), DEFAULT_RULES);
    await source.sessions.update('s2', { label: 'Home visit', tags: ['bug', 'qa'], note: 'Slow' });
    const read = await readBundle(await exportBytes(source, ['s2', 's1']));
    const ids = await importBundle(target, read, { from: 'two.tabreel', ...importOptions() });
    const rows = await Promise.all(ids.map((id) => target.sessions.get(id)));
    expect(rows.map((r) => r!.imported!.originalId)).toEqual(['s2', 's1']);
    expect(rows[0]).toMatchObject({ label: 'Home visit', tags: ['bug', 'qa'], note: 'Slow' });
  });

  it('reads chunks one at a time as the bundle is written, never a whole session up front', async () => {
    await recordCheckout(source);
    const chunkCount = await source.chunks.where('sessionId').equals('s1').count();
    let fetched = 0;
    const get = source.chunks.get.bind(source.chunks);
    source.chunks.get = ((key: string) => {
      fetched += 1;
      return get(key);
    }) as typeof source.chunks.get;
    const [input] = await exportSessions(source, ['s1']);
    expect(fetched).toBe(0);
    const pieces = input!.events as AsyncIterable<readonly TimedEvent[]>;
    const iterator = pieces[Symbol.asyncIterator]();
    await iterator.next();
    expect(fetched).toBeLessThan(chunkCount);
    let count = (await iterator.next()).value?.length ?? 0;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      count += next.value.length;
    }
    expect(fetched).toBe(chunkCount);
    expect(count).toBeGreaterThan(0);
  });

  it('sends the stored analysis only while it is current', async () => {
    await recordCheckout(source);
    const [ended] = await exportSessions(source, ['s1']);
    expect(ended!.analysis).toEqual((await source.analyses.get('s1'))!.analysis);

    await source.analyses.update('s1', { eventCount: 1 }); // stale: computed from fewer events
    expect((await exportSessions(source, ['s1']))[0]!.analysis).toBeNull();

    await record(source, 3, [pageView(at('3m'), '/open')], 'stream-d');
    const [open] = await exportSessions(source, ['s3']);
    expect(open!.analysis).toBeNull();
    expect(open!.meta.endedAt).toBeNull();
  });

  it('imports a session that was still recording as ended, at its last event', async () => {
    await record(source, 3, [pageView(at('3m'), '/open'), mouseMove(at('3m5s'))], 'stream-d');
    const read = await readBundle(await exportBytes(source, ['s3']));
    const [id] = await importBundle(target, read, { from: 'open.tabreel', ...importOptions() });
    expect(await target.sessions.get(id!)).toMatchObject({
      endedAt: at('3m5s'),
      endReason: null,
      health: 'tolerable',
    });
  });

  it('keeps an end by a stop of recording (here a pause) through the bundle; an unknown reason is none', async () => {
    await record(source, 4, timeline`load(/a)@0s click@1s stop:paused@2s`, 'stream-stop');
    while ((await analyzePendingSessions(source)) > 0);
    const read = await readBundle(await exportBytes(source, ['s4']));
    expect(read.sessions[0]!.meta).toMatchObject({ endReason: 'paused', endedAt: at('2s') });
    const [id] = await importBundle(target, read, { from: 'paused.tabreel', ...importOptions() });
    expect(await target.sessions.get(id!)).toMatchObject({
      endReason: 'paused',
      endedAt: at('2s'),
    });

    // A newer Tabreel's reason, unknown here: the session imports, its reason not known.
    read.sessions[0]!.meta.endReason = 'reason-from-the-future';
    const [other] = await importBundle(target, read, {
      from: 'newer.tabreel',
      now: IMPORTED_AT,
      newId: () => 'newer-1',
    });
    expect(await target.sessions.get(other!)).toMatchObject({ endReason: null, endedAt: at('2s') });
  });

  it('keeps an idle tail’s end, and clamps an absurd one to what the replay can show', async () => {
    // Recorded to 8.9 s, the tab closed at 12 s: the bundle says so, and the import keeps it.
    await recordCheckout(source);
    const read = await readBundle(await exportBytes(source, ['s1']));
    const lastEvent = read.sessions[0]!.events.at(-1)!.timestamp;
    expect(read.sessions[0]!.meta.endedAt).toBe(at('12s'));
    const withEnd = (endedAt: number) => ({
      ...read,
      sessions: [{ ...read.sessions[0]!, meta: { ...read.sessions[0]!.meta, endedAt } }],
    });
    const cases: Array<[string, number, number]> = [
      ['kept', at('12s'), at('12s')],
      ['before its first event', at('0s') - 60_000, lastEvent],
      ['Infinity (1e999 in JSON)', Infinity, lastEvent],
      ['NaN', NaN, lastEvent],
      ['three days after its last event', lastEvent + 3 * 86_400_000, lastEvent + 86_400_000],
    ];
    const options = importOptions();
    for (const [what, endedAt, expected] of cases) {
      const [id] = await importBundle(target, withEnd(endedAt), {
        from: `${what}.tabreel`,
        ...options,
      });
      const row = (await target.sessions.get(id!))!;
      const analysis = (await target.analyses.get(id!))!.analysis;
      expect({ what, endedAt: row.endedAt }).toEqual({ what, endedAt: expected });
      expect(row.lastEventAt).toBe(expected);
      expect(analysis.duration.endedAt).toBe(expected);
      expect(analysis.duration.wallMs).toBe(expected - row.startedAt);
    }
  });

  it('refuses to export a session it cannot read whole, saying which', async () => {
    const row = await recordCheckout(source);
    const [first] = await source.chunks.where('sessionId').equals('s1').primaryKeys();
    await source.chunks.update(first!, { data: new Uint8Array([0xde, 0xad]) });
    const error = await exportBytes(source, ['s1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).code).toBe('damaged');
    expect((error as ExportError).message).toContain(`“${row.title}”`);
    await expect(exportBytes(source, ['missing'])).rejects.toThrow(/no longer exists/);
  });

  it('starts again when a recording session changes under the export', async () => {
    await record(source, 3, [pageView(at('3m'), '/open'), ...moves(900, at('3m1s'))], 'stream-d');
    const get = source.chunks.get.bind(source.chunks);
    let misses = 1; // the first read finds the chunk gone (compacted meanwhile)
    source.chunks.get = ((key: string) =>
      misses-- > 0 ? Promise.resolve(undefined) : get(key)) as typeof source.chunks.get;
    const read = await readBundle(await exportBytes(source, ['s3']));
    expect(read.sessions[0]!.events).toEqual((await readSessionEvents(source, 's3')).events);
  });
});

describe('a bad file imports nothing', () => {
  it('refuses a truncated or altered bundle with its message, leaving the database as it was', async () => {
    await recordCheckout(source);
    const good = await exportBytes(source, ['s1']);
    await importFile(target, fileOf('earlier.tabreel', good), importOptions());
    const before = await everything(target);

    const truncated = good.subarray(0, Math.floor(good.length / 2));
    await expect(
      importFile(target, fileOf('cut.tabreel', truncated), importOptions()),
    ).rejects.toMatchObject({ name: 'BundleError', code: 'truncated' });
    const text = new TextEncoder().encode('hello, not a bundle');
    await expect(importFile(target, fileOf('x.tabreel', text), importOptions())).rejects.toThrow(
      BundleError,
    );
    expect(await everything(target)).toEqual(before);
  });

  it('stores none of a bundle’s sessions when one cannot be stored', async () => {
    await recordCheckout(source);
    await record(source, 2, [pageView(at('1m'), '/home')], 'stream-c');
    await recordTabClosed(source, 2, at('2m'), DEFAULT_RULES);
    const read = await readBundle(await exportBytes(source, ['s1', 's2']));
    await importBundle(target, read, { from: 'a.tabreel', ...importOptions() });
    const before = await everything(target);
    // The second session's new id collides with a stored one: the first must not stay behind.
    const ids = ['fresh-1', 'new-1'];
    await expect(
      importBundle(target, read, { from: 'b.tabreel', now: 1, newId: () => ids.shift()! }),
    ).rejects.toThrow();
    expect(await everything(target)).toEqual(before);
  });
});

describe('a trimmed and redacted copy for sharing', () => {
  it('streams the range from a full snapshot, without what was dropped, and imports as a valid session', async () => {
    const original = await recordCheckout(source);
    const storedBefore = await everything(source);
    const sharing = {
      ...NO_REDACTION,
      dropNetwork: true,
      maskPatterns: ['/pay/'],
      range: { from: at('6s'), to: at('10s') },
    };
    const bytes = concat(
      await exportBundleParts(source, ['s1'], { producer: PRODUCER, createdAt: at('1h'), sharing }),
    );
    const bundle = await readBundle(bytes);
    const [session] = bundle.sessions;
    expect(session!.meta).toMatchObject({ startedAt: at('6s'), endedAt: at('10s') });
    expect(session!.meta.eventCount).toBe(session!.events.length);
    expect(session!.meta.eventCount).toBeLessThan(original.eventCount);
    expect(session!.analysis).toBeNull();
    const events = session!.events;
    expect(events.every((e) => e.timestamp >= at('6s') && e.timestamp <= at('10s'))).toBe(true);
    expect(events.findIndex((e) => e.type === 2)).toBeLessThan(
      events.findIndex((e) => e.type === 3),
    );
    expect(JSON.stringify(events)).not.toMatch(/tabreel\.request|\/pay/);
    // The stored session is untouched, and the copy imports as a session of its own.
    expect(await everything(source)).toEqual(storedBefore);
    const [id] = await importBundle(target, bundle, { from: 'shared.tabreel', ...importOptions() });
    expect((await target.sessions.get(id!))!.eventCount).toBe(events.length);
  });

  it('refuses a range that holds nothing of the session', async () => {
    await recordCheckout(source);
    const sharing = { ...NO_REDACTION, range: { from: null, to: at('0s') - 1 } };
    await expect(
      exportBundleParts(source, ['s1'], { producer: PRODUCER, createdAt: at('1h'), sharing }),
    ).rejects.toThrow(/Nothing of .* is left in the chosen time range/);
  });
});

describe('opening a file again (reuse: the standalone viewer’s ?bundle= at every reload)', () => {
  it('opens the sessions an earlier import of the same file stored, instead of storing them again', async () => {
    await recordCheckout(source);
    const bytes = await exportBytes(source, ['s1']);
    const file = fileOf('checkout.tabreel', bytes);
    const options = { ...importOptions(), reuse: true };
    expect((await importFile(target, file, options)).ids).toEqual(['new-1']);
    expect((await importFile(target, file, options)).ids).toEqual(['new-1']);
    expect(await target.sessions.count()).toBe(1);
    // Another name, or the session deleted since: stored again.
    expect((await importFile(target, fileOf('copy.tabreel', bytes), options)).ids).toEqual([
      'new-2',
    ]);
    await target.sessions.delete('new-1');
    expect((await importFile(target, file, options)).ids).toEqual(['new-3']);
  });

  it('opens an rrweb JSON file imported before, by its bytes’ hash', async () => {
    await recordCheckout(source);
    const bytes = concat(await exportRrwebJsonParts(source, 's1'));
    const options = { ...importOptions(), reuse: true };
    const first = await importFile(target, fileOf('checkout.json', bytes), options);
    expect((await importFile(target, fileOf('checkout.json', bytes), options)).ids).toEqual(
      first.ids,
    );
    // One byte more (a trailing space): the same events, another file.
    const changed = new Uint8Array([...bytes, 0x20]);
    expect((await importFile(target, fileOf('checkout.json', changed), options)).ids).not.toEqual(
      first.ids,
    );
  });
});

describe('plain rrweb JSON', () => {
  it('exports the session as the event array and imports it back as one session', async () => {
    const original = await recordCheckout(source);
    const events = (await readSessionEvents(source, 's1')).events;
    const bytes = concat(await exportRrwebJsonParts(source, 's1'));
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(events);

    const result = await importFile(target, fileOf('checkout.json', bytes), importOptions());
    expect(result.kind).toBe('rrweb-json');
    const [id] = result.ids;
    expect((await readSessionEvents(target, id!)).events).toEqual(events);
    const row = (await target.sessions.get(id!))!;
    expect(row).toMatchObject({
      tabId: IMPORTED_TAB_ID,
      firstUrl: original.firstUrl,
      host: original.host,
      title: original.title,
      pageCount: 2,
      privacy: { level: 'unknown' },
      imported: { from: 'checkout.json', producer: RRWEB_JSON_PRODUCER },
    });
    expect(row.imported!.sha256).toMatch(/^[0-9a-f]{64}$/);
    // A plain file has no session end: failures and pages are the same, the last page's time not.
    const [before, after] = [
      (await source.analyses.get('s1'))!.analysis,
      (await target.analyses.get(id!))!.analysis,
    ];
    expect(after.failures).toEqual(before.failures);
    expect(after.flow.pages.map((p) => p.url)).toEqual(before.flow.pages.map((p) => p.url));
  });

  it('refuses a JSON file that is not an rrweb recording, importing nothing', async () => {
    const bytes = new TextEncoder().encode('{"events": []}');
    await expect(importFile(target, fileOf('x.json', bytes), importOptions())).rejects.toThrow(
      'This JSON file is not an rrweb recording: it holds an object, not an array of events.',
    );
    expect(await target.sessions.count()).toBe(0);
  });
});

describe('retention of imported sessions', () => {
  it('counts an imported session’s age from its import, not from when it was recorded', async () => {
    await recordCheckout(source);
    const read = await readBundle(await exportBytes(source, ['s1']));
    const year = 365 * 24 * 3600 * 1000;
    await importBundle(target, read, {
      from: 'old.tabreel',
      now: at('0s') + year,
      newId: () => 'i',
    });
    const budget = { retentionMs: 90 * 24 * 3600 * 1000, budgetBytes: Infinity };
    expect((await enforceBudget(target, { ...budget, now: at('0s') + year + 1000 })).ids).toEqual(
      [],
    );
    expect(
      (await enforceBudget(target, { ...budget, now: at('0s') + year + budget.retentionMs + 1 }))
        .ids,
    ).toEqual(['i']);
  });
});
