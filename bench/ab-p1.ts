// P1's open of one session size for several builds and bare rrweb side by side, opens interleaved
// (the order turns every round), so every arm sees the same load:
//   npx tsx bench/ab-p1.ts <extension dir> [<extension dir> …] [--rounds N] [--size EVENTS]
// Prints each round, then per build: the time to the first frame and its ratio to bare rrweb's in
// the same round (medians), and the median time from navigation start of every mark the viewer and
// its replay frame set, with the page's navigation and script timings, in time order: where the
// fixed cost before the first frame goes (docs/benchmarks.md, P1).
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from '../tests/support/chromium';
import { startBenchServer } from './support/bench-server';
import { median, round } from './support/stats';
import {
  marksOnceSet,
  openUntilLoaded,
  prepareSessions,
  viewerUrl,
  type BenchSession,
  type Mark,
} from './support/viewer-bench';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i < 0 ? fallback : Number(argv.splice(i, 2)[1]);
};
const ROUNDS = option('--rounds', 8);
const SIZE = option('--size', 10_000);
const dirs = argv;
if (dirs.length === 0) throw new Error('usage: ab-p1.ts <extension dir> … [--rounds N] [--size N]');

/** The page's own timings as marks: when its document and its scripts arrived. */
async function pageTimings(page: Page): Promise<Mark[]> {
  return page.evaluate<Mark[]>(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const out = [];
    if (nav) for (const key of ['responseEnd', 'domInteractive', 'domContentLoadedEventEnd', 'loadEventEnd'])
      out.push({ name: 'nav:' + key, at: nav[key] });
    for (const r of performance.getEntriesByType('resource'))
      if (/viewer-[^/]*\\.js$/.test(r.name)) out.push({ name: 'script:viewer entry loaded', at: r.responseEnd });
    for (const p of performance.getEntriesByType('paint')) out.push({ name: 'paint:' + p.name, at: p.startTime });
    return out;
  })()`);
}

async function openViewer(browser: ExtensionBrowser, session: BenchSession): Promise<Mark[]> {
  const page = await browser.context.newPage();
  try {
    await openUntilLoaded(page, viewerUrl(browser, session.id));
    const marks = await marksOnceSet(page, ['tabreel:replay-complete', 'tabreel:view-read']);
    return [...marks, ...(await pageTimings(page))];
  } finally {
    await page.close();
  }
}

async function openBare(browser: ExtensionBrowser, url: string): Promise<number> {
  const page = await browser.context.newPage();
  try {
    return (await openUntilLoaded(page, url)).loadedMs;
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  const builds: ExtensionBrowser[] = [];
  const sessions: BenchSession[] = [];
  for (const dir of dirs) {
    const browser = await launchWithExtension({ extensionDir: dir });
    builds.push(browser);
    sessions.push((await prepareSessions(browser, server, [SIZE]))[0]!);
  }
  const bare = await launchWithExtension({ withExtension: false });
  const bareUrl = server.url(
    `bare-replayer.html?events=${encodeURIComponent(sessions[0]!.jsonPath)}`,
  );
  const arms = dirs.length + 1; // the last one: bare
  const loaded: number[][] = Array.from({ length: arms }, () => []);
  const marks: Mark[][][] = dirs.map(() => []);
  try {
    for (let r = 0; r <= ROUNDS; r += 1) {
      const order = Array.from({ length: arms }, (_, i) => (i + r) % arms);
      const line: string[] = [];
      const times: number[] = new Array<number>(arms);
      for (const i of order) {
        if (i === dirs.length) times[i] = await openBare(bare, bareUrl);
        else {
          const got = await openViewer(builds[i]!, sessions[i]!);
          times[i] = got.find((m) => m.name === 'tabreel:replay-loaded')!.at;
          if (r > 0) marks[i]!.push(got);
        }
        line.push(
          `${i === dirs.length ? 'bare' : String.fromCharCode(65 + i)} ${times[i]!.toFixed(0)}`,
        );
      }
      if (r > 0) times.forEach((t, i) => loaded[i]!.push(t));
      console.log(`${r === 0 ? 'warm-up' : `round ${r}`}: ${line.join(', ')} ms`);
    }
    const bareTimes = loaded[dirs.length]!;
    console.log(
      `\n${SIZE} events, ${ROUNDS} rounds; bare rrweb median ${round(median(bareTimes))} ms`,
    );
    dirs.forEach((dir, i) => {
      const ratio = median(loaded[i]!.map((t, j) => t / bareTimes[j]!));
      console.log(
        `${String.fromCharCode(65 + i)} = ${dir}: first frame ${round(median(loaded[i]!))} ms, ÷ bare ${ratio.toFixed(2)}`,
      );
    });
    const names = [...new Set(marks.flat(2).map((m) => m.name))];
    const at = (i: number, name: string) =>
      median(
        marks[i]!.map((round) => round.find((m) => m.name === name)?.at ?? NaN).filter(
          (v) => !Number.isNaN(v),
        ),
      );
    const rows = names
      .map((name) => ({ name, ats: dirs.map((_, i) => at(i, name)) }))
      .sort((a, b) => (a.ats[0]! || Infinity) - (b.ats[0]! || Infinity));
    console.log(
      `\nmedian ms from navigation start (${dirs.map((_, i) => String.fromCharCode(65 + i)).join(' | ')}):`,
    );
    for (const row of rows)
      console.log(
        `  ${row.ats.map((v) => (Number.isNaN(v) ? '–' : v.toFixed(1)).padStart(7)).join(' ')}  ${row.name}`,
      );
  } finally {
    for (const browser of builds) await browser.close();
    await bare.close();
    await server.close();
  }
}

await main();
