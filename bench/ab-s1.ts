// S1 for two builds side by side, rounds interleaved (A B B A …), so both see the same load:
//   npx tsx bench/ab-s1.ts <extension dir A> <extension dir B> [rounds per build, default 6]
// On a shared machine the load moves S1's p95 by more than most changes do between two runs;
// interleaved rounds in one process compare like with like. Each build has its own Chromium; after
// each round the bench waits for that worker's background deflate and analysis to pass, so neither
// runs during the other build's round. Prints each round and the medians per build.
import { runRound, type S1Round } from './scenarios/s1-write-throughput';
import { launchExtensionArm } from './support/arms';
import { startBenchServer } from './support/bench-server';
import { median, round } from './support/stats';

const [dirA = '', dirB = '', roundsArg] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error('usage: ab-s1.ts <extension dir A> <extension dir B> [rounds]');
const ROUNDS = Number(roundsArg ?? 6);
/**
 * Enough for the previous round's 50 MB to be deflated and its session analysed (~2–3 s). On a
 * slower machine it is not: the second round of every pair then ran slower than the first, in 12
 * of 12 pairs (docs/benchmarks.md S1, seventh step); `TABREEL_S1_SETTLE_MS` waits longer.
 */
const SETTLE_MS = Number(process.env.TABREEL_S1_SETTLE_MS ?? 5000);

async function main(): Promise<void> {
  const server = await startBenchServer();
  const arms = [await launchExtensionArm(dirA), await launchExtensionArm(dirB)];
  const names = ['A', 'B'];
  const results: S1Round[][] = [[], []];
  try {
    for (const i of [0, 1]) await runRound(arms[i]!, server); // warm-up
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    for (let r = 0; r < ROUNDS; r += 1) {
      for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
        const result = await runRound(arms[i]!, server);
        results[i]!.push(result);
        console.log(
          `${names[i]} round ${r + 1}: p95 ${result.p95CommitMs} ms, median ${result.p50CommitMs} ms, ` +
            `capacity ${result.workerMbPerS} MB/s, batch ${result.batchMb} MB, backlog end ${result.endBacklogMb} / max ${result.maxBacklogMb} MB, ` +
            `read ${result.phaseMs?.read} body ${result.phaseMs?.body} commit ${result.phaseMs?.commit} ms (slow 5%: read ${result.slowPhaseMs?.read} body ${result.slowPhaseMs?.body})`,
        );
        await new Promise((done) => setTimeout(done, SETTLE_MS));
      }
    }
    const line = (pick: (r: S1Round) => number) =>
      results.map((rs) => round(median(rs.map(pick)), 2)).join(' | ');
    const worst = (pick: (r: S1Round) => number) =>
      results.map((rs) => round(Math.max(...rs.map(pick)), 2)).join(' | ');
    console.log(`\n${ROUNDS} rounds each, interleaved; medians over rounds (A | B):`);
    console.log(`A = ${dirA}\nB = ${dirB}`);
    console.log(`p95 commit, ms: ${line((r) => r.p95CommitMs)}`);
    console.log(`median commit, ms: ${line((r) => r.p50CommitMs)}`);
    console.log(`capacity, MB/s: ${line((r) => r.workerMbPerS)}`);
    console.log(`offered by the page, MB/s: ${line((r) => r.offeredMbPerS)}`);
    console.log(`mean batch, MB: ${line((r) => r.batchMb)}`);
    console.log(`batches: ${line((r) => r.batches)}`);
    console.log(
      `backlog at end, MB (median; worst): ${line((r) => r.endBacklogMb)}; ${worst((r) => r.endBacklogMb)}`,
    );
    console.log(
      `largest backlog, MB (median; worst): ${line((r) => r.maxBacklogMb)}; ${worst((r) => r.maxBacklogMb)}`,
    );
    for (const phase of ['read', 'body', 'write', 'commit'] as const)
      console.log(
        `${phase}: median ${line((r) => r.phaseMs?.[phase] ?? 0)}; slowest 5% ${line((r) => r.slowPhaseMs?.[phase] ?? 0)}`,
      );
  } finally {
    for (const arm of arms) await arm.browser.close().catch(() => {});
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
