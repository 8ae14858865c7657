// Where a workload's page time goes, after `npm run build`:
//   npx tsx bench/profile-workload.ts <workload> [extension|rrweb|rrweb-esm|none]
// Runs the workload once to warm up, then once under the V8 CPU profiler (its set-up excluded,
// until delivery settled), and prints self time by script and the hottest functions.
import { closeArms, launchArms, type ArmId } from './support/arms';
import { startBenchServer } from './support/bench-server';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [workload = 'append-1000x10', armId = 'extension'] = process.argv.slice(2);

function shortUrl(url: string): string {
  if (!url) return '(native / VM)';
  return url
    .replace(/^chrome-extension:\/\/[a-z]+\//, 'extension:')
    .replace(/^https?:\/\/[^/]+\//, '');
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  const [arm] = await launchArms([armId as ArmId]);
  try {
    const page = await arm!.browser.context.newPage();
    await page.goto(arm!.pageUrl(server.url('mutations.html')));
    await page.evaluate('window.__bench.ready()');
    const arg = JSON.stringify(workload);
    const prepare = async () => {
      if (await page.evaluate<boolean>(`window.__bench.prepare(${arg})`)) {
        await page.evaluate('window.__bench.settle()');
      }
    };
    const run = async () => {
      const result = await page.evaluate<{ quietMs: number }>(`window.__bench.run(${arg})`);
      await page.evaluate('window.__bench.settle()');
      return result.quietMs;
    };
    await prepare();
    await run();
    await prepare(); // set-up is not profiled
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const quietMs = await run();
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };

    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const selfMs = new Map<number, number>();
    profile.samples.forEach((id, i) => {
      selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    const parentOf = new Map<number, ProfileNode>();
    for (const node of profile.nodes)
      for (const child of node.children ?? []) parentOf.set(child, node);
    const byScript = new Map<string, number>();
    const byFunction = new Map<string, number>();
    for (const [id, ms] of selfMs) {
      const frame = byId.get(id)!.callFrame;
      if (frame.functionName === '(idle)') continue;
      const script = shortUrl(frame.url);
      byScript.set(script, (byScript.get(script) ?? 0) + ms);
      // A native function is named with its caller, which says whose call it was.
      const caller = frame.url ? undefined : parentOf.get(id)?.callFrame;
      const via = caller?.url
        ? ` ← ${caller.functionName || '(anonymous)'} ${shortUrl(caller.url)}`
        : '';
      const name = `${frame.functionName || '(anonymous)'} ${script}:${frame.lineNumber + 1}:${frame.columnNumber + 1}${via}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    }
    const top = (map: Map<string, number>, n: number) =>
      [...map]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, v]) => `  ${v.toFixed(1).padStart(8)} ms  ${k}`)
        .join('\n');
    console.log(`${workload} in arm ${armId}: ${quietMs.toFixed(0)} ms until quiet`);
    console.log(`self time by script (work + settle, idle excluded):\n${top(byScript, 12)}`);
    console.log(`hottest functions:\n${top(byFunction, 25)}`);
  } finally {
    await closeArms(arm ? [arm] : []);
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
