// Scenario V1: does recording slow the page's own load? A page with known TTFB and LCP (the bench
// server holds the document and the hero image back by fixed delays), loaded in a fresh tab per
// round with and without the extension; the page measures its own vitals. Method:
// docs/benchmarks.md.
import { ARM_LABELS, byArm, closeArms, launchArms, type Arm, type ArmId } from '../support/arms';
import { startBenchServer, type BenchServer } from '../support/bench-server';
import { heroPng } from '../support/png';
import type { Scenario, ScenarioContext, TargetCheck } from '../support/scenario';
import { median, medianRatio, round, spread } from '../support/stats';

/** Server think time before the document's first byte: the page's known TTFB floor. */
export const DOCUMENT_DELAY_MS = 40;
/** The hero image's delay, as bench/pages/vitals-page.html asks for it (`hero.png?delay=150`). */
export const HERO_DELAY_MS = 150;
const HERO = { width: 1000, height: 400 };
const PAGE = `vitals-page.html?delay=${DOCUMENT_DELAY_MS}`;
const ARMS: readonly ArmId[] = ['none', 'extension'];
/** Issue target: extension ÷ none for each vital. */
export const TARGET_RATIO = 1.03;
export const V1_ROUNDS = 20;

/** An arm's Chromium is idle when it used at most this much CPU in one poll interval, twice. */
const IDLE_CPU_MS = 10;
const IDLE_POLL_MS = 100;
const IDLE_MAX_MS = 4000;

const METRICS = ['ttfb', 'fcp', 'lcp', 'firstScript', 'domContentLoaded', 'load', 'cpuMs'] as const;
type Metric = (typeof METRICS)[number];
/** The vitals the target applies to. */
const TARGETED: readonly Metric[] = ['ttfb', 'fcp', 'lcp'];

const METRIC_TITLES: Record<Metric, string> = {
  ttfb: 'TTFB (Navigation Timing `responseStart`)',
  fcp: 'FCP (`paint`, first-contentful-paint)',
  lcp: 'LCP (`largest-contentful-paint`)',
  firstScript: "the page's first script runs (its first line)",
  domContentLoaded: 'DOMContentLoaded (`domContentLoadedEventStart`)',
  load: 'load event (`loadEventStart`)',
  cpuMs: 'CPU per load, all Chromium processes (/proc)',
};

interface PageVitals {
  ttfb: number;
  firstScript: number;
  fcp: number | null;
  fp: number | null;
  lcp: { startTime: number; element: string | null; url: string; size: number } | null;
  domContentLoaded: number;
  load: number;
  elements: number;
  hidden: boolean;
  userAgent: string;
}

export interface V1Data {
  rounds: number;
  arms: ArmId[];
  userAgent: string;
  documentDelayMs: number;
  heroDelayMs: number;
  elements: number;
  /** Per arm and metric: one value per measured round, in round order. */
  series: Record<ArmId, Record<Metric, number[]>>;
  /** What the LCP entry named, with how many measured loads named it (it should be one thing). */
  lcpElements: Record<string, number>;
  /** Loads where a vital was missing (the tab was hidden, say): not in the series. */
  missing: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Waits until the arm's Chromium (every process) is idle: the last load's work is done. */
async function untilIdle(arm: Arm): Promise<void> {
  const started = Date.now();
  let last = arm.cpuMs();
  let quiet = 0;
  while (quiet < 2 && Date.now() - started < IDLE_MAX_MS) {
    await sleep(IDLE_POLL_MS);
    const now = arm.cpuMs();
    const used =
      Object.values(now).reduce((a, b) => a + b, 0) -
      Object.values(last).reduce((a, b) => a + b, 0);
    last = now;
    quiet = used <= IDLE_CPU_MS ? quiet + 1 : 0;
  }
}

const cpuTotal = (arm: Arm) => Object.values(arm.cpuMs()).reduce((a, b) => a + b, 0);

async function loadOnce(
  arm: Arm,
  server: BenchServer,
  warn: (line: string) => void,
): Promise<PageVitals & { cpuMs: number }> {
  await untilIdle(arm);
  const cpuBefore = cpuTotal(arm);
  const page = await arm.browser.context.newPage();
  try {
    await page.goto(arm.pageUrl(server.url(PAGE)));
    const vitals = await page.evaluate<PageVitals>('window.__vitals.collect()');
    const cpuMs = cpuTotal(arm) - cpuBefore;
    if (arm.id === 'extension') {
      const { acks } = await page.evaluate<{ acks: number }>('window.__vitals.delivered()');
      if (acks === 0) warn('extension: no delivery ack: is it recording?');
    }
    return { ...vitals, cpuMs };
  } finally {
    await page.close();
  }
}

async function run(context: ScenarioContext): Promise<V1Data> {
  const server = await startBenchServer();
  server.serve('hero.png', heroPng(HERO.width, HERO.height));
  const arms = await launchArms(ARMS);
  try {
    const series = byArm(() =>
      Object.fromEntries(METRICS.map((m) => [m, [] as number[]])),
    ) as V1Data['series'];
    const lcpElements: Record<string, number> = {};
    let missing = 0;
    let userAgent = '';
    let elements = 0;
    for (let r = 0; r <= context.rounds; r += 1) {
      const label = r === 0 ? 'warm-up' : `round ${r}/${context.rounds}`;
      // Interleaved, the order alternating (A B, B A, …): neither arm always loads right after the other.
      const order = r % 2 === 0 ? arms : [...arms].reverse();
      const results = new Map<ArmId, PageVitals & { cpuMs: number }>();
      for (const arm of order) results.set(arm.id, await loadOnce(arm, server, context.warn));
      context.log(
        `${label} ` +
          order
            .map((arm) => {
              const v = results.get(arm.id)!;
              return `${ARM_LABELS[arm.id]}: TTFB ${v.ttfb.toFixed(1)}, FCP ${v.fcp?.toFixed(1)}, LCP ${v.lcp?.startTime.toFixed(1)} (${v.lcp?.element})`;
            })
            .join(' · '),
      );
      if (r === 0) continue;
      // A round counts only when every arm has every vital: the ratios pair the arms' values.
      if ([...results.values()].some((v) => v.hidden || v.fcp === null || v.lcp === null)) {
        missing += 1;
        context.warn(`${label}: a vital was missing (hidden tab?); round left out.`);
        continue;
      }
      for (const [id, v] of results) {
        userAgent ||= v.userAgent;
        elements ||= v.elements;
        const values: Record<Metric, number> = {
          ttfb: v.ttfb,
          fcp: v.fcp!,
          lcp: v.lcp!.startTime,
          firstScript: v.firstScript,
          domContentLoaded: v.domContentLoaded,
          load: v.load,
          cpuMs: v.cpuMs,
        };
        for (const m of METRICS) series[id][m].push(round(values[m], 1));
        const what = `${v.lcp!.element ?? '(no element)'}${v.lcp!.url ? ` ${v.lcp!.url}` : ''}`;
        lcpElements[what] = (lcpElements[what] ?? 0) + 1;
      }
    }
    return {
      rounds: context.rounds,
      arms: [...ARMS],
      userAgent,
      documentDelayMs: DOCUMENT_DELAY_MS,
      heroDelayMs: HERO_DELAY_MS,
      elements,
      series,
      lcpElements,
      missing,
    };
  } finally {
    await closeArms(arms);
    await server.close();
  }
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

function spreadCell(values: readonly number[]): string {
  const s = spread(values);
  return `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;
}

function render(data: V1Data): string {
  const s = data.series;
  const target = `≤ ${TARGET_RATIO.toFixed(2)}`;
  const lines = [
    `| metric (ms from navigation start) | ${ARM_LABELS.none} | ${ARM_LABELS.extension} | extension ÷ none (target ${target}) | extension − none (ms) |`,
    '|---|--:|--:|--:|--:|',
  ];
  for (const m of METRICS) {
    const ratio = medianRatio(s.extension[m], s.none[m]);
    const added = median(s.extension[m].map((v, i) => v - s.none[m][i]!));
    const ratioCell = TARGETED.includes(m)
      ? `${ratio.toFixed(3)} ${ratio <= TARGET_RATIO ? '✓' : '✗'}`
      : ratio.toFixed(3);
    const bold = (text: string) => (TARGETED.includes(m) ? `**${text}**` : text);
    lines.push(
      `| ${bold(METRIC_TITLES[m])} | ${spreadCell(s.none[m])} | ${spreadCell(s.extension[m])} | ${ratioCell} | ${added >= 0 ? '+' : ''}${ms(added)} |`,
    );
  }
  const lcp = Object.entries(data.lcpElements)
    .sort((a, b) => b[1] - a[1])
    .map(([what, n]) => `\`${what}\` ${n}×`)
    .join(', ');
  const parts = [
    `## V1 — the page's own vitals, with and without the extension`,
    '',
    `${data.rounds} measured rounds after a warm-up; in each, one load per arm in a fresh tab (order alternating), ` +
      `each arm's Chromium idle before it. \`bench/pages/vitals-page.html\` (${data.elements} elements), ` +
      `the document served ${data.documentDelayMs} ms late, its 1000×400 hero image ${data.heroDelayMs} ms late. ` +
      `Cells: median (min–max) in ms. Ratio and difference: medians of the per-round values. ` +
      `${data.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? ''}`,
    '',
    lines.join('\n'),
    '',
    `LCP entries named: ${lcp}.` +
      (data.missing > 0 ? ` ${data.missing} round(s) left out: a vital was missing.` : ''),
  ];
  return parts.join('\n');
}

function targets(data: V1Data): TargetCheck[] {
  return TARGETED.map((m) => {
    const ratio = medianRatio(data.series.extension[m], data.series.none[m]);
    // `|| 0`: a rounded −0.3 reads "+0", not "-0".
    const added =
      Math.round(median(data.series.extension[m].map((v, i) => v - data.series.none[m][i]!))) || 0;
    return {
      target: `${m.toUpperCase()}: extension ÷ none ≤ ${TARGET_RATIO}`,
      result: `${ratio.toFixed(2)} (${added >= 0 ? '+' : ''}${added} ms)`,
      met: ratio <= TARGET_RATIO,
    };
  });
}

export const v1PageVitals: Scenario<V1Data> = {
  id: 'V1',
  title: "The page's own vitals (TTFB, FCP, LCP) with and without the extension",
  defaultRounds: V1_ROUNDS,
  run,
  render,
  targets,
};
