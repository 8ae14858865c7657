// Scenario R3: what recording adds to an interaction, Highlight's benchmark shape: a click that
// inserts 100 or 500 list items of realistic markup, timed in the page from the click handler's
// start until the next frame is painted, with and without the extension. Method: docs/benchmarks.md.
import type { Page } from 'playwright-core';
import { PAGE_EVENT, PAGE_URGENT_EVENT } from '../../shared/messages/relay-to-page';
import { ARM_LABELS, byArm, closeArms, launchArms, type Arm, type ArmId } from '../support/arms';
import { startBenchServer, type BenchServer } from '../support/bench-server';
import { probePage, type PageProbe } from '../support/page-metrics';
import type { Scenario, ScenarioContext, TargetCheck } from '../support/scenario';
import { median, medianRatio, round, spread } from '../support/stats';

const PAGE = `list-page.html?pushEvents=${encodeURIComponent(`${PAGE_EVENT},${PAGE_URGENT_EVENT}`)}`;
const ARMS: readonly ArmId[] = ['none', 'extension'];
export const SIZES = [100, 500] as const;
type Size = (typeof SIZES)[number];
/** Issue targets: ms the extension may add per insert (median), by size. */
export const TARGET_ADDED_MS: Record<Size, number> = { 100: 8, 500: 35 };
/** Highlight's published figures for their list inserts with rrweb recording (the anchor). */
export const HIGHLIGHT_ADDED_MS: Record<Size, number> = { 100: 17, 500: 70 };
/** Inserts of each size per arm and round (measured rounds), alternating 100, 500, 100, … */
const REPEATS = 6;
const WARMUP_REPEATS = 2;

const METRICS = ['handlerMs', 'eventMs', 'taskMs'] as const;
type Metric = (typeof METRICS)[number];

interface InsertSample {
  /** From the click handler's start until the next frame was painted. */
  handlerMs: number;
  /** The same from the click event's time stamp (input delay included). */
  eventMs: number;
  /** Page main-thread CPU (CDP TaskDuration) from before the click until settled (delivery included). */
  taskMs: number;
}

export interface R3Data {
  rounds: number;
  repeats: number;
  arms: ArmId[];
  userAgent: string;
  /** Per size, arm and metric: the median of the round's inserts, one value per measured round. */
  series: Record<string, Record<ArmId, Record<Metric, number[]>>>;
  /** Every measured insert's handlerMs, per size and arm (for the pooled spread). */
  all: Record<string, Record<ArmId, number[]>>;
}

async function insertOnce(
  page: Page,
  probe: PageProbe,
  at: { x: number; y: number },
): Promise<InsertSample & { items: number; timedOut: boolean }> {
  // Untimed: the list emptied and shown empty just before the click. In the extension arm its
  // removal events go out with the click's (a user event is sent at once), as pending events do
  // when a person clicks.
  const seen = await page.evaluate<number>('window.__list.clear()');
  const before = await probe.mainThreadMs();
  await page.mouse.click(at.x, at.y);
  const result = await page.evaluate<{ handlerMs: number; eventMs: number; items: number }>(
    `window.__list.result(${seen})`,
  );
  const { timedOut } = await page.evaluate<{ timedOut: boolean }>('window.__list.settle()');
  const after = await probe.mainThreadMs();
  return { ...result, taskMs: after.task - before.task, timedOut };
}

async function runRound(
  arm: Arm,
  server: BenchServer,
  repeats: number,
  warn: (line: string) => void,
): Promise<{ samples: Record<Size, InsertSample[]>; userAgent: string }> {
  const page = await arm.browser.context.newPage();
  try {
    const probe = await probePage(page);
    await page.goto(arm.pageUrl(server.url(PAGE)));
    const ready = await page.evaluate<{ acks: number; userAgent: string }>('window.__list.ready()');
    if (arm.id === 'extension' && ready.acks === 0)
      throw new Error('The extension is not recording.');
    const centers = Object.fromEntries(
      await Promise.all(
        SIZES.map(
          async (size) =>
            [
              size,
              await page.evaluate<{ x: number; y: number }>(`window.__list.center(${size})`),
            ] as const,
        ),
      ),
    ) as Record<Size, { x: number; y: number }>;
    const samples: Record<Size, InsertSample[]> = { 100: [], 500: [] };
    for (let i = 0; i < repeats; i += 1) {
      for (const size of SIZES) {
        const sample = await insertOnce(page, probe, centers[size]);
        if (sample.items !== size)
          throw new Error(`${size} inserted, ${sample.items} in the list.`);
        if (sample.timedOut)
          warn(`${ARM_LABELS[arm.id]}: no delivery ack after an insert of ${size}.`);
        samples[size].push(sample);
      }
    }
    await probe.detach();
    return { samples, userAgent: ready.userAgent };
  } finally {
    await page.close();
  }
}

async function run(context: ScenarioContext): Promise<R3Data> {
  const server = await startBenchServer();
  const arms = await launchArms(ARMS);
  try {
    const series: R3Data['series'] = Object.fromEntries(
      SIZES.map((size) => [
        size,
        byArm(() => ({ handlerMs: [], eventMs: [], taskMs: [] }) as Record<Metric, number[]>),
      ]),
    );
    const all: R3Data['all'] = Object.fromEntries(
      SIZES.map((size) => [size, byArm(() => [] as number[])]),
    );
    let userAgent = '';
    for (let r = 0; r <= context.rounds; r += 1) {
      const label = r === 0 ? 'warm-up' : `round ${r}/${context.rounds}`;
      // Interleaved, the order alternating (A B, B A, …).
      const order = r % 2 === 0 ? arms : [...arms].reverse();
      for (const arm of order) {
        const started = Date.now();
        const result = await runRound(
          arm,
          server,
          r === 0 ? WARMUP_REPEATS : REPEATS,
          context.warn,
        );
        userAgent ||= result.userAgent;
        context.log(
          `${label} ${ARM_LABELS[arm.id].padEnd(12)} ` +
            SIZES.map(
              (size) =>
                `${size}: ${result.samples[size].map((s) => s.handlerMs.toFixed(0)).join(' ')}`,
            ).join(' · ') +
            ` ms (took ${((Date.now() - started) / 1000).toFixed(1)} s)`,
        );
        if (r === 0) continue;
        for (const size of SIZES) {
          const samples = result.samples[size];
          for (const m of METRICS) {
            series[size]![arm.id][m].push(round(median(samples.map((s) => s[m])), 2));
          }
          all[size]![arm.id].push(...samples.map((s) => round(s.handlerMs, 2)));
        }
      }
    }
    return { rounds: context.rounds, repeats: REPEATS, arms: [...ARMS], userAgent, series, all };
  } finally {
    await closeArms(arms);
    await server.close();
  }
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const signed = (value: number) => `${value >= 0 ? '+' : ''}${ms(value)}`;

function spreadCell(values: readonly number[]): string {
  const s = spread(values);
  return `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;
}

const addedOf = (ext: readonly number[], none: readonly number[]) =>
  median(ext.map((v, i) => v - none[i]!));

function render(data: R3Data): string {
  const main = [
    `| insert | ${ARM_LABELS.none} | ${ARM_LABELS.extension} | added by the extension (target) | Highlight, rrweb (published) | extension ÷ none |`,
    '|---|--:|--:|--:|--:|--:|',
  ];
  for (const size of SIZES) {
    const s = data.series[size]!;
    const added = addedOf(s.extension.handlerMs, s.none.handlerMs);
    const target = TARGET_ADDED_MS[size];
    main.push(
      `| ${size} items | ${spreadCell(s.none.handlerMs)} | ${spreadCell(s.extension.handlerMs)} | **${signed(added)}** ${added <= target ? '✓' : '✗'} (≤ +${target}) | +${HIGHLIGHT_ADDED_MS[size]} | ${medianRatio(s.extension.handlerMs, s.none.handlerMs).toFixed(2)} |`,
    );
  }
  const more = [
    '| insert | measure | no extension | extension | added | extension ÷ none |',
    '|---|---|--:|--:|--:|--:|',
  ];
  const titles: Record<Exclude<Metric, 'handlerMs'>, string> = {
    eventMs: 'from the click event’s time stamp to the painted frame',
    taskMs: 'page main-thread CPU per insert, until settled (TaskDuration)',
  };
  for (const size of SIZES) {
    const s = data.series[size]!;
    for (const m of ['eventMs', 'taskMs'] as const) {
      more.push(
        `| ${size} items | ${titles[m]} | ${spreadCell(s.none[m])} | ${spreadCell(s.extension[m])} | ${signed(addedOf(s.extension[m], s.none[m]))} | ${medianRatio(s.extension[m], s.none[m]).toFixed(2)} |`,
      );
    }
    const pooled = data.all[size]!;
    more.push(
      `| ${size} items | every insert, handler → painted frame (pooled) | ${spreadCell(pooled.none)} | ${spreadCell(pooled.extension)} | ${signed(median(pooled.extension) - median(pooled.none))} | ${(median(pooled.extension) / median(pooled.none)).toFixed(2)} |`,
    );
  }
  return [
    `## R3 — list inserts of 100 and 500 items (time per insert)`,
    '',
    `${data.rounds} measured rounds after a warm-up, arms interleaved (order alternating), a fresh tab per arm and round; ` +
      `in each, ${data.repeats} inserts of each size (alternating 100, 500), the list emptied before each. ` +
      `An insert is a real click; it is timed in the page from the click handler's start until the next frame is painted. ` +
      `Cells: median (min–max) over rounds of each round's median insert, in ms; added and ratio: medians of the per-round differences and ratios. ` +
      `${data.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? ''}`,
    '',
    main.join('\n'),
    '',
    `### Around it`,
    '',
    more.join('\n'),
  ].join('\n');
}

function targets(data: R3Data): TargetCheck[] {
  return SIZES.map((size) => {
    const s = data.series[size]!;
    const value = addedOf(s.extension.handlerMs, s.none.handlerMs);
    return {
      target: `insert of ${size} items: added ≤ +${TARGET_ADDED_MS[size]} ms (Highlight +${HIGHLIGHT_ADDED_MS[size]})`,
      result: `${signed(value)} ms`,
      met: value <= TARGET_ADDED_MS[size],
    };
  });
}

export const r3ListInsert: Scenario<R3Data> = {
  id: 'R3',
  title: 'List inserts of 100 and 500 items (time per insert)',
  run,
  render,
  targets,
};
