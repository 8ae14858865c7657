// Where S1's service-worker time goes, after a build (unminified reads best:
// `npx vite build --minify false`):
//   npx tsx bench/profile-s1-worker.ts [MB]
// Runs S1's burst page once to warm up, then once (MB, default 50) with the V8 CPU profiler on the
// extension's service worker (attached through the browser's CDP target list: Playwright gives no
// CDP session for a worker), and prints the worker's self and total time by function.
import { PAGE_EVENT, PAGE_URGENT_EVENT } from '../shared/messages/relay-to-page';
import { COMMIT_MEASURE, type CommitDetail } from '../shared/delivery/commit-timing';
import { closeArms, launchArms } from './support/arms';
import { startBenchServer } from './support/bench-server';
import { callServiceWorker } from './support/cdp-caller';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const MB = 1024 * 1024;
const totalMb = Number(process.argv[2] ?? 50);
// `--commits`: no profiler; lists the round's commits by size instead (where the p95 comes from).
const commitsOnly = process.argv.includes('--commits');
const PAGE = `burst.html?pushEvents=${encodeURIComponent(`${PAGE_EVENT},${PAGE_URGENT_EVENT}`)}`;

function shortUrl(url: string): string {
  return url ? url.replace(/^chrome-extension:\/\/[a-z]+\//, '') : '(native / VM)';
}

function report(profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  const name = (node: ProfileNode) => {
    const f = node.callFrame;
    return `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') return;
    busy += ms;
    self.set(name(node), (self.get(name(node)) ?? 0) + ms);
    // Each function once per sample, however deep it recurs.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const key = name(byId.get(at)!);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + ms);
    }
  });
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${v.toFixed(1).padStart(8)} ms  ${k}`)
      .join('\n');
  console.log(`worker busy (not idle): ${busy.toFixed(0)} ms`);
  console.log(`self time:\n${top(self, 40)}`);
  console.log(`total time (self + callees):\n${top(total, 60)}`);
}

/** Commits by size: count, median and p95 ms; then the slowest with their steps. */
function reportCommits(commits: (CommitDetail & { ms: number })[]): void {
  const sorted = [...commits].sort((a, b) => a.ms - b.ms);
  const at = (list: typeof commits, p: number) =>
    list[Math.min(list.length - 1, Math.ceil(p * list.length) - 1)]?.ms ?? NaN;
  console.log(
    `${commits.length} commits, p50 ${at(sorted, 0.5).toFixed(1)} ms, p95 ${at(sorted, 0.95).toFixed(1)} ms`,
  );
  const bucketKb = 128;
  const buckets = new Map<number, typeof commits>();
  for (const c of sorted) {
    const b = Math.floor(c.chars / 1024 / bucketKb);
    buckets.set(b, [...(buckets.get(b) ?? []), c]);
  }
  for (const [b, list] of [...buckets].sort((x, y) => x[0] - y[0]))
    console.log(
      `  ${b * bucketKb}–${(b + 1) * bucketKb} KB: ${list.length} commits, p50 ${at(list, 0.5).toFixed(1)}, p95 ${at(list, 0.95).toFixed(1)} ms`,
    );
  console.log('slowest:');
  for (const c of sorted.slice(-12).reverse()) {
    const phases = Object.entries(c.phases ?? {})
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ');
    console.log(
      `  ${c.ms.toFixed(1)} ms, ${(c.chars / 1024).toFixed(0)} KB, ${c.events} events: ${phases}`,
    );
  }
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  const [arm] = await launchArms(['extension']);
  try {
    const browser = arm!.browser;
    const call = await callServiceWorker(browser);
    const round = async () => {
      const page = await browser.context.newPage();
      await page.goto(arm!.pageUrl(server.url(PAGE)));
      await page.evaluate('window.__burst.ready()');
      await page.evaluate(`window.__burst.run(${totalMb * MB}, ${15 * MB})`);
      // Let the last batches commit (the background deflate waits for 250 ms of quiet).
      await new Promise((r) => setTimeout(r, 200));
      await page.close();
    };
    await round();
    if (commitsOnly) {
      const worker = await browser.worker();
      await worker.evaluate((name) => performance.clearMeasures(name), COMMIT_MEASURE);
      await round();
      await new Promise((r) => setTimeout(r, 1000));
      reportCommits(
        await worker.evaluate(
          (name) =>
            performance.getEntriesByName(name).map((e) => ({
              ms: e.duration,
              ...((e as PerformanceMeasure).detail as CommitDetail),
            })),
          COMMIT_MEASURE,
        ),
      );
      return;
    }
    await call('Profiler.enable');
    await call('Profiler.setSamplingInterval', { interval: 100 });
    await call('Profiler.start');
    await round();
    const { profile } = (await call('Profiler.stop')) as { profile: Profile };
    report(profile);
  } finally {
    await closeArms(arm ? [arm] : []);
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
