// What our content scripts cost the page as it loads, by function, after an unminified build
// (`npx vite build --minify false`; TABREEL_EXTENSION_DIR for another copy):
//   npx tsx bench/profile-load.ts [loads] [--interval=25]
// Loads V1's page (bench/pages/vitals-page.html) in fresh tabs under a V8 CPU profile (25 µs
// sampling) and sums, over the loads, the samples in relay.js and recorder.js: split at the page's
// own first script (what ran before it is `document_start` work, which delays the page's parsing),
// then by the root of the sample's stack (the script's evaluation, or the callback it registered).
import type { CDPSession } from 'playwright-core';
import { closeArms, launchArms } from './support/arms';
import { startBenchServer } from './support/bench-server';
import { heroPng } from './support/png';
import { DOCUMENT_DELAY_MS } from './scenarios/v1-page-vitals';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  parent?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const loads = Number(args.find((a) => /^\d+$/.test(a)) ?? 8);
const interval = Number(args.find((a) => a.startsWith('--interval='))?.split('=')[1] ?? 25);

const OURS = /extension\/(page|content)\/[^/]+\.js$/;
const short = (url: string) => url.replace(/^.*\/extension\/(page|content)\//, '');
const frameName = (f: CallFrame) =>
  `${f.functionName || '(anonymous)'} ${short(f.url)}:${f.lineNumber + 1}`;

/** µs per key, summed over loads. */
type Tally = Map<string, number>;
const add = (tally: Tally, key: string, us: number) => tally.set(key, (tally.get(key) ?? 0) + us);

function tallyProfile(
  profile: Profile,
  phases: Record<string, { self: Tally; roots: Tally }>,
  evaluation: Tally,
) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  /** The outermost frame of ours on the sample's stack: what the browser called. */
  const rootOf = (id: number): ProfileNode | null => {
    let root: ProfileNode | null = null;
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const node = byId.get(at)!;
      if (OURS.test(node.callFrame.url)) root = node;
    }
    return root;
  };
  const inPage = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at))
      if (/vitals\.js$/.test(byId.get(at)!.callFrame.url)) return true;
    return false;
  };
  const pageStarted = profile.samples.findIndex(inPage);
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const root = rootOf(id);
    if (!root) return;
    const phase = pageStarted === -1 || i < pageStarted ? 'before' : 'after';
    const node = byId.get(id)!;
    const self = OURS.test(node.callFrame.url)
      ? frameName(node.callFrame)
      : `${node.callFrame.functionName || '(native)'} (native, under ours)`;
    add(phases[phase]!.self, self, us);
    add(phases[phase]!.roots, frameName(root.callFrame), us);
    add(phases[phase]!.roots, `= total ${short(root.callFrame.url)}`, us);
    // The script's own evaluation (its first line's function), by what it spent the time in.
    if (root.callFrame.lineNumber === 0 && root.callFrame.functionName === '')
      add(evaluation, `${short(root.callFrame.url)}: ${self}`, us);
  });
}

async function profileLoad(cdp: CDPSession, load: () => Promise<void>): Promise<Profile> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval });
  await cdp.send('Profiler.start');
  await load();
  const { profile } = await cdp.send('Profiler.stop');
  return profile as unknown as Profile;
}

function print(title: string, tally: Tally, n: number): void {
  console.log(title);
  for (const [key, us] of [...tally.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30))
    if (us / n >= 20) console.log(`  ${(us / n / 1000).toFixed(2).padStart(6)} ms  ${key}`);
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  server.serve('hero.png', heroPng(1000, 400));
  const [arm] = await launchArms(['extension']);
  const phases = {
    before: { self: new Map(), roots: new Map() },
    after: { self: new Map(), roots: new Map() },
  };
  const evaluation: Tally = new Map();
  try {
    const url = arm!.pageUrl(server.url(`vitals-page.html?delay=${DOCUMENT_DELAY_MS}`));
    for (let i = 0; i <= loads; i += 1) {
      const page = await arm!.browser.context.newPage();
      await new Promise((done) => setTimeout(done, 500));
      const cdp = await page.context().newCDPSession(page);
      const profile = await profileLoad(cdp, async () => {
        await page.goto(url);
        await page.evaluate('window.__vitals.collect()');
      });
      if (i > 0) tallyProfile(profile, phases, evaluation); // the first load warms the browser up
      await page.close();
    }
  } finally {
    await closeArms([arm!]);
    await server.close();
  }
  console.log(`${loads} loads, ${interval} µs sampling; ms per load`);
  print(
    "before the page's first script: by outermost function of ours",
    phases.before.roots,
    loads,
  );
  print("before the page's first script: self time", phases.before.self, loads);
  print(
    'after it (callbacks, until the vitals are read): by outermost function',
    phases.after.roots,
    loads,
  );
  print('after it: self time', phases.after.self, loads);
  print("each script's evaluation (its first line), self time", evaluation, loads);
}

await main();
