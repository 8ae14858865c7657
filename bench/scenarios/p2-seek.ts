// P2: how long the main thread is blocked when a person seeks in a long session (200k events).
// Method: docs/benchmarks.md.
import type { Frame, Page } from 'playwright-core';
import { startBenchServer } from '../support/bench-server';
import type { Scenario, ScenarioContext, TargetCheck } from '../support/scenario';
import { median, round, spread } from '../support/stats';
import { launchWithExtension } from '../../tests/support/chromium';
import {
  openUntilLoaded,
  prepareSessions,
  replayFrameOf,
  viewerUrl,
} from '../support/viewer-bench';

export const P2_EVENTS = 200_000;
/** Issue target: no main-thread task longer than this per seek. */
export const TARGET_LONGEST_TASK_MS = 250;
/** Where on the timeline bar each seek clicks, as a share of its width. */
const TARGETS = [0.25, 0.5, 0.75, 1] as const;
/** A click at the very right edge would miss the bar: 100% is its last half pixel (99.96%). */
const EDGE_PX = 0.5;

/** How a seek reached its target. */
type SeekKind = 'forward' | 'back';

interface SeekSample {
  /** The longest task (Long Tasks API, > 50 ms) on the viewer's main thread; 0 when none. */
  longestMs: number;
  /** Blocking time: the part over 50 ms of every long task in the seek. */
  blockingMs: number;
  /** From the click to the frame reporting the new position (the replayed DOM is there). */
  latencyMs: number;
}

interface SeekSeries {
  kind: SeekKind;
  target: number;
  longestMs: number[];
  blockingMs: number[];
  latencyMs: number[];
}

export interface P2Data {
  rounds: number;
  events: number;
  userAgent: string;
  /** Per round: the open before the seeks (the same measure as P1's viewer arm). */
  openMs: number[];
  seeks: SeekSeries[];
}

// Installed in the viewer page and in its replay frame (both run on the viewer's renderer main
// thread: a task in the frame is reported in both, so the maximum over both counts it once).
const OBSERVE_LONG_TASKS = `(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      window.__longTasks.push({ start: performance.timeOrigin + entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
})()`;

// In the viewer page: when the click reached the bar and when the frame next reported the time.
const WATCH_SEEKS = `(() => {
  window.__seek = { clickAt: 0, doneAt: 0 };
  document.querySelector('.timeline-bar').addEventListener('click', (event) => {
    window.__seek = { clickAt: event.timeStamp, doneAt: 0 };
  }, { capture: true });
  addEventListener('message', (event) => {
    if (event.data && event.data.type === 'time' && window.__seek.clickAt && !window.__seek.doneAt)
      window.__seek.doneAt = performance.now();
  });
})()`;

// A polled promise, not page.waitForFunction: the extension's CSP forbids the eval that uses.
const SEEK_DONE = `new Promise((resolve, reject) => {
  const started = performance.now();
  const check = () => {
    if (window.__seek.doneAt > 0) resolve();
    else if (performance.now() - started > 60000) reject(new Error('The seek never finished.'));
    else setTimeout(check, 10);
  };
  check();
})`;

const NEXT_FRAME_AND_TASK = `new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))`;
const NOW = 'performance.timeOrigin + performance.now()';

async function longTasksSince(target: Page | Frame, since: number): Promise<number[]> {
  return target.evaluate<number[]>(
    `window.__longTasks.filter((t) => t.start >= ${since}).map((t) => t.duration)`,
  );
}

const blockingOf = (durations: readonly number[]) =>
  durations.reduce((sum, d) => sum + Math.max(0, d - 50), 0);

/** Clicks the timeline bar at `share` of its width; waits until the seek is done and settled. */
async function seek(page: Page, frame: Frame, share: number): Promise<SeekSample> {
  const bar = await page.locator('.timeline-bar').boundingBox();
  if (!bar) throw new Error('No timeline bar.');
  await page.evaluate(NEXT_FRAME_AND_TASK);
  const since = await page.evaluate<number>(NOW);
  await page.mouse.click(
    bar.x + Math.min(share * bar.width, bar.width - EDGE_PX),
    bar.y + bar.height / 2,
  );
  await page.evaluate(SEEK_DONE);
  // Everything the seek set off (rrweb's flush, the viewer's re-render, the paint) has run, and
  // the long-task entries have been delivered to the observers.
  await frame.evaluate(NEXT_FRAME_AND_TASK);
  await page.evaluate(NEXT_FRAME_AND_TASK);
  await page.waitForTimeout(150);
  const { clickAt, doneAt } = await page.evaluate<{ clickAt: number; doneAt: number }>(
    'window.__seek',
  );
  // A task in the frame is reported to both observers: take each figure from the one that saw more.
  const inPage = await longTasksSince(page, since);
  const inFrame = await longTasksSince(frame, since);
  return {
    longestMs: Math.max(0, ...inPage, ...inFrame),
    blockingMs: Math.max(blockingOf(inPage), blockingOf(inFrame)),
    latencyMs: doneAt - clickAt,
  };
}

async function run(context: ScenarioContext): Promise<P2Data> {
  const server = await startBenchServer();
  const viewer = await launchWithExtension();
  try {
    context.log(`seeding a ${P2_EVENTS}-event session …`);
    const [session] = await prepareSessions(viewer, server, [P2_EVENTS]);
    const seeks: SeekSeries[] = [
      ...TARGETS.map((target) => ({ kind: 'forward' as const, target })),
      ...TARGETS.filter((t) => t < 1).map((target) => ({ kind: 'back' as const, target })),
    ].map((s) => ({ ...s, longestMs: [], blockingMs: [], latencyMs: [] }));
    const openMs: number[] = [];
    let userAgent = '';
    for (let r = 0; r <= context.rounds; r += 1) {
      const label = r === 0 ? 'warm-up' : `round ${r}/${context.rounds}`;
      const page = await viewer.context.newPage();
      try {
        const opened = await openUntilLoaded(page, viewerUrl(viewer, session!.id));
        userAgent ||= await page.evaluate<string>('navigator.userAgent');
        const frame = replayFrameOf(page);
        if (!frame) throw new Error('No replay frame in the viewer.');
        // The bar comes with the panels, once the rest of the events has streamed in and been
        // analyzed (a second or so after the first frame at 200k): a person clicks it then.
        await page.locator('.timeline-bar').waitFor({ timeout: 60_000 });
        await page.evaluate(OBSERVE_LONG_TASKS);
        await frame.evaluate(OBSERVE_LONG_TASKS);
        await page.evaluate(WATCH_SEEKS);
        const samples: SeekSample[] = [];
        // In order along the timeline, each seek from the previous one: rrweb applies only the
        // events in between.
        for (const target of TARGETS) samples.push(await seek(page, frame, target));
        // Back from the end: rrweb rebuilds from the full snapshot and applies every event
        // up to the target (a jump back, or a deep link's first seek, pays this).
        for (const target of TARGETS.filter((t) => t < 1)) {
          await seek(page, frame, 1);
          samples.push(await seek(page, frame, target));
        }
        context.log(
          `${label}: open ${opened.loadedMs.toFixed(0)} ms; longest task per seek ` +
            samples
              .map(
                (s, i) => `${seeks[i]!.kind} ${seeks[i]!.target * 100}% ${s.longestMs.toFixed(0)}`,
              )
              .join(', ') +
            ' ms',
        );
        if (r === 0) continue;
        openMs.push(round(opened.loadedMs));
        for (const [i, sample] of samples.entries()) {
          seeks[i]!.longestMs.push(round(sample.longestMs));
          seeks[i]!.blockingMs.push(round(sample.blockingMs));
          seeks[i]!.latencyMs.push(round(sample.latencyMs));
        }
      } finally {
        await page.close();
      }
    }
    return { rounds: context.rounds, events: P2_EVENTS, userAgent, openMs, seeks };
  } finally {
    await viewer.close();
    await server.close();
  }
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

function spreadCell(values: readonly number[]): string {
  const s = spread(values);
  return `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;
}

function render(data: P2Data): string {
  const lines = [
    `## P2 — seeking in a ${data.events / 1000}k-event session (viewer)`,
    '',
    `${data.rounds} measured rounds after a warm-up, each in a fresh viewer tab. A seek is a click on the timeline bar; ` +
      `long tasks (> 50 ms) from the Long Tasks API, observed in the viewer page and its replay frame (one main thread). ` +
      `Cells: median (min–max) in ms; “–” below 50 ms means no long task. ${data.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? ''}`,
    '',
    `| seek | longest task (target ≤ ${TARGET_LONGEST_TASK_MS}) | blocking time (> 50 ms) | click → frame at the new position |`,
    '|---|--:|--:|--:|',
  ];
  for (const s of data.seeks) {
    const what =
      s.kind === 'forward'
        ? `to ${s.target * 100}%, from ${s.target === 0.25 ? '0%' : `${(s.target - 0.25) * 100}%`}`
        : `back to ${s.target * 100}%, from 100%`;
    const longest = median(s.longestMs);
    lines.push(
      `| ${what} | ${longest === 0 ? '–' : spreadCell(s.longestMs)} ${longest <= TARGET_LONGEST_TASK_MS ? '✓' : '✗'} | ` +
        `${spreadCell(s.blockingMs)} | ${spreadCell(s.latencyMs)} |`,
    );
  }
  lines.push('', `Opening the session before the seeks: ${spreadCell(data.openMs)} ms.`);
  return lines.join('\n');
}

function targets(data: P2Data): TargetCheck[] {
  const longest = data.seeks.map((s) => median(s.longestMs));
  const worst = Math.max(...longest);
  return [
    {
      target: `seek in ${data.events / 1000}k events: longest task ≤ ${TARGET_LONGEST_TASK_MS} ms`,
      result: `worst seek ${worst.toFixed(0)} ms; ${longest.filter((v) => v <= TARGET_LONGEST_TASK_MS).length} of ${longest.length} seeks within`,
      met: worst <= TARGET_LONGEST_TASK_MS,
    },
  ];
}

export const p2Seek: Scenario<P2Data> = {
  id: 'P2',
  title: 'Seeking in a 200k-event session',
  run,
  render,
  targets,
};
