// Which of S1's commits overlap the worker's other IndexedDB-adjacent work, and what that costs:
//   npx tsx bench/probe-s1-overlaps.ts <extension dir> [rounds, default 4]
// Wraps `navigator.storage.estimate` in the extension's worker (the storage guard asks it at most
// once a second during a burst) so each call is a measure, runs S1's round, and compares the
// commits that overlapped an estimate with the others (median, p95, count).
import { COMMIT_MEASURE } from '../shared/delivery/commit-timing';
import { runRound } from './scenarios/s1-write-throughput';
import { launchExtensionArm } from './support/arms';
import { startBenchServer } from './support/bench-server';
import { median, round } from './support/stats';

const [dir = '', roundsArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: probe-s1-overlaps.ts <extension dir> [rounds]');
const ROUNDS = Number(roundsArg ?? 4);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  const arm = await launchExtensionArm(dir);
  const { browser } = arm;
  try {
    const worker = await browser.worker();
    await worker.evaluate(() => {
      const proto = StorageManager.prototype;
      const estimate = proto.estimate;
      proto.estimate = async function (this: StorageManager) {
        const start = performance.now();
        try {
          return await estimate.call(this);
        } finally {
          performance.measure('probe:estimate', { start, end: performance.now() });
        }
      };
    });
    await runRound(arm, server); // warm-up
    const overlapping: number[] = [];
    const others: number[] = [];
    let estimates: number[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      await worker.evaluate((name) => {
        performance.clearMeasures(name);
        performance.clearMeasures('probe:estimate');
      }, COMMIT_MEASURE);
      await runRound(arm, server);
      // A string: tsx names inner functions with a helper the worker does not have.
      const { commits, spans } = await worker.evaluate<{ commits: number[][]; spans: number[][] }>(
        `(() => {
          const pick = (n) => performance.getEntriesByName(n).map((e) => [e.startTime, e.startTime + e.duration]);
          return { commits: pick(${JSON.stringify(COMMIT_MEASURE)}), spans: pick('probe:estimate') };
        })()`,
      );
      estimates = estimates.concat(spans.map(([s, e]) => e! - s!));
      for (const [start, end] of commits) {
        const hit = spans.some(([s, e]) => s! < end! && e! > start!);
        (hit ? overlapping : others).push(end! - start!);
      }
      console.log(`round ${r + 1}: ${commits.length} commits, ${spans.length} estimates`);
    }
    const line = (name: string, values: number[]) =>
      console.log(
        `${name}: n ${values.length}, median ${round(median(values), 1)} ms, p95 ${round(percentile(values, 95), 1)} ms`,
      );
    line('commits overlapping an estimate', overlapping);
    line('other commits', others);
    line('all commits', [...overlapping, ...others]);
    line('estimate calls themselves', estimates);
  } finally {
    await browser.close().catch(() => {});
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
