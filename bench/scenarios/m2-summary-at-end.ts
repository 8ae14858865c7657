// M2: what computing a session's analysis and summary (with the metrics' facts) costs when it
// ends, for a 5,000-event session. Measured in Node, on the same functions the service worker runs
// (shared/storage/analyze-pending-sessions.ts). Method: docs/benchmarks.md.
import { performance } from 'node:perf_hooks';
import { analyzeSession } from '../../shared/analysis/analyze-session';
import { collectSignals } from '../../shared/analysis/collect-signals';
import { summarizeSession } from '../../shared/analysis/summarize-session';
import { collectSessionFacts } from '../../shared/metrics/session-facts';
import type { Scenario, ScenarioContext, TargetCheck } from '../support/scenario';
import { spread } from '../support/stats';
import { syntheticSession } from '../support/synthetic-session';

export const M2_EVENTS = 5000;
/** Issue target: the summary computation at session end adds ≤ 50 ms for a 5,000-event session. */
export const TARGET_SUMMARY_MS = 50;
/** Repeats per measured round; the round's value is their median. */
const REPEATS = 25;

export interface M2Data {
  rounds: number;
  events: number;
  node: string;
  /** analyzeSession + summarizeSession, ms, one value per round. */
  totalMs: number[];
  /** The facts alone (what v3 added), ms, one value per round. */
  factsMs: number[];
  /** The stored summary's JSON size, bytes. */
  summaryBytes: number;
  /** The very first run (cold: nothing compiled yet), and the slowest measured run (GC included). */
  coldMs: number;
  slowestMs: number;
}

const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function run(context: ScenarioContext): Promise<M2Data> {
  const events = syntheticSession({ events: M2_EVENTS, startedAt: Date.UTC(2025, 0, 15, 9) });
  const data: M2Data = {
    rounds: context.rounds,
    events: events.length,
    node: process.version,
    totalMs: [],
    factsMs: [],
    summaryBytes: 0,
    coldMs: NaN,
    slowestMs: 0,
  };
  for (let r = 0; r <= context.rounds; r += 1) {
    const totals: number[] = [];
    const facts: number[] = [];
    for (let k = 0; k < REPEATS; k += 1) {
      const t0 = performance.now();
      const analysis = analyzeSession(events);
      const summary = summarizeSession(analysis);
      const took = performance.now() - t0;
      totals.push(took);
      if (Number.isNaN(data.coldMs)) data.coldMs = took;
      if (r > 0) data.slowestMs = Math.max(data.slowestMs, took);
      data.summaryBytes = JSON.stringify(summary).length;
      const signals = collectSignals(events);
      const t1 = performance.now();
      collectSessionFacts({
        signals,
        pages: analysis.flow.pages,
        failures: analysis.failures,
        vitals: analysis.metrics.vitals,
        idleMs: analysis.duration.wallMs - analysis.duration.activeMs,
      });
      facts.push(performance.now() - t1);
    }
    if (r === 0) continue; // warm-up
    data.totalMs.push(medianOf(totals));
    data.factsMs.push(medianOf(facts));
    context.log(
      `round ${r}: total ${medianOf(totals).toFixed(1)} ms, facts ${medianOf(facts).toFixed(2)} ms`,
    );
  }
  return data;
}

const cell = (values: number[]) => {
  const s = spread(values);
  return `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
};

function render(data: M2Data): string {
  const total = spread(data.totalMs).median;
  return [
    `## M2 — summary computation at session end (${data.events.toLocaleString('en-US')} events)`,
    '',
    `Node ${data.node}, in process: \`analyzeSession\` + \`summarizeSession\` on a synthetic ${data.events}-event session (bench/support/synthetic-session.ts), ` +
      `${data.rounds} rounds after a warm-up, each the median of ${REPEATS} runs. Cells: median (min–max) in ms.`,
    '',
    `| step | ms |`,
    `|---|--:|`,
    `| analysis + summary, all of it (target ≤ ${TARGET_SUMMARY_MS} ms) | ${cell(data.totalMs)} ${total <= TARGET_SUMMARY_MS ? '✓' : '✗'} |`,
    `| of which the metrics' facts (new in analysis v3) | ${cell(data.factsMs)} |`,
    `| the first run (cold) / the slowest measured run (a GC pause) | ${data.coldMs.toFixed(2)} / ${data.slowestMs.toFixed(2)} |`,
    '',
    `Stored summary: ${(data.summaryBytes / 1024).toFixed(1)} KB of JSON on the session row.`,
  ].join('\n');
}

function targets(data: M2Data): TargetCheck[] {
  const total = spread(data.totalMs).median;
  return [
    {
      target: `summary at session end, ${data.events} events: ≤ ${TARGET_SUMMARY_MS} ms`,
      result: `${total.toFixed(2)} ms (cold ${data.coldMs.toFixed(0)} ms)`,
      met: total <= TARGET_SUMMARY_MS,
    },
  ];
}

export const m2SummaryAtEnd: Scenario<M2Data> = {
  id: 'M2',
  title: 'Summary computation at session end (5,000 events)',
  defaultRounds: 5,
  run,
  render,
  targets,
};
