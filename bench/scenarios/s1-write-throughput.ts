// Scenario S1: can the pipeline store what a page produces at full tilt? A page makes the recorder
// emit 50 MB of events at the target rate; the recorder hands them to the relay, the relay's outbox
// batches them to the service worker, which validates, encodes and commits each batch (the real
// pipeline, nothing mocked). The page counts what it handed over, the worker's performance timeline
// says when each batch was committed and how long that took. Method: docs/benchmarks.md.
import { COMMIT_MEASURE, type CommitPhases } from '../../shared/delivery/commit-timing';
import { PAGE_EVENT, PAGE_URGENT_EVENT } from '../../shared/messages/relay-to-page';
import { closeArms, launchArms, type Arm } from '../support/arms';
import { startBenchServer, type BenchServer } from '../support/bench-server';
import type { Scenario, ScenarioContext, TargetCheck } from '../support/scenario';
import { median, round, spread } from '../support/stats';

const PAGE = `burst.html?pushEvents=${encodeURIComponent(`${PAGE_EVENT},${PAGE_URGENT_EVENT}`)}`;
const MB = 1024 * 1024;
/** What each round writes, and how fast the page produces it (chars, as the relay counts). */
export const TOTAL_CHARS = 50 * MB;
/** Issue targets. */
export const TARGET_MB_PER_S = 15;
export const TARGET_P95_COMMIT_MS = 15;
const DRAIN_TIMEOUT_MS = 60_000;

interface Commit {
  /** Wall-clock ms (the worker's time origin + start). */
  start: number;
  end: number;
  chars: number;
  phases: Partial<CommitPhases>;
}

/** The steps of one commit, in order (shared/delivery/commit-timing.ts). */
const PHASES: readonly (keyof CommitPhases)[] = [
  'settings',
  'check',
  'validate',
  'encode',
  'wait',
  'read',
  'body',
  'write',
  'commit',
];

export interface S1Round {
  /** The page's own production, MB/s (what the recorder handed to the relay). */
  offeredMbPerS: number;
  /** Committed MB ÷ (last commit's end − first commit's start): end to end, page included. */
  committedMbPerS: number;
  /**
   * Committed MB ÷ the time the worker spent committing (the union of the commits' intervals:
   * with batches pipelined they overlap, and a sum would count the shared time twice).
   */
  workerMbPerS: number;
  /** Mean batch size, MB. */
  batchMb: number;
  p50CommitMs: number;
  p95CommitMs: number;
  maxCommitMs: number;
  batches: number;
  /** Handed to the relay but not committed yet, MB: the largest, and when production ended. */
  maxBacklogMb: number;
  endBacklogMb: number;
  /** From the end of production until everything was committed. */
  drainMs: number;
  committedMb: number;
  /** Median ms of each step of a commit (absent in results saved before steps were timed). */
  phaseMs?: Partial<CommitPhases>;
  /** The slowest 5% of commits (at or over the p95): mean ms of each step, and of the whole. */
  slowPhaseMs?: Partial<CommitPhases> & { total: number };
}

export interface S1Data {
  rounds: number;
  totalMb: number;
  offeredTargetMbPerS: number;
  results: S1Round[];
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Wall time covered by at least one commit. */
function busyMs(commits: readonly Commit[]): number {
  const sorted = [...commits].sort((a, b) => a.start - b.start);
  let busy = 0;
  let until = -Infinity;
  for (const c of sorted) {
    if (c.end <= until) continue;
    busy += c.end - Math.max(c.start, until);
    until = c.end;
  }
  return busy;
}

/** Where the slowest commits' time went: each step's mean over the commits at or over `p95`. */
function slowestPhases(
  commits: readonly Commit[],
  p95: number,
): Partial<CommitPhases> & { total: number } {
  const slow = commits.filter((c) => c.end - c.start >= p95);
  const mean = (pick: (c: Commit) => number) =>
    round(slow.reduce((sum, c) => sum + pick(c), 0) / Math.max(1, slow.length), 2);
  return {
    ...Object.fromEntries(PHASES.map((phase) => [phase, mean((c) => c.phases[phase] ?? 0)])),
    total: mean((c) => c.end - c.start),
  };
}

async function readCommits(arm: Arm): Promise<Commit[]> {
  const worker = await arm.browser.worker();
  return worker.evaluate((name) => {
    return performance.getEntriesByName(name).map((entry) => ({
      start: performance.timeOrigin + entry.startTime,
      end: performance.timeOrigin + entry.startTime + entry.duration,
      chars: ((entry as PerformanceMeasure).detail as { chars: number }).chars,
      phases:
        ((entry as PerformanceMeasure).detail as { phases?: Record<string, number> }).phases ?? {},
    }));
  }, COMMIT_MEASURE);
}

export async function runRound(arm: Arm, server: BenchServer): Promise<S1Round> {
  const page = await arm.browser.context.newPage();
  try {
    await page.goto(arm.pageUrl(server.url(PAGE)));
    const { acks } = await page.evaluate<{ acks: number }>('window.__burst.ready()');
    if (acks === 0) throw new Error('The extension is not recording.');
    const before = new Set((await readCommits(arm)).map((c) => c.start));
    const produced = await page.evaluate<{
      samples: [number, number][];
      pushed: number;
      seconds: number;
    }>(`window.__burst.run(${TOTAL_CHARS}, ${TARGET_MB_PER_S * MB})`);
    const base = produced.samples[0]![1];
    const endOfProduction = produced.samples.at(-1)![0];
    // Wait until the worker has committed everything the page handed over.
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    let commits: Commit[] = [];
    for (;;) {
      commits = (await readCommits(arm)).filter((c) => !before.has(c.start));
      const committed = commits.reduce((sum, c) => sum + c.chars, 0);
      if (committed >= produced.pushed * 0.999 || Date.now() > deadline) break;
      await sleep(200);
    }
    commits.sort((a, b) => a.end - b.end);
    const committedChars = commits.reduce((sum, c) => sum + c.chars, 0);
    let done = 0;
    let i = 0;
    let maxBacklog = 0;
    let endBacklog = 0;
    for (const [at, pushed] of produced.samples) {
      while (i < commits.length && commits[i]!.end <= at) done += commits[i++]!.chars;
      const backlog = Math.max(0, pushed - base - done);
      maxBacklog = Math.max(maxBacklog, backlog);
      if (at === endOfProduction) endBacklog = backlog;
    }
    const durations = commits.map((c) => c.end - c.start);
    const first = Math.min(...commits.map((c) => c.start));
    const last = commits.at(-1)!.end;
    return {
      offeredMbPerS: round(produced.pushed / MB / produced.seconds, 2),
      committedMbPerS: round(committedChars / MB / ((last - first) / 1000), 2),
      workerMbPerS: round(committedChars / MB / (busyMs(commits) / 1000), 2),
      batchMb: round(committedChars / MB / commits.length, 2),
      p50CommitMs: round(median(durations), 1),
      p95CommitMs: round(percentile(durations, 95), 1),
      maxCommitMs: round(Math.max(...durations), 1),
      batches: commits.length,
      maxBacklogMb: round(maxBacklog / MB, 2),
      endBacklogMb: round(endBacklog / MB, 2),
      drainMs: round(Math.max(0, last - endOfProduction), 0),
      committedMb: round(committedChars / MB, 1),
      phaseMs: Object.fromEntries(
        PHASES.map((phase) => [phase, round(median(commits.map((c) => c.phases[phase] ?? 0)), 2)]),
      ),
      slowPhaseMs: slowestPhases(commits, percentile(durations, 95)),
    };
  } finally {
    await page.close();
  }
}

async function run(context: ScenarioContext): Promise<S1Data> {
  const server = await startBenchServer();
  const arms = await launchArms(['extension']);
  try {
    const results: S1Round[] = [];
    for (let r = 0; r <= context.rounds; r += 1) {
      const result = await runRound(arms[0]!, server);
      context.log(
        `${r === 0 ? 'warm-up' : `round ${r}/${context.rounds}`}: offered ${result.offeredMbPerS} MB/s, committed ${result.committedMbPerS} MB/s, ` +
          `commit p95 ${result.p95CommitMs} ms over ${result.batches} batches, backlog max ${result.maxBacklogMb} MB (end ${result.endBacklogMb} MB), drained ${result.drainMs} ms after`,
      );
      if (r > 0) results.push(result);
    }
    return {
      rounds: context.rounds,
      totalMb: TOTAL_CHARS / MB,
      offeredTargetMbPerS: TARGET_MB_PER_S,
      results,
    };
  } finally {
    await closeArms(arms);
    await server.close();
  }
}

function render(data: S1Data): string {
  const col = (pick: (r: S1Round) => number) => {
    const s = spread(data.results.map(pick));
    return `${round(s.median, 2)} (${round(s.min, 2)}–${round(s.max, 2)})`;
  };
  const capacity = median(data.results.map((r) => r.workerMbPerS));
  const p95 = median(data.results.map((r) => r.p95CommitMs));
  const endBacklog = median(data.results.map((r) => r.endBacklogMb));
  // Bounded by what is in flight: one message (≤ 1 MB) in flight and what fills behind it.
  const backlogOk = data.results.every((r) => r.endBacklogMb <= 4);
  return [
    `## S1 — writing ${data.totalMb} MB of events through the real pipeline`,
    '',
    `${data.rounds} measured rounds after a warm-up, a fresh tab each, one Chromium with the extension. The page appends generated text, a 64 KB paragraph per task (one rrweb event each), ` +
      `paced at ${data.offeredTargetMbPerS} MB/s, until the recorder has produced ${data.totalMb} MB of events (the JSON the relay receives, counted in the page). ` +
      'Commits: the service worker’s performance timeline (message in → transaction committed), so a commit counts validation, encoding and IndexedDB together. ' +
      'The page cannot produce 15 MB/s here (rrweb’s serialization and the hand-over cost it more), so the write path’s capacity is the committed bytes over the time the worker spent committing (the union of the commits’ intervals, which overlap when batches are pipelined). ' +
      'Backlog: handed to the relay but not committed yet, sampled each frame. Cells: median (min–max) over rounds.',
    '',
    '| measure | result | target |',
    '|---|--:|--:|',
    `| offered by the page, MB/s | ${col((r) => r.offeredMbPerS)} | ${data.offeredTargetMbPerS} |`,
    `| committed end to end, MB/s (bounded by the page's own rate) | ${col((r) => r.committedMbPerS)} | |`,
    `| write path capacity: MB ÷ time spent committing, MB/s | **${col((r) => r.workerMbPerS)}** ${capacity >= TARGET_MB_PER_S ? '✓' : '✗'} | ≥ ${TARGET_MB_PER_S} |`,
    `| mean batch, MB | ${col((r) => r.batchMb)} | |`,
    `| batch commit, p95 ms | **${col((r) => r.p95CommitMs)}** ${p95 <= TARGET_P95_COMMIT_MS ? '✓' : '✗'} | ≤ ${TARGET_P95_COMMIT_MS} |`,
    `| batch commit, median / max ms | ${col((r) => r.p50CommitMs)} / ${col((r) => r.maxCommitMs)} | |`,
    `| batches | ${col((r) => r.batches)} | |`,
    `| backlog when production ended, MB | **${col((r) => r.endBacklogMb)}** ${backlogOk ? '✓' : '✗'} | bounded (≤ 4) |`,
    `| largest backlog, MB | ${col((r) => r.maxBacklogMb)} | |`,
    `| drained after production ended, ms | ${col((r) => r.drainMs)} | |`,
    '',
    `Median backlog when production ended: ${round(endBacklog, 2)} MB.`,
    ...renderPhases(data),
  ].join('\n');
}

/** Where a commit's time goes: each step's median over the batches of a round. */
function renderPhases(data: S1Data): string[] {
  const rounds = data.results.filter((r) => r.phaseMs);
  if (rounds.length === 0) return [];
  const cell = (phase: keyof CommitPhases) => {
    const s = spread(rounds.map((r) => r.phaseMs?.[phase] ?? 0));
    return `${round(s.median, 2)} (${round(s.min, 2)}–${round(s.max, 2)})`;
  };
  const slowRounds = rounds.filter((r) => r.slowPhaseMs);
  const slowCell = (phase: keyof CommitPhases | 'total') =>
    slowRounds.length === 0
      ? '–'
      : String(round(median(slowRounds.map((r) => r.slowPhaseMs?.[phase] ?? 0)), 2));
  const what: Record<keyof CommitPhases, string> = {
    settings: 'settings read (cached per worker life)',
    check: 'message schema + resend check (one read transaction)',
    validate: 'recording decision + JSON parse and shape check of the events',
    encode:
      'encode the text (stored as it came, its UTF-8 size counted; deflated later when the worker is idle)',
    wait: 'waiting for the tab’s previous batch to commit',
    read: 'transaction open + its reads (stream, tab, open session: one round trip)',
    body: 'transaction JS: sessionize, asset-address walk, writes issued',
    write: 'until IndexedDB answered the writes (chunk, session, stream, tab)',
    commit: 'until IndexedDB reports the transaction committed',
  };
  return [
    '',
    'Where one commit’s time goes (median ms of each step over a round’s batches, then median (min–max) over rounds; the steps’ medians need not add up to the commit’s). ' +
      'Beside it, the slowest 5% of commits (at or over the p95): the mean of each step over them, median over rounds; these do add up.',
    '',
    '| step | ms | slowest 5%, mean ms |',
    '|---|--:|--:|',
    ...PHASES.map((phase) => `| ${what[phase]} | ${cell(phase)} | ${slowCell(phase)} |`),
    `| whole commit | | ${slowCell('total')} |`,
  ];
}

function targets(data: S1Data): TargetCheck[] {
  const capacity = median(data.results.map((r) => r.workerMbPerS));
  const p95 = median(data.results.map((r) => r.p95CommitMs));
  const endBacklog = Math.max(...data.results.map((r) => r.endBacklogMb));
  return [
    {
      target: `write path ≥ ${TARGET_MB_PER_S} MB/s sustained`,
      result: `${round(capacity, 1)} MB/s (page produced ${round(median(data.results.map((r) => r.offeredMbPerS)), 1)} MB/s)`,
      met: capacity >= TARGET_MB_PER_S,
    },
    {
      target: `p95 batch commit ≤ ${TARGET_P95_COMMIT_MS} ms`,
      result: `${round(p95, 0)} ms (batches of ${round(median(data.results.map((r) => r.batchMb)), 1)} MB)`,
      met: p95 <= TARGET_P95_COMMIT_MS,
    },
    {
      target: 'backlog never grows (≤ 4 MB in flight when production ends)',
      result: `${round(endBacklog, 1)} MB at most`,
      met: endBacklog <= 4,
    },
  ];
}

export const s1WriteThroughput: Scenario<S1Data> = {
  id: 'S1',
  title: 'Writing 50 MB of events through the real pipeline',
  defaultRounds: 3,
  run,
  render,
  targets,
};
