// Where the main thread's time goes before a page's first paint, after `npm run build`:
//   npx tsx bench/trace-load.ts [extension|none] [loads] [--tree]
// Loads V1's page (bench/pages/vitals-page.html) a few times in fresh tabs under a Chrome trace
// and prints, per load, the renderer main thread's busy time from navigation start until First
// Contentful Paint by what it was (script compile and run per script, parsing, style, GC, …);
// `--tree` also prints the nested events of the last load.
import { closeArms, launchArms, type ArmId } from './support/arms';
import { startBenchServer } from './support/bench-server';
import { recordTrace, threadSpans, type TraceEvent } from './support/chrome-trace';
import { heroPng } from './support/png';
import { DOCUMENT_DELAY_MS } from './scenarios/v1-page-vitals';

const args = process.argv.slice(2);
const armId = (args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? 'extension') as ArmId;
const loads = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
const tree = args.includes('--tree');

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'loading',
  'extensions',
].join(',');

const short = (url: unknown) =>
  String(url ?? '')
    .replace(/^chrome-extension:\/\/[a-z]+\//, 'ext:')
    .replace(/^https?:\/\/[^/]+\//, '')
    .replace(/\?.*$/, '');

/** A label saying what an event was: its name, with the script or event type it names. */
function label(e: TraceEvent): string {
  const d = e.args?.data ?? {};
  const url =
    d.url ??
    e.args?.fileName ??
    e.args?.beginData?.url ??
    (d.stackTrace as { url?: string }[] | undefined)?.[0]?.url;
  if (url) return `${e.name} ${short(url)}`;
  if (d.type) return `${e.name} ${String(d.type)}`;
  if (d.functionName) return `${e.name} ${String(d.functionName)}`;
  return e.name;
}

function summarize(events: TraceEvent[], printTree: boolean): void {
  const nav = events.find(
    (e) =>
      e.name === 'navigationStart' &&
      String(e.args?.data?.documentLoaderURL ?? '').includes('vitals-page'),
  );
  const navigationId = nav?.args?.data?.navigationId;
  const fcp = events.find(
    (e) => e.name === 'firstContentfulPaint' && e.args?.data?.navigationId === navigationId,
  );
  const parse = events.find(
    (e) => e.name === 'ParseHTML' && String(e.args?.beginData?.url ?? '').includes('vitals-page'),
  );
  if (!nav || !fcp || !parse) {
    console.log('  no FCP or no page parse in this trace');
    return;
  }
  const pid = parse.pid;
  const tid = parse.tid;
  const start = nav.ts;
  const all = threadSpans(events, pid, tid).filter((e) => e.ts + e.dur >= start && e.ts < fcp.ts);
  // Busy time: top-level tasks, clipped to [navigation start, FCP].
  const busy = all
    .filter((e) => e.depth === 0)
    .reduce((sum, e) => sum + Math.min(e.ts + e.dur, fcp.ts) - Math.max(e.ts, start), 0);
  // Self time per label: an event's time less its children's.
  const self = new Map<string, number>();
  for (let i = 0; i < all.length; i += 1) {
    const e = all[i]!;
    let children = 0;
    for (let j = i + 1; j < all.length && all[j]!.ts < e.ts + e.dur; j += 1)
      if (all[j]!.depth === e.depth + 1) children += all[j]!.dur;
    const key = e.depth === 0 && e.name === 'RunTask' ? '(task overhead, untraced work)' : label(e);
    self.set(key, (self.get(key) ?? 0) + Math.max(0, e.dur - children));
  }
  const firstScript = all.find(
    (e) => e.name === 'EvaluateScript' && short(e.args?.data?.url) === 'vitals.js',
  );
  const msOf = (us: number) => (us / 1000).toFixed(1);
  console.log(
    `  FCP at ${msOf(fcp.ts - start)} ms; main thread busy ${msOf(busy)} ms before it` +
      (firstScript ? `; page's vitals.js ran at ${msOf(firstScript.ts - start)} ms` : ''),
  );
  const rows = [...self.entries()].filter(([, us]) => us >= 300).sort((a, b) => b[1] - a[1]);
  for (const [what, us] of rows.slice(0, 25)) console.log(`    ${msOf(us).padStart(6)}  ${what}`);
  if (!printTree) return;
  // The tree goes on to the last LCP candidate: what runs between the two paints can delay LCP.
  const lcp = events
    .filter(
      (e) =>
        e.name === 'largestContentfulPaint::Candidate' &&
        e.args?.data?.navigationId === navigationId,
    )
    .at(-1);
  const end = Math.max(fcp.ts, lcp?.ts ?? 0);
  if (lcp) console.log(`  last LCP candidate at ${msOf(lcp.ts - start)} ms`);
  console.log('  nested events ≥ 0.2 ms, ms from navigation start:');
  for (const e of threadSpans(events, pid, tid).filter((e) => e.ts + e.dur >= start && e.ts < end))
    if (e.dur >= 200 && e.depth <= 5)
      console.log(
        `    ${msOf(e.ts - start).padStart(6)} +${msOf(e.dur).padStart(5)} ${'  '.repeat(e.depth)}${label(e)}`,
      );
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  server.serve('hero.png', heroPng(1000, 400));
  const [arm] = await launchArms([armId]);
  try {
    const url = arm!.pageUrl(server.url(`vitals-page.html?delay=${DOCUMENT_DELAY_MS}`));
    for (let i = 0; i <= loads; i += 1) {
      const page = await arm!.browser.context.newPage();
      await new Promise((done) => setTimeout(done, 1000));
      const cdp = await page.context().newCDPSession(page);
      const { events } = await recordTrace(cdp, CATEGORIES, async () => {
        await page.goto(url);
        await page.evaluate('window.__vitals.collect()');
      });
      if (i > 0) {
        console.log(`${armId}, load ${i}:`);
        summarize(events, tree && i === loads);
      }
      await page.close();
    }
  } finally {
    await closeArms([arm!]);
    await server.close();
  }
}

await main();
