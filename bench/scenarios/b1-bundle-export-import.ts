// Scenario B1: exporting and importing a 50,000-event session as a person does it in the viewer
// (select it in the list, Export; then Import the file through the picker), timed from the click
// until the file is downloaded / the import is reported, with the viewer page's JS heap sampled
// throughout. Method: docs/benchmarks.md.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from '../../tests/support/chromium';
import type { Scenario, ScenarioContext, TargetCheck } from '../support/scenario';
import { seedBenchSession } from '../support/seed-bench-session';
import { deleteImportedSessions } from '../support/stored-sessions';
import { median, round, spread } from '../support/stats';
import { syntheticSession } from '../support/synthetic-session';

export const B1_EVENTS = 50_000;
const TITLE = `Bench session (${B1_EVENTS} events)`;
const DAY_MS = 86_400_000;
const SAMPLE_MS = 20;
const MB = 1024 * 1024;

interface Operation {
  ms: number;
  /** The viewer page's JS heap: the highest sample above the level before the click, MB. */
  peakHeapMb: number;
}

export interface B1Data {
  rounds: number;
  events: number;
  rawBytes: number;
  storedBytes: number;
  bundleBytes: number;
  exports: Operation[];
  imports: Operation[];
}

/** Samples the page's JS heap every SAMPLE_MS until stopped; returns the peak above the start. */
async function sampleHeap(cdp: CDPSession): Promise<() => Promise<number>> {
  const heap = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  };
  await cdp.send('HeapProfiler.collectGarbage');
  const base = await heap();
  let peak = base;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, await heap());
      await new Promise((done) => setTimeout(done, SAMPLE_MS));
    }
  })();
  return async () => {
    running = false;
    await loop;
    peak = Math.max(peak, await heap());
    return (peak - base) / MB;
  };
}

async function openList(browser: ExtensionBrowser): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/viewer/index.html#/`);
  await page.getByRole('checkbox', { name: `Select “${TITLE}”` }).waitFor();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

async function exportOnce(
  browser: ExtensionBrowser,
  dir: string,
): Promise<Operation & { path: string }> {
  const { page, cdp } = await openList(browser);
  try {
    await page.getByRole('checkbox', { name: `Select “${TITLE}”` }).check();
    const button = page
      .getByRole('region', { name: 'Selected sessions' })
      .getByRole('button', { name: 'Export', exact: true });
    const stop = await sampleHeap(cdp);
    const started = Date.now();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      button.click(),
    ]);
    const path = join(dir, `export-${started}.tabreel`);
    await download.saveAs(path);
    const ms = Date.now() - started;
    return { ms, peakHeapMb: round(await stop(), 1), path };
  } finally {
    await page.close();
  }
}

async function importOnce(browser: ExtensionBrowser, path: string): Promise<Operation> {
  const { page, cdp } = await openList(browser);
  try {
    const name = 'b1.tabreel';
    const buffer = readFileSync(path);
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Import', exact: true }).click(),
    ]);
    const stop = await sampleHeap(cdp);
    const started = Date.now();
    await chooser.setFiles({ name, mimeType: '', buffer });
    const outcome = page.getByTestId('import-outcome').filter({ hasText: name });
    await outcome.waitFor({ timeout: 120_000 });
    const ms = Date.now() - started;
    const text = (await outcome.textContent()) ?? '';
    if (!text.includes('Imported one session')) throw new Error(`Import failed: ${text}`);
    return { ms, peakHeapMb: round(await stop(), 1) };
  } finally {
    await page.close();
  }
}

async function run(context: ScenarioContext): Promise<B1Data> {
  const browser = await launchWithExtension();
  const dir = mkdtempSync(join(tmpdir(), 'tabreel-b1-'));
  try {
    const startedAt = Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS + 9 * 3_600_000;
    const events = syntheticSession({ events: B1_EVENTS, startedAt });
    const extensionPage = await browser.extensionPage();
    const stored = await seedBenchSession(extensionPage, 'bench-b1', TITLE, events);
    await extensionPage.close();
    const exports: Operation[] = [];
    const imports: Operation[] = [];
    let bundleBytes = 0;
    for (let r = 0; r <= context.rounds; r += 1) {
      const label = r === 0 ? 'warm-up' : `round ${r}/${context.rounds}`;
      const exported = await exportOnce(browser, dir);
      bundleBytes = statSync(exported.path).size;
      const imported = await importOnce(browser, exported.path);
      await deleteImportedSessions(await browser.extensionPage());
      rmSync(exported.path);
      context.log(
        `${label}: export ${exported.ms} ms (heap +${exported.peakHeapMb} MB), import ${imported.ms} ms (heap +${imported.peakHeapMb} MB), bundle ${(bundleBytes / MB).toFixed(2)} MB`,
      );
      if (r === 0) continue;
      exports.push({ ms: exported.ms, peakHeapMb: exported.peakHeapMb });
      imports.push(imported);
    }
    return {
      rounds: context.rounds,
      events: B1_EVENTS,
      rawBytes: stored.rawBytes,
      storedBytes: stored.storedBytes,
      bundleBytes,
      exports,
      imports,
    };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function render(data: B1Data): string {
  const cell = (values: readonly number[], digits = 0) => {
    const s = spread(values);
    return `${round(s.median, digits)} (${round(s.min, digits)}–${round(s.max, digits)})`;
  };
  const mb = (bytes: number) => `${(bytes / MB).toFixed(2)} MB`;
  return [
    `## B1 — exporting and importing a ${data.events.toLocaleString('en')}-event session`,
    '',
    `${data.rounds} measured rounds after a warm-up, in the extension’s viewer, a fresh list tab for each step. Export: the session’s checkbox, then Export in the selection bar, timed from the click until the download is saved. ` +
      'Import: the Import button’s file picker, timed from the file being chosen until the list reports the import (read, verified, stored, analysed). ' +
      `Heap: the viewer page’s JS heap (CDP JSHeapUsedSize every ${SAMPLE_MS} ms), the highest sample above the level after a GC before the click; the file’s bytes held by the browser as a Blob are outside it. Cells: median (min–max).`,
    '',
    '| step | time, ms | peak JS heap added, MB |',
    '|---|--:|--:|',
    `| export to a .tabreel bundle | ${cell(data.exports.map((o) => o.ms))} | ${cell(
      data.exports.map((o) => o.peakHeapMb),
      1,
    )} |`,
    `| import the bundle | ${cell(data.imports.map((o) => o.ms))} | ${cell(
      data.imports.map((o) => o.peakHeapMb),
      1,
    )} |`,
    '',
    '| size | bytes | ÷ raw event JSON |',
    '|---|--:|--:|',
    `| raw event JSON | ${mb(data.rawBytes)} | 1 |`,
    `| stored (deflate chunks in IndexedDB) | ${mb(data.storedBytes)} | ${(data.storedBytes / data.rawBytes).toFixed(3)} |`,
    `| bundle (.tabreel: gzip JSON lines) | ${mb(data.bundleBytes)} | **${(data.bundleBytes / data.rawBytes).toFixed(3)}** |`,
  ].join('\n');
}

function targets(data: B1Data): TargetCheck[] {
  const ms = (ops: readonly Operation[]) => median(ops.map((o) => o.ms)).toFixed(0);
  const heap = (ops: readonly Operation[]) => median(ops.map((o) => o.peakHeapMb)).toFixed(1);
  return [
    {
      target: `export ${data.events / 1000}k events (reported)`,
      result: `${ms(data.exports)} ms, JS heap +${heap(data.exports)} MB`,
      met: null,
    },
    {
      target: `import ${data.events / 1000}k events (reported)`,
      result: `${ms(data.imports)} ms, JS heap +${heap(data.imports)} MB`,
      met: null,
    },
    {
      target: 'bundle ÷ raw event JSON (reported)',
      result: (data.bundleBytes / data.rawBytes).toFixed(3),
      met: null,
    },
  ];
}

export const b1BundleExportImport: Scenario<B1Data> = {
  id: 'B1',
  title: 'Exporting and importing a 50,000-event session',
  defaultRounds: 3,
  run,
  render,
  targets,
};
