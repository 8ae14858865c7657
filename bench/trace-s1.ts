// Where S1's slowest commits wait, from a Chrome trace of the whole browser:
//   npx tsx bench/trace-s1.ts [extension dir, default dist/extension] [--save /tmp/s1-trace.json]
//   npx tsx bench/trace-s1.ts --from /tmp/s1-trace.json   (the report again, from a saved trace)
// Runs S1's round once to warm up, then once under a trace (IndexedDB, LevelDB, V8 GC, the
// threads' top-level tasks, and the worker's commit measures, which are user timing). For the
// slowest 5% of commits and for the median ones it sums, per thread and trace event, the time
// that overlapped them (per commit), so what the slow ones wait on stands out.
import { readFileSync, writeFileSync } from 'node:fs';
import { COMMIT_MEASURE } from '../shared/delivery/commit-timing';
import { runRound } from './scenarios/s1-write-throughput';
import { launchExtensionArm } from './support/arms';
import { startBenchServer } from './support/bench-server';
import { recordTrace, type TraceEvent } from './support/chrome-trace';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--') && !a.endsWith('.json')) ?? 'dist/extension';
const saveAt = args.includes('--save') ? args[args.indexOf('--save') + 1] : undefined;
const from = args.includes('--from') ? args[args.indexOf('--from') + 1] : undefined;

const CATEGORIES = [
  'toplevel',
  'IndexedDB',
  'leveldb',
  'v8.gc',
  'disabled-by-default-v8.gc',
  'blink.user_timing',
  'ServiceWorker',
  'mojom',
].join(',');

async function main(): Promise<void> {
  if (from) {
    report((JSON.parse(readFileSync(from, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents);
    return;
  }
  const server = await startBenchServer();
  const arm = await launchExtensionArm(dir);
  const { browser } = arm;
  try {
    await runRound(arm, server); // warm-up
    await new Promise((r) => setTimeout(r, 3000));
    const cdp = await browser.context.browser()!.newBrowserCDPSession();
    const { events, result } = await recordTrace(cdp, CATEGORIES, () => runRound(arm, server));
    if (saveAt) writeFileSync(saveAt, JSON.stringify({ traceEvents: events }));
    console.log(`round: p95 ${result.p95CommitMs} ms, median ${result.p50CommitMs} ms`);
    report(events);
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }
}

function report(events: TraceEvent[]): void {
  const threadName = new Map<string, string>();
  const processName = new Map<number, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name')
      threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
    if (e.ph === 'M' && e.name === 'process_name') processName.set(e.pid, e.args?.name ?? '?');
  }
  // The commit measures: async begin/end pairs of user timing.
  const open = new Map<string, number>();
  const commits: { start: number; end: number; pid: number; tid: number }[] = [];
  for (const e of events) {
    if (e.name !== COMMIT_MEASURE) continue;
    const key = `${e.pid}:${e.id ?? e.id2?.local ?? e.id2?.global ?? ''}`;
    if (e.ph === 'b') open.set(key, e.ts);
    if (e.ph === 'e' && open.has(key)) {
      commits.push({ start: open.get(key)!, end: e.ts, pid: e.pid, tid: e.tid });
      open.delete(key);
    }
  }
  if (commits.length === 0) throw new Error('No commit measures in the trace.');
  commits.sort((a, b) => a.end - a.start - (b.end - b.start));
  const n = commits.length;
  const slow = commits.slice(Math.floor(n * 0.95));
  const middle = commits.slice(Math.floor(n * 0.45), Math.floor(n * 0.55));
  const ms = (us: number) => (us / 1000).toFixed(1);
  console.log(
    `${n} commits; slowest 5%: ${slow.length}, mean ${ms(slow.reduce((s, c) => s + c.end - c.start, 0) / slow.length)} ms; ` +
      `middle 10%: mean ${ms(middle.reduce((s, c) => s + c.end - c.start, 0) / middle.length)} ms`,
  );
  const complete = events.filter((e) => e.ph === 'X' && e.dur !== undefined && e.dur > 0);
  const overlapPerCommit = (group: typeof commits) => {
    const sums = new Map<string, number>();
    for (const c of group)
      for (const e of complete) {
        const overlap = Math.min(c.end, e.ts + e.dur!) - Math.max(c.start, e.ts);
        if (overlap <= 0) continue;
        const where = `${processName.get(e.pid) ?? e.pid} / ${threadName.get(`${e.pid}:${e.tid}`) ?? e.tid}`;
        const key = `${where} :: ${e.name}`;
        sums.set(key, (sums.get(key) ?? 0) + overlap / group.length);
      }
    return sums;
  };
  const slowSums = overlapPerCommit(slow);
  const middleSums = overlapPerCommit(middle);
  const rows = [...slowSums]
    .map(([key, us]) => ({ key, slow: us, middle: middleSums.get(key) ?? 0 }))
    .sort((a, b) => b.slow - b.middle - (a.slow - a.middle))
    .slice(0, 40);
  console.log('\nms overlapping one commit (mean): slowest 5% | middle 10% | event');
  for (const r of rows)
    console.log(`${ms(r.slow).padStart(7)} | ${ms(r.middle).padStart(7)} | ${r.key}`);
  // How many commits of each group a worker GC pause, or a slow backend put, landed in.
  const workerGc = complete.filter(
    (e) =>
      (threadName.get(`${e.pid}:${e.tid}`) ?? '').startsWith('ServiceWorker') &&
      /^V8\.GC_(MARK_COMPACTOR|SCAVENGER|MC_INCREMENTAL_FINALIZE)$/.test(e.name),
  );
  const slowPuts = complete.filter((e) => e.name === 'BackingStore::PutRecord' && e.dur! >= 3000);
  const hits = (group: typeof commits, list: TraceEvent[]) =>
    group.filter((c) => list.some((e) => e.ts < c.end && e.ts + e.dur! > c.start)).length;
  const gcMs = (group: typeof commits) =>
    group.reduce(
      (sum, c) =>
        sum +
        workerGc.reduce(
          (s, e) => s + Math.max(0, Math.min(c.end, e.ts + e.dur!) - Math.max(c.start, e.ts)),
          0,
        ),
      0,
    ) / group.length;
  console.log(
    `\nworker GC pauses in a commit: slowest 5% ${hits(slow, workerGc)} of ${slow.length} (mean ${ms(gcMs(slow))} ms a commit), ` +
      `middle 10% ${hits(middle, workerGc)} of ${middle.length} (${ms(gcMs(middle))} ms), all ${hits(commits, workerGc)} of ${n}; ` +
      `GC pauses on the worker thread in the trace: ${workerGc.length}, ${ms(workerGc.reduce((s, e) => s + e.dur!, 0))} ms`,
  );
  const byKind = new Map<string, number[]>();
  for (const e of workerGc) byKind.set(e.name, [...(byKind.get(e.name) ?? []), e.dur!]);
  console.log(
    `worker GC pauses by kind: ${[...byKind]
      .map(
        ([name, durs]) =>
          `${name.replace('V8.GC_', '')} ${durs.length} (${ms(durs.reduce((a, b) => a + b, 0))} ms)`,
      )
      .join(', ')}`,
  );
  console.log(
    `a backend put ≥ 3 ms in a commit: slowest 5% ${hits(slow, slowPuts)} of ${slow.length}, middle 10% ${hits(middle, slowPuts)} of ${middle.length}`,
  );
  console.log('\nthe slowest commits (ms), and the longest events that overlapped each:');
  for (const c of slow.slice(-6).reverse()) {
    const top = complete
      .filter((e) => e.ts < c.end && e.ts + e.dur! > c.start && e.dur! > 2000)
      .sort((a, b) => b.dur! - a.dur!)
      .slice(0, 6)
      .map((e) => `${threadName.get(`${e.pid}:${e.tid}`) ?? e.tid}:${e.name} ${ms(e.dur!)}`);
    console.log(`  ${ms(c.end - c.start)}: ${top.join('; ')}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
