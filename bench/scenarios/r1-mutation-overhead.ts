// Scenario R1: what recording costs a page on rrweb's own mutation workloads (four arms, run
// interleaved) and what a steadily changing page stores per minute. Method: docs/benchmarks.md.
import type { Page } from 'playwright-core';
import { ARM_LABELS, byArm, closeArms, launchArms, type Arm, type ArmId } from '../support/arms';
import { startBenchServer, type BenchServer } from '../support/bench-server';
import { probePage } from '../support/page-metrics';
import { cpuDelta, type CpuByKind } from '../support/process-cpu';
import type { Scenario, ScenarioContext, TargetCheck } from '../support/scenario';
import { geometricMean, median, medianRatio, round, spread } from '../support/stats';
import { measureSteadyStorage, storedTotals, type SteadyStorage } from '../support/steady-storage';

const PAGE = 'mutations.html';
/** Interleaving order within a round: A B C, A B C, … */
const ARMS: readonly ArmId[] = ['none', 'extension', 'rrweb', 'rrweb-esm'];
export const TARGET_EXTENSION_OVER_RRWEB = 1.1;
export const TARGET_COMPRESSION_RATIO = 8;

interface WorkloadSample {
  /** From the start of the work until the page is quiet (next frame and a task after it). */
  quietMs: number;
  /** From the start of the work until the next task (the work + MutationObserver callbacks). */
  scriptMs: number;
  /** Page main-thread CPU (CDP TaskDuration) from the start of the work until delivery settled. */
  taskMs: number;
  /** Blocking time (long tasks' time over 50 ms) after the quiet point, until delivery settled. */
  lateBlockingMs: number;
}

interface RoundTotals {
  /** Page main-thread CPU (TaskDuration) over the round, page load excluded. */
  pageTaskMs: number;
  /** CPU of every process of the arm's Chromium over the round, page load included, by kind. */
  cpu: CpuByKind & { total: number };
}

/** Per workload and arm: one value per measured round, in round order. */
type Series = Record<ArmId, Record<keyof WorkloadSample, number[]>>;
type CpuSeries = Record<keyof RoundTotals['cpu'], number[]>;

export interface R1Data {
  rounds: number;
  /** The arms run, in their order within a round. */
  arms: ArmId[];
  userAgent: string;
  workloads: Array<{ id: string; title: string; arms: Series }>;
  roundTotals: Record<ArmId, { pageTaskMs: number[]; cpu: CpuSeries }>;
  /** What the extension stored of the mutation rounds (warm-up included). */
  extensionStored: { sessions: number; events: number; rawBytes: number; storedBytes: number };
  storage: (SteadyStorage & { seconds: number }) | null;
}

interface RoundResult {
  samples: Record<string, WorkloadSample>;
  totals: RoundTotals;
  userAgent: string;
}

async function runRound(
  arm: Arm,
  server: BenchServer,
  workloadIds: readonly string[],
  warn: (line: string) => void,
): Promise<RoundResult> {
  const cpuBefore = arm.cpuMs();
  const page = await arm.browser.context.newPage();
  try {
    const probe = await probePage(page);
    await page.goto(arm.pageUrl(server.url(PAGE)));
    const ready = await page.evaluate<{
      acks: number;
      anchorEvents: number | null;
      userAgent: string;
    }>('window.__bench.ready()');
    if (arm.id === 'extension' && ready.acks === 0)
      throw new Error('The extension is not recording.');
    if (arm.id.startsWith('rrweb') && !ready.anchorEvents)
      throw new Error('Bare rrweb is not recording.');
    const pageBefore = await probe.mainThreadMs();
    const samples: Record<string, WorkloadSample> = {};
    for (const id of workloadIds) {
      const arg = JSON.stringify(id);
      if (await page.evaluate<boolean>(`window.__bench.prepare(${arg})`))
        await settle(page, arm, id, warn);
      await probe.collectGarbage();
      const before = await probe.mainThreadMs();
      const run = await page.evaluate<{ quietMs: number; scriptMs: number }>(
        `window.__bench.run(${arg})`,
      );
      const { lateBlockingMs } = await settle(page, arm, id, warn);
      const after = await probe.mainThreadMs();
      samples[id] = {
        quietMs: run.quietMs,
        scriptMs: run.scriptMs,
        taskMs: after.task - before.task,
        lateBlockingMs,
      };
    }
    const pageAfter = await probe.mainThreadMs();
    const cpu = cpuDelta(cpuBefore, arm.cpuMs());
    await probe.detach();
    return {
      samples,
      totals: { pageTaskMs: pageAfter.task - pageBefore.task, cpu },
      userAgent: ready.userAgent,
    };
  } finally {
    await page.close();
  }
}

async function settle(page: Page, arm: Arm, workload: string, warn: (line: string) => void) {
  const settled = await page.evaluate<{ timedOut: boolean; lateBlockingMs: number }>(
    'window.__bench.settle()',
  );
  if (settled.timedOut) warn(`${ARM_LABELS[arm.id]}: no delivery ack after ${workload}.`);
  return settled;
}

async function run(context: ScenarioContext): Promise<R1Data> {
  const server = await startBenchServer();
  const arms = await launchArms(ARMS);
  try {
    const extension = arms.find((a) => a.id === 'extension')!;
    let storage: R1Data['storage'] = null;
    if (context.storageSeconds > 0) {
      context.log(`storage: recording steady.html for ${context.storageSeconds} s …`);
      storage = {
        seconds: context.storageSeconds,
        ...(await measureSteadyStorage(extension, server, context.storageSeconds)),
      };
    }

    const probe = await arms[0]!.browser.context.newPage();
    await probe.goto(server.url(PAGE));
    const workloadIds = await probe.evaluate<string[]>('window.__bench.ids()');
    const titles = await probe.evaluate<Record<string, string>>('window.__bench.titles()');
    await probe.close();

    const series: Record<string, Series> = Object.fromEntries(
      workloadIds.map((id) => [
        id,
        byArm(() => ({ quietMs: [], scriptMs: [], taskMs: [], lateBlockingMs: [] })),
      ]),
    );
    const roundTotals: R1Data['roundTotals'] = byArm(() => ({
      pageTaskMs: [],
      cpu: {
        total: [],
        browser: [],
        renderer: [],
        extension: [],
        gpu: [],
        utility: [],
        other: [],
      },
    }));
    let userAgent = '';

    for (let r = 0; r <= context.rounds; r += 1) {
      const label = r === 0 ? 'warm-up' : `round ${r}/${context.rounds}`;
      for (const arm of arms) {
        const started = Date.now();
        const result = await runRound(arm, server, workloadIds, context.warn);
        userAgent ||= result.userAgent;
        context.log(
          `${label} ${ARM_LABELS[arm.id].padEnd(12)} ` +
            workloadIds.map((id) => `${id} ${result.samples[id]!.quietMs.toFixed(0)}`).join(', ') +
            ` ms (round took ${((Date.now() - started) / 1000).toFixed(1)} s)`,
        );
        if (r === 0) continue;
        for (const id of workloadIds) {
          const sample = result.samples[id]!;
          const target = series[id]![arm.id];
          for (const key of Object.keys(target) as Array<keyof WorkloadSample>) {
            target[key].push(round(sample[key]));
          }
        }
        const totals = roundTotals[arm.id];
        totals.pageTaskMs.push(round(result.totals.pageTaskMs, 0));
        for (const key of Object.keys(totals.cpu) as Array<keyof CpuSeries>) {
          totals.cpu[key].push(round(result.totals.cpu[key], 0));
        }
      }
    }

    return {
      rounds: context.rounds,
      arms: [...ARMS],
      userAgent,
      workloads: workloadIds.map((id) => ({ id, title: titles[id] ?? id, arms: series[id]! })),
      roundTotals,
      extensionStored: await storedTotals(extension, PAGE),
      storage,
    };
  } finally {
    await closeArms(arms);
    await server.close();
  }
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const ratio = (value: number) => value.toFixed(2);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const withTarget = (value: number, ok: boolean) => `${ratio(value)} ${ok ? '✓' : '✗'}`;

function spreadCell(values: readonly number[]): string {
  const s = spread(values);
  return `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;
}

/** The arms the extension is compared with, and whether the ≤ 1.10 target applies. */
const BASELINES: ReadonlyArray<{ arm: ArmId; target: boolean }> = [
  { arm: 'none', target: false },
  { arm: 'rrweb', target: true },
  { arm: 'rrweb-esm', target: true },
];

function timingTable(data: R1Data, metric: 'quietMs' | 'taskMs'): string {
  const baselines = BASELINES.filter((b) => data.arms.includes(b.arm));
  const target = `≤ ${TARGET_EXTENSION_OVER_RRWEB.toFixed(2)}`;
  const lines = [
    `| workload | ${data.arms.map((a) => ARM_LABELS[a]).join(' | ')} | ${baselines.map((b) => `ext / ${ARM_LABELS[b.arm]}${b.target ? ` (target ${target})` : ''}`).join(' | ')} |`,
    `|---|${data.arms.map(() => '--:').join('|')}|${baselines.map(() => '--:').join('|')}|`,
  ];
  const ratios = baselines.map(() => [] as number[]);
  const cell = (value: number, b: { target: boolean }) =>
    b.target ? withTarget(value, value <= TARGET_EXTENSION_OVER_RRWEB) : ratio(value);
  for (const workload of data.workloads) {
    const a = workload.arms;
    const row = baselines.map((b, i) => {
      const value = medianRatio(a.extension[metric], a[b.arm][metric]);
      ratios[i]!.push(value);
      return cell(value, b);
    });
    lines.push(
      `| ${workload.title} | ${data.arms.map((arm) => spreadCell(a[arm][metric])).join(' | ')} | ${row.join(' | ')} |`,
    );
  }
  const means = baselines.map((b, i) => `**${cell(geometricMean(ratios[i]!), b)}**`);
  lines.push(`| **geometric mean** |${data.arms.map(() => ' ').join('|')}| ${means.join(' | ')} |`);
  return lines.join('\n');
}

function totalsTable(data: R1Data): string {
  const lines = [
    '| arm | page main thread (TaskDuration) | all Chromium processes | page renderers | extension process (service worker) | browser process | utilities (network, storage) | GPU, zygotes |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const arm of data.arms) {
    const t = data.roundTotals[arm];
    const gpuAndOther = t.cpu.gpu.map((gpu, i) => gpu + t.cpu.other[i]!);
    const cells = [t.pageTaskMs, t.cpu.total, t.cpu.renderer, t.cpu.extension]
      .map((values, i) => (i === 3 && arm !== 'extension' ? '–' : spreadCell(values)))
      .concat([t.cpu.browser, t.cpu.utility, gpuAndOther].map((values) => ms(median(values))));
    lines.push(`| ${ARM_LABELS[arm]} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Long tasks after the quiet point: a table where a median is above 0, else one line. */
function lateBlocking(data: R1Data): string {
  const values = data.workloads.flatMap((w) =>
    data.arms.map((arm) => ({ arm, title: w.title, values: w.arms[arm].lateBlockingMs })),
  );
  if (values.every((v) => median(v.values) === 0)) {
    const worst = values.reduce((a, b) => (Math.max(...b.values) > Math.max(...a.values) ? b : a));
    const max = Math.max(...worst.values);
    return (
      'In the median round no long task (> 50 ms) ran on the page after the quiet point in any arm, deferred delivery included' +
      (max > 0
        ? ` (largest single value: ${ms(max)} ms, ${ARM_LABELS[worst.arm]}, ${worst.title}).`
        : '.')
    );
  }
  const lines = [
    `| workload | ${data.arms.map((a) => ARM_LABELS[a]).join(' | ')} |`,
    `|---|${data.arms.map(() => '--:').join('|')}|`,
  ];
  for (const workload of data.workloads) {
    const cells = data.arms.map((arm) => spreadCell(workload.arms[arm].lateBlockingMs));
    lines.push(`| ${workload.title} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function storageTable(storage: NonNullable<R1Data['storage']>): string {
  const minutes = storage.recordedMs / 60_000;
  const compression = storage.rawBytes / storage.storedBytes;
  const perMinute = (bytes: number) => `${kb(bytes / minutes)}/min`;
  const types = Object.entries(storage.rawBytesByType)
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => `${name} ${storage.eventsByType[name]} (${kb(bytes)})`)
    .join(', ');
  const snapshot = storage.fullSnapshot;
  const rows = [
    '| figure | value |',
    '|---|--:|',
    `| recorded | ${(storage.recordedMs / 1000).toFixed(1)} s, ${storage.events} events (${(storage.events / minutes).toFixed(0)}/min) |`,
    `| stored (compressed chunks) | ${kb(storage.storedBytes)} → **${perMinute(storage.storedBytes)}** |`,
    `| raw event JSON | ${kb(storage.rawBytes)} → ${perMinute(storage.rawBytes)} |`,
    `| compression raw / stored (target ≥ ${TARGET_COMPRESSION_RATIO}) | **${withTarget(compression, compression >= TARGET_COMPRESSION_RATIO)}** |`,
    `| chunks (mean raw size) | ${storage.chunks} (${kb(storage.rawBytes / storage.chunks)}) |`,
    `| the same events deflated as one stream | ${kb(storage.oneStreamBytes)}, ratio ${ratio(storage.rawBytes / storage.oneStreamBytes)} |`,
    `| extension process CPU while recording (service worker, delivery included) | ${ms(storage.extensionCpuMs)} ms (${((storage.extensionCpuMs / storage.recordedMs) * 100).toFixed(1)}% of one core) |`,
    `| full snapshot alone, raw → deflated (once per page load) | ${kb(snapshot.rawBytes)} → ${kb(snapshot.deflatedBytes)} |`,
    `| events by kind (raw JSON) | ${types} |`,
  ];
  if (storage.sessionRowStoredBytes !== storage.storedBytes) {
    rows.push(
      `| ⚠ the session row counts | ${kb(storage.sessionRowStoredBytes)} stored, not ${kb(storage.storedBytes)} |`,
    );
  }
  return rows.join('\n');
}

function render(data: R1Data): string {
  const stored = data.extensionStored;
  const parts = [
    `## R1 — DOM mutation overhead (rrweb's benchmark workloads)`,
    '',
    `${data.rounds} measured rounds after a warm-up, arms interleaved (${data.arms.map((a) => ARM_LABELS[a]).join(', ')}) in every round, ` +
      `a fresh page per round. Cells: median (min–max) in ms. Ratios: median of the per-round ratios; ` +
      `the last row is the geometric mean of the ratios above it. ${data.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? ''}`,
    '',
    `### Time until the page is quiet`,
    '',
    timingTable(data, 'quietMs'),
    '',
    `### Page main-thread CPU per workload (CDP TaskDuration, work + deferred delivery)`,
    '',
    timingTable(data, 'taskMs'),
    '',
    `### Blocking time after the quiet point (long tasks' time over 50 ms, until delivery settled)`,
    '',
    lateBlocking(data),
    '',
    `### CPU per round (all ${data.workloads.length} workloads; last three columns: medians)`,
    '',
    totalsTable(data),
    '',
    `The extension stored ${stored.sessions} sessions of ${PAGE} (${stored.events} events, ` +
      `${kb(stored.rawBytes)} raw → ${kb(stored.storedBytes)} stored, ratio ${ratio(stored.rawBytes / stored.storedBytes)}).`,
  ];
  if (data.storage) {
    parts.push(
      '',
      `### Storage: steady.html recorded for ${data.storage.seconds} s`,
      '',
      storageTable(data.storage),
    );
  }
  return parts.join('\n');
}

/** Issue limit: no workload's ratio past this. */
export const LIMIT_ANY_WORKLOAD = 1.25;

function targets(data: R1Data): TargetCheck[] {
  const checks: TargetCheck[] = [];
  let worst = 0;
  for (const anchor of ['rrweb', 'rrweb-esm'] as const) {
    if (!data.arms.includes(anchor)) continue;
    const ratios = data.workloads.map((w) =>
      medianRatio(w.arms.extension.quietMs, w.arms[anchor].quietMs),
    );
    worst = Math.max(worst, ...ratios);
    const mean = geometricMean(ratios);
    checks.push({
      target: `time until quiet, extension ÷ ${ARM_LABELS[anchor]}, geometric mean ≤ ${TARGET_EXTENSION_OVER_RRWEB}`,
      result: mean.toFixed(2),
      met: mean <= TARGET_EXTENSION_OVER_RRWEB,
    });
  }
  checks.push({
    target: `no workload's ratio > ${LIMIT_ANY_WORKLOAD}`,
    result: `worst ${worst.toFixed(2)}`,
    met: worst <= LIMIT_ANY_WORKLOAD,
  });
  if (data.storage) {
    const compression = data.storage.rawBytes / data.storage.storedBytes;
    checks.push({
      target: `steady page: raw ÷ stored ≥ ${TARGET_COMPRESSION_RATIO}`,
      result: `${compression.toFixed(1)}×`,
      met: compression >= TARGET_COMPRESSION_RATIO,
    });
  }
  return checks;
}

export const r1MutationOverhead: Scenario<R1Data> = {
  id: 'R1',
  title: 'DOM mutation overhead and storage',
  run,
  render,
  targets,
};
