// Where one arm's page time goes over R1's workloads, after a build (`--minify false` for names):
//   npx tsx bench/profile-all-workloads.ts [extension|rrweb|rrweb-esm|none] [runs=2] [workload]
// Like profile-workload.ts, but every workload (or one), `runs` times after a warm-up, each under
// the V8 CPU profiler until delivery settled; prints per-run self and inclusive time per function
// (inclusive: each sample counted once per function on its stack), to set two arms side by side.
import { closeArms, launchArms, type ArmId } from './support/arms';
import { startBenchServer } from './support/bench-server';
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
const [armId = 'extension', runsArg = '2', only = ''] = process.argv.slice(2);
const short = (u: string) =>
  u
    ? u.replace(/^chrome-extension:\/\/[a-z]+\//, 'ext:').replace(/^https?:\/\/[^/]+\//, '')
    : '(native)';
async function main() {
  const server = await startBenchServer();
  const [arm] = await launchArms([armId as ArmId]);
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  let quiet = 0;
  try {
    const page = await arm!.browser.context.newPage();
    await page.goto(arm!.pageUrl(server.url('mutations.html')));
    await page.evaluate('window.__bench.ready()');
    const ids = (await page.evaluate<string[]>('window.__bench.ids()')).filter(
      (i) => !only || i === only,
    );
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    for (let r = 0; r < Number(runsArg) + 1; r++)
      for (const id of ids) {
        const arg = JSON.stringify(id);
        if (await page.evaluate<boolean>(`window.__bench.prepare(${arg})`))
          await page.evaluate('window.__bench.settle()');
        if (r > 0) await cdp.send('Profiler.start');
        const res = await page.evaluate<{ quietMs: number }>(`window.__bench.run(${arg})`);
        await page.evaluate('window.__bench.settle()');
        if (r === 0) continue;
        quiet += res.quietMs;
        const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
        const byId = new Map(profile.nodes.map((n) => [n.id, n]));
        const parent = new Map<number, number>();
        for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
        const name = (n: ProfileNode) =>
          `${n.callFrame.functionName || '(anon)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
        profile.samples.forEach((sid, i) => {
          const ms = (profile.timeDeltas[i] ?? 0) / 1000;
          const node = byId.get(sid)!;
          if (node.callFrame.functionName === '(idle)') return;
          total += ms;
          const nm = node.callFrame.url
            ? name(node)
            : `${name(node)} <- ${parent.has(sid) ? name(byId.get(parent.get(sid)!)!) : ''}`;
          self.set(nm, (self.get(nm) ?? 0) + ms);
          const seen = new Set<string>();
          for (let cur: number | undefined = sid; cur !== undefined; cur = parent.get(cur)) {
            const n = byId.get(cur)!;
            const k = name(n);
            if (seen.has(k)) continue;
            seen.add(k);
            incl.set(k, (incl.get(k) ?? 0) + ms);
          }
        });
      }
  } finally {
    await closeArms(arm ? [arm] : []);
    await server.close();
  }
  const runs = Number(runsArg);
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${(v / runs).toFixed(1).padStart(8)}  ${k}`)
      .join('\n');
  console.log(
    `${armId}: per run: busy ${(total / runs).toFixed(0)} ms, quiet sum ${(quiet / runs).toFixed(0)} ms`,
  );
  console.log('SELF\n' + top(self, 40));
  console.log('INCLUSIVE\n' + top(incl, 60));
}
main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
