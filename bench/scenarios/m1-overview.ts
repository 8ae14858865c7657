// M1: the metrics overview over 10,000 sessions, computed and rendered, in the built extension's
// viewer. Method: docs/benchmarks.md.
import { analyzeSession } from '../../shared/analysis/analyze-session';
import { summarizeSession } from '../../shared/analysis/summarize-session';
import type { SessionRow } from '../../shared/db/schema';
import { launchWithExtension } from '../../tests/support/chromium';
import { seedSessions } from '../../tests/e2e/support/seed-sessions';
import { metricSessions } from '../../tests/fixtures/metric-sessions';
import { sessionRow } from '../../tests/fixtures/session-rows';
import type { Scenario, ScenarioContext, TargetCheck } from '../support/scenario';
import { spread } from '../support/stats';
import { syntheticSession } from '../support/synthetic-session';

export const M1_SESSIONS = 10_000;
/** Issue target: the overview over 10,000 sessions computed and rendered in ≤ 1 s. */
export const TARGET_OVERVIEW_MS = 1000;

interface Run {
  /** From the store's connect to every row in memory (IndexedDB read + structured clone). */
  readMs: number;
  /** From the rows in memory to the overview painted: filter, aggregate, render, paint. */
  computeRenderMs: number;
  /** From navigation start to the overview painted. */
  wholeMs: number;
}

export interface M1Dataset {
  name: string;
  /** Mean JSON size of a row's summary, bytes. */
  summaryBytes: number;
  runs: Run[];
}

export interface M1Data {
  rounds: number;
  sessions: number;
  userAgent: string;
  datasets: M1Dataset[];
}

/**
 * The worst case for reading: every row carries the summary of a busy 5,000-event session (its
 * facts near their caps: 40 clicks, 40 failure groups), about five times the fixture's.
 */
function heavyRowsOf(count: number): SessionRow[] {
  const events = syntheticSession({ events: 5000, startedAt: Date.now() - 86_400_000 });
  const summary = summarizeSession(analyzeSession(events));
  return Array.from({ length: count }, (_, i) =>
    sessionRow({
      id: `heavy-${i}`,
      startedAt: Date.now() - (i + 1) * 5 * 60_000,
      summary,
      health: summary.health,
    }),
  );
}

/** Rows as the service worker stores them: each analysed from its events by the real analysis. */
function rowsOf(count: number): SessionRow[] {
  return metricSessions(count, Date.now() - count * 5 * 60_000).map(({ meta, events }) => {
    const summary = summarizeSession(
      analyzeSession(events, { startedAt: meta.startedAt, endedAt: meta.endedAt! }),
    );
    return sessionRow({
      id: meta.id,
      startedAt: meta.startedAt,
      endedAt: meta.endedAt,
      endReason: meta.endReason as SessionRow['endReason'],
      title: meta.title,
      firstUrl: meta.firstUrl,
      summary,
      health: summary.health,
    });
  });
}

async function measure(
  context: ScenarioContext,
  browser: Awaited<ReturnType<typeof launchWithExtension>>,
  name: string,
  rows: SessionRow[],
  data: M1Data,
): Promise<M1Dataset> {
  const seeder = await browser.extensionPage();
  await seedSessions(seeder, rows);
  const summaryBytes =
    rows.reduce((sum, row) => sum + JSON.stringify(row.summary).length, 0) / rows.length;
  const dataset: M1Dataset = { name, summaryBytes, runs: [] };
  for (let r = 0; r <= context.rounds; r += 1) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`chrome-extension://${browser.extensionId}/viewer/index.html#/overview`);
    await page.evaluate('globalThis.__name ??= (f) => f');
    const timing = await page.evaluate(
      () =>
        new Promise<Run>((resolve) => {
          const entry = (name: string) => performance.getEntriesByName(name)[0];
          const poll = () => {
            const render = entry('tabreel:overview-render');
            if (!render) return void setTimeout(poll, 20);
            const rowsAt = entry('tabreel:overview-rows')!.startTime;
            resolve({
              readMs: rowsAt - entry('tabreel:overview-connect')!.startTime,
              computeRenderMs: render.duration,
              wholeMs: render.startTime + render.duration,
            });
          };
          poll();
        }),
    );
    const shown = await page.getByTestId('stat-sessions').locator('.stat-value').textContent();
    if (shown !== rows.length.toLocaleString('en-US'))
      context.warn(`${name}: the overview showed ${shown} sessions, not ${rows.length}`);
    data.userAgent ||= await page.evaluate<string>('navigator.userAgent');
    await page.close();
    const label = r === 0 ? 'warm-up' : `round ${r}/${context.rounds}`;
    context.log(
      `${name} ${label}: read ${timing.readMs.toFixed(0)} ms, compute+render ${timing.computeRenderMs.toFixed(0)} ms, whole ${timing.wholeMs.toFixed(0)} ms`,
    );
    if (r > 0) dataset.runs.push(timing);
  }
  return dataset;
}

async function run(context: ScenarioContext): Promise<M1Data> {
  context.log(`analysing ${M1_SESSIONS} sessions in Node …`);
  const browser = await launchWithExtension();
  try {
    const data: M1Data = {
      rounds: context.rounds,
      sessions: M1_SESSIONS,
      userAgent: '',
      datasets: [],
    };
    data.datasets.push(
      await measure(context, browser, 'fixture sessions', rowsOf(M1_SESSIONS), data),
    );
    data.datasets.push(
      await measure(context, browser, 'busy sessions (worst case)', heavyRowsOf(M1_SESSIONS), data),
    );
    return data;
  } finally {
    await browser.close();
  }
}

function render(data: M1Data): string {
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const cell = (d: M1Dataset, key: keyof Run, target = false) => {
    const s = spread(d.runs.map((r) => r[key]));
    const text = `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
    return target ? `${text} ${mark(s.median <= TARGET_OVERVIEW_MS)}` : text;
  };
  return [
    `## M1 — the metrics overview over ${data.sessions.toLocaleString('en-US')} sessions`,
    '',
    `${data.rounds} measured rounds after a warm-up, each a fresh viewer tab at \`#/overview\` over ${data.sessions} analysed sessions ` +
      `stored as rows: the e2e fixture's sessions (tests/fixtures/metric-sessions.ts, analysed in Node by the real analysis), then a worst case where every ` +
      `row carries the summary of a busy 5,000-event session. User Timing marks in viewer/state/overview-store.ts and ` +
      `viewer/components/overview/overview-page.tsx. Cells: median (min–max) in ms. ${data.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? ''}`,
    '',
    `| rows | summary per row | read every row (IndexedDB) | rows → computed and painted (target ≤ ${TARGET_OVERVIEW_MS} ms) | navigation start → painted |`,
    `|---|--:|--:|--:|--:|`,
    ...data.datasets.map(
      (d) =>
        `| ${d.name} | ${(d.summaryBytes / 1024).toFixed(1)} KB | ${cell(d, 'readMs')} | ${cell(d, 'computeRenderMs', true)} | ${cell(d, 'wholeMs', true)} |`,
    ),
  ].join('\n');
}

function targets(data: M1Data): TargetCheck[] {
  return data.datasets.flatMap((d) => {
    const compute = spread(d.runs.map((r) => r.computeRenderMs)).median;
    const whole = spread(d.runs.map((r) => r.wholeMs)).median;
    return [
      {
        target: `overview of ${data.sessions} sessions (${d.name}): computed and painted ≤ ${TARGET_OVERVIEW_MS} ms`,
        result: `${compute.toFixed(0)} ms from the rows; ${whole.toFixed(0)} ms from navigation`,
        met: whole <= TARGET_OVERVIEW_MS,
      },
    ];
  });
}

export const m1Overview: Scenario<M1Data> = {
  id: 'M1',
  title: 'Metrics overview over 10,000 sessions',
  defaultRounds: 5,
  run,
  render,
  targets,
};
