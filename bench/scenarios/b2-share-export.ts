// B2: sharing a 50,000-event session. In Node (the export code runs there unchanged, over an
// in-memory IndexedDB): a plain bundle export, a trimmed and redacted copy (two reads of the
// chunks), and the self-contained HTML page built from it. In Chromium: that page opened from
// disk, offline, until its replay shows the first frame (its embedded bundle is read, imported
// into memory and analyzed first). Method: docs/benchmarks.md.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { chromium } from 'playwright-core';
import { htmlExportParts } from '../../shared/bundle/html-export';
import { readBundle } from '../../shared/bundle/read-bundle';
import type { SharingOptions } from '../../shared/bundle/prepare-for-sharing';
import { NO_REDACTION } from '../../shared/bundle/redact-for-sharing';
import {
  openTabreelDb,
  type ChunkRow,
  type SessionRow,
  type TabreelDb,
} from '../../shared/db/schema';
import { encodeChunk } from '../../shared/storage/chunk-codec';
import { exportBundleParts } from '../../shared/storage/export-sessions';
import { chromiumPath, CHROMIUM_FLAGS } from '../../tests/support/chromium';
import type { Scenario, ScenarioContext } from '../support/scenario';
import { median, round, spread } from '../support/stats';
import { syntheticSession, SYNTHETIC_DURATION_MS } from '../support/synthetic-session';

const EVENTS = 50_000;
const STARTED_AT = Date.UTC(2026, 0, 5, 9, 0, 0);
const STANDALONE = resolve(import.meta.dirname, '../../dist/standalone/tabreel-viewer.html');
const OUT = resolve(import.meta.dirname, '../../.tmp/bench-s1');
const PRODUCER = { name: 'Tabreel', version: 'bench' };
/** The second half of the session, console left out, a word and a class masked. */
const SHARING: SharingOptions = {
  ...NO_REDACTION,
  range: { from: STARTED_AT + SYNTHETIC_DURATION_MS / 2, to: null },
  maskSelectors: ['.customer'],
  maskPatterns: ['ticket'],
  dropConsole: true,
};

export interface B2Data {
  rounds: number;
  events: number;
  rawBytes: number;
  storedBytes: number;
  sizes: { bundle: number; shared: number; html: number; viewer: number };
  sharedEvents: number;
  ms: { plain: number[]; shared: number[]; html: number[]; open: number[] };
}

async function seed(db: TabreelDb): Promise<{ rawBytes: number; storedBytes: number }> {
  const events = syntheticSession({ events: EVENTS, startedAt: STARTED_AT });
  let rawBytes = 0;
  let storedBytes = 0;
  const chunks: ChunkRow[] = [];
  for (let from = 0; from < events.length; from += 1000) {
    const slice = events.slice(from, from + 1000);
    const encoded = encodeChunk(slice);
    rawBytes += encoded.rawBytes;
    storedBytes += encoded.data.byteLength;
    chunks.push({
      id: `s1-stream:${from}`,
      sessionId: 's1',
      streamId: 's1-stream',
      fromSeq: from,
      toSeq: from + slice.length - 1,
      firstTs: slice[0]!.timestamp,
      lastTs: slice.at(-1)!.timestamp,
      count: slice.length,
      rawBytes: encoded.rawBytes,
      data: encoded.data,
    });
  }
  const endedAt = events.at(-1)!.timestamp;
  const row: SessionRow = {
    id: 's1',
    tabId: 1,
    incognito: false,
    startedAt: events[0]!.timestamp,
    startReason: 'navigation',
    endedAt,
    endReason: 'tab-closed',
    lastEventAt: endedAt,
    firstUrl: 'https://support.example.test/tickets',
    host: 'support.example.test',
    title: 'Support dashboard',
    pageCount: 5,
    eventCount: events.length,
    storedBytes,
    rawBytes,
    campaign: null,
    privacy: { level: 'mask-inputs' },
    pinned: 0,
    analysisPending: 0,
    summary: null,
    health: null,
  };
  await db.transaction('rw', [db.sessions, db.chunks], async () => {
    await db.chunks.bulkAdd(chunks);
    await db.sessions.add(row);
  });
  return { rawBytes, storedBytes };
}

const bytesOf = (parts: ReadonlyArray<Uint8Array | string>) =>
  parts.reduce((n, p) => n + (typeof p === 'string' ? Buffer.byteLength(p) : p.byteLength), 0);

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

export const b2ShareExport: Scenario<B2Data> = {
  id: 'B2',
  title: 'Sharing a 50,000-event session: bundle, trimmed and redacted copy, HTML page',
  // Reported numbers, no target: 3 rounds keep `npm run bench` inside its 10 minutes.
  defaultRounds: 3,
  async run({ rounds, log }: ScenarioContext): Promise<B2Data> {
    const db = openTabreelDb({ indexedDB: new IDBFactory(), IDBKeyRange });
    const { rawBytes, storedBytes } = await seed(db);
    const viewerHtml = readFileSync(STANDALONE, 'utf8');
    mkdirSync(OUT, { recursive: true });
    const data: B2Data = {
      rounds,
      events: EVENTS,
      rawBytes,
      storedBytes,
      sizes: { bundle: 0, shared: 0, html: 0, viewer: Buffer.byteLength(viewerHtml) },
      sharedEvents: 0,
      ms: { plain: [], shared: [], html: [], open: [] },
    };
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_FLAGS,
    });
    try {
      for (let round = 0; round <= rounds; round++) {
        const plain = await timed(() =>
          exportBundleParts(db, ['s1'], { producer: PRODUCER, createdAt: STARTED_AT }),
        );
        const shared = await timed(() =>
          exportBundleParts(db, ['s1'], {
            producer: PRODUCER,
            createdAt: STARTED_AT,
            sharing: SHARING,
          }),
        );
        const html = await timed(async () =>
          htmlExportParts(viewerHtml, plain.value, {
            fileName: 'bench.tabreel',
            title: 'Support dashboard',
          }),
        );
        const file = resolve(OUT, 'bench.html');
        writeFileSync(file, html.value.join(''));
        const context = await browser.newContext({ offline: true });
        const page = await context.newPage();
        await page.goto(pathToFileURL(file).href);
        await page.getByTestId('replay-clock').waitFor({ timeout: 120_000 });
        const loadedMs = await page.evaluate(
          `new Promise((resolve) => { const check = () => { const m = performance.getEntriesByName('tabreel:replay-loaded')[0]; if (m) resolve(m.startTime); else setTimeout(check, 20); }; check(); })`,
        );
        await context.close();
        data.sizes = {
          ...data.sizes,
          bundle: bytesOf(plain.value),
          shared: bytesOf(shared.value),
          html: bytesOf(html.value),
        };
        if (round === 0) {
          log(`  warm-up done (${Math.round(plain.ms)} ms plain export)`);
          continue;
        }
        data.ms.plain.push(plain.ms);
        data.ms.shared.push(shared.ms);
        data.ms.html.push(html.ms);
        data.ms.open.push(loadedMs as number);
        log(
          `  round ${round}: plain ${Math.round(plain.ms)} ms, shared ${Math.round(shared.ms)} ms, html ${Math.round(html.ms)} ms, opened ${Math.round(loadedMs as number)} ms`,
        );
      }
      const parts = await exportBundleParts(db, ['s1'], {
        producer: PRODUCER,
        createdAt: STARTED_AT,
        sharing: SHARING,
      });
      data.sharedEvents = (await readBundle(Buffer.concat(parts))).sessions[0]!.events.length;
    } finally {
      await browser.close();
      db.close();
    }
    return data;
  },
  render(data) {
    const mb = (n: number) => `${round(n / 2 ** 20, 2)} MB`;
    const row = (label: string, values: number[]) => {
      const s = spread(values);
      return `| ${label} | ${round(median(values), 0)} ms | ${round(s.min, 0)}–${round(s.max, 0)} ms |`;
    };
    return [
      `${data.events.toLocaleString('en')} synthetic events (${mb(data.rawBytes)} of JSON, ${mb(data.storedBytes)} stored); ${data.rounds} rounds after a warm-up. Export in Node over fake-indexeddb; the page opened in headless Chromium from file://, offline.`,
      '',
      '| step | median | range |',
      '| --- | --- | --- |',
      row('export the bundle (streamed)', data.ms.plain),
      row(
        `trimmed + redacted copy (second half, 1 selector, 1 pattern, no console; 2 reads): ${data.sharedEvents.toLocaleString('en')} events`,
        data.ms.shared,
      ),
      row('HTML page from the bundle (base64 into the standalone viewer)', data.ms.html),
      row(
        'open the HTML page from disk → first replay frame (import + analysis included)',
        data.ms.open,
      ),
      '',
      `Sizes: bundle ${mb(data.sizes.bundle)}, shared copy ${mb(data.sizes.shared)}, HTML page ${mb(data.sizes.html)} (the standalone viewer alone: ${mb(data.sizes.viewer)}).`,
    ].join('\n');
  },
};
