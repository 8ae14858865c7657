// What S1's service worker allocates, by function, and what it keeps (after a build):
//   npx tsx bench/profile-s1-heap.ts [MB]
// Runs S1's burst page once to warm up, then once (MB, default 50) under V8's sampling heap
// profiler on the extension's service worker, counting objects a GC has already collected too, so
// the report is what each function allocated during the round (what makes the worker's GC pauses,
// docs/benchmarks.md S1). Then collects garbage and prints the heap still used: what the worker keeps.
import { PAGE_EVENT, PAGE_URGENT_EVENT } from '../shared/messages/relay-to-page';
import { closeArms, launchArms } from './support/arms';
import { startBenchServer } from './support/bench-server';
import { callServiceWorker } from './support/cdp-caller';

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

const MB = 1024 * 1024;
const totalMb = Number(process.argv[2] ?? 50);
const PAGE = `burst.html?pushEvents=${encodeURIComponent(`${PAGE_EVENT},${PAGE_URGENT_EVENT}`)}`;

function report(head: SamplingNode): void {
  const bySite = new Map<string, number>();
  let total = 0;
  const walk = (node: SamplingNode, stack: string[]) => {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const here = `${functionName || '(anonymous)'} ${url.replace(/^chrome-extension:\/\/[a-z]+\//, '')}:${lineNumber + 1}:${columnNumber + 1}`;
    const path = [...stack, here];
    if (node.selfSize > 0) {
      // The allocating function and its two callers: enough to tell the parse from the put.
      const key = path.slice(-3).reverse().join(' <- ');
      bySite.set(key, (bySite.get(key) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child, path);
  };
  walk(head, []);
  console.log(`allocated in the round (sampled): ${(total / MB).toFixed(1)} MB`);
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${(bytes / MB).toFixed(1).padStart(7)} MB  ${site}`);
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
      await new Promise((r) => setTimeout(r, 200));
      await page.close();
    };
    await round();
    await new Promise((r) => setTimeout(r, 3000));
    const usage = async (label: string) => {
      const { usedSize, totalSize } = (await call('Runtime.getHeapUsage')) as {
        usedSize: number;
        totalSize: number;
      };
      console.log(
        `${label}: heap used ${(usedSize / MB).toFixed(1)} MB of ${(totalSize / MB).toFixed(1)} MB`,
      );
    };
    await call('HeapProfiler.enable');
    await call('HeapProfiler.collectGarbage');
    await usage('before the round, after a GC');
    await call('HeapProfiler.startSampling', {
      samplingInterval: 16 * 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    const sampler = setInterval(() => void usage('during the round').catch(() => {}), 1000);
    await round();
    clearInterval(sampler);
    const { profile } = (await call('HeapProfiler.stopSampling')) as {
      profile: { head: SamplingNode };
    };
    await usage('after the round');
    await call('HeapProfiler.collectGarbage');
    await usage('after the round, after a GC');
    report(profile.head);
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
