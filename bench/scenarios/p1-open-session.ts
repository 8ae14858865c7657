// P1: how long opening a session takes in the viewer, against bare rrweb opening the same events.
// Method: docs/benchmarks.md.
import { startBenchServer, type BenchServer } from '../support/bench-server';
import type { Scenario, ScenarioContext, TargetCheck } from '../support/scenario';
import { median, medianRatio, round, spread } from '../support/stats';
import {
  between,
  launchViewerArms,
  marksOnceSet,
  openUntilLoaded,
  prepareSessions,
  viewerUrl,
  type BenchSession,
  type Mark,
  type ViewerArm,
} from '../support/viewer-bench';

export const P1_SIZES = [10_000, 50_000, 200_000] as const;
/** Issue targets: a 50k-event session opens within 1 s, and within 1.15× bare rrweb at every size. */
export const TARGET_OPEN_50K_MS = 1000;
export const TARGET_VIEWER_OVER_BARE = 1.15;

type ArmId = 'viewer' | 'bare';
/** Every event is in the replay frame, and the panels are up (player-store, session-route). */
const SETTLED_MARKS = ['tabreel:replay-complete', 'tabreel:view-read'];
const ARMS: readonly ArmId[] = ['viewer', 'bare'];
const ARM_LABELS: Record<ArmId, string> = {
  viewer: 'viewer (extension)',
  bare: 'bare rrweb Replayer',
};

/** The viewer's way to its first frame, mark to mark (viewer/routes, state, replay), in order. */
export const VIEWER_STEPS = [
  // The page and its modules, then the read (its marks: the chain to the first chunk's text):
  {
    id: 'boot',
    label: 'viewer page + modules loaded and evaluated',
    from: null,
    to: 'tabreel:viewer-evaluated',
  },
  {
    id: 'open',
    label: 'database open (from the free-space check, during the first render)',
    from: 'tabreel:viewer-evaluated',
    to: 'tabreel:db-opened',
  },
  {
    id: 'rows',
    label: 'first chunk rows read (the route asks after the first paint)',
    from: 'tabreel:db-opened',
    to: 'tabreel:first-rows-read',
  },
  {
    id: 'inflate',
    label: 'inflate them (not parsed)',
    from: 'tabreel:first-rows-read',
    to: 'tabreel:first-inflated',
  },
  {
    id: 'row',
    label: "the session's row and assets as well",
    from: 'tabreel:first-inflated',
    to: 'tabreel:events-read',
  },
  {
    id: 'join',
    label: 'copy them for the frame',
    from: 'tabreel:events-read',
    to: 'tabreel:replay-load-requested',
  },
  {
    id: 'frame',
    label: 'wait for the replay frame',
    from: 'tabreel:replay-load-requested',
    to: 'tabreel:replay-frame-ready',
  },
  {
    id: 'post',
    label: 'postMessage',
    from: 'tabreel:replay-frame-ready',
    to: 'tabreel:replay-load-posted',
  },
  {
    id: 'receive',
    label: 'message delivered',
    from: 'tabreel:replay-load-posted',
    to: 'tabreel:frame-message',
  },
  {
    id: 'parse',
    label: 'decode + parse in the frame',
    from: 'tabreel:frame-message',
    to: 'tabreel:frame-parsed',
  },
  {
    id: 'sanitize',
    label: 'sanitize',
    from: 'tabreel:frame-parsed',
    to: 'tabreel:frame-sanitized',
  },
  {
    id: 'build',
    label: 'new Replayer',
    from: 'tabreel:frame-sanitized',
    to: 'tabreel:frame-replayer-built',
  },
  {
    id: 'pause',
    label: 'pause(0): first frame built',
    from: 'tabreel:frame-replayer-built',
    to: 'tabreel:frame-paused',
  },
  {
    id: 'back',
    label: '“loaded” back to the viewer',
    from: 'tabreel:frame-paused',
    to: 'tabreel:replay-loaded',
  },
  // After the first frame, while the person already sees it (not part of the time above):
  {
    id: 'rest',
    label: 'then: the rest streams into the frame',
    from: 'tabreel:replay-loaded',
    to: 'tabreel:replay-complete',
  },
  {
    id: 'analyze',
    label: 'then: parse + analyze for the panels',
    from: 'tabreel:replay-loaded',
    to: 'tabreel:analyzed',
  },
] as const;

export const BARE_STEPS = [
  { id: 'fetch', label: 'fetch + parse JSON', from: null, to: 'bare:parsed' },
  { id: 'build', label: 'new Replayer', from: 'bare:parsed', to: 'bare:built' },
  { id: 'pause', label: 'pause(0)', from: 'bare:built', to: 'tabreel:replay-loaded' },
] as const;

interface SizeSeries {
  events: number;
  rawBytes: number;
  storedBytes: number;
  chunks: number;
  /** Time to the first replay frame from navigation start, one value per measured round. */
  loadedMs: Record<ArmId, number[]>;
  /** CPU of all the arm's Chromium processes from opening the tab to the first frame (/proc). */
  cpuMs: Record<ArmId, number[]>;
  /** Per step id, one value per measured round. */
  viewerSteps: Record<string, number[]>;
  bareSteps: Record<string, number[]>;
}

export interface P1Data {
  rounds: number;
  userAgent: string;
  sizes: SizeSeries[];
}

function stepsOf(
  marks: readonly Mark[],
  steps: ReadonlyArray<{ id: string; from: string | null; to: string }>,
): Record<string, number> {
  return Object.fromEntries(
    steps.map((step) => [
      step.id,
      step.from === null
        ? (marks.find((m) => m.name === step.to)?.at ?? NaN)
        : // A frame ready before the chunks were read was waited for 0 ms, not less.
          Math.max(0, between(marks, step.from, step.to)),
    ]),
  );
}

async function openOnce(
  arm: ArmId,
  { browser, cpuMs }: ViewerArm,
  server: BenchServer,
  session: BenchSession,
): Promise<{ loadedMs: number; cpuMs: number; marks: Mark[]; userAgent: string }> {
  const cpuBefore = cpuMs();
  const page = await browser.context.newPage();
  try {
    const url =
      arm === 'viewer'
        ? viewerUrl(browser, session.id)
        : server.url(`bare-replayer.html?events=${encodeURIComponent(session.jsonPath)}`);
    const opened = await openUntilLoaded(page, url);
    const cpu = cpuMs() - cpuBefore;
    // Not timed: the steps after the first frame (the rest streaming in, the panels).
    const marks = arm === 'viewer' ? await marksOnceSet(page, SETTLED_MARKS) : opened.marks;
    return {
      ...opened,
      marks,
      cpuMs: cpu,
      userAgent: await page.evaluate<string>('navigator.userAgent'),
    };
  } finally {
    await page.close();
  }
}

async function run(context: ScenarioContext): Promise<P1Data> {
  const server = await startBenchServer();
  const browsers = await launchViewerArms();
  try {
    context.log(`seeding ${P1_SIZES.join(', ')}-event sessions …`);
    const sessions = await prepareSessions(browsers.viewer.browser, server, P1_SIZES);
    const series: SizeSeries[] = sessions.map((s) => ({
      events: s.events,
      rawBytes: s.rawBytes,
      storedBytes: s.storedBytes,
      chunks: s.chunks,
      loadedMs: { viewer: [], bare: [] },
      cpuMs: { viewer: [], bare: [] },
      viewerSteps: Object.fromEntries(VIEWER_STEPS.map((step) => [step.id, []])),
      bareSteps: Object.fromEntries(BARE_STEPS.map((step) => [step.id, []])),
    }));
    let userAgent = '';
    for (let r = 0; r <= context.rounds; r += 1) {
      const label = r === 0 ? 'warm-up' : `round ${r}/${context.rounds}`;
      const line: string[] = [];
      for (const [i, session] of sessions.entries()) {
        for (const arm of ARMS) {
          const opened = await openOnce(arm, browsers[arm], server, session);
          userAgent ||= opened.userAgent;
          line.push(`${session.events / 1000}k ${arm} ${opened.loadedMs.toFixed(0)}`);
          if (r === 0) continue;
          const target = series[i]!;
          target.loadedMs[arm].push(round(opened.loadedMs));
          target.cpuMs[arm].push(round(opened.cpuMs, 0));
          const steps = arm === 'viewer' ? VIEWER_STEPS : BARE_STEPS;
          const into = arm === 'viewer' ? target.viewerSteps : target.bareSteps;
          for (const [id, value] of Object.entries(stepsOf(opened.marks, steps)))
            into[id]!.push(round(value));
        }
      }
      context.log(`${label}: ${line.join(', ')} ms`);
    }
    return { rounds: context.rounds, userAgent, sizes: series };
  } finally {
    await browsers.viewer.browser.close();
    await browsers.bare.browser.close();
    await server.close();
  }
}

const ms = (value: number) =>
  Number.isNaN(value) ? '–' : value >= 100 ? value.toFixed(0) : value.toFixed(1);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const mark = (ok: boolean) => (ok ? '✓' : '✗');

function spreadCell(values: readonly number[]): string {
  const s = spread(values);
  return `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;
}

function render(data: P1Data): string {
  const lines = [
    `## P1 — opening a session: viewer vs bare rrweb Replayer`,
    '',
    `${data.rounds} measured rounds after a warm-up; in every round each size is opened in the viewer, then by bare rrweb, each in a fresh tab. ` +
      `Time from navigation start to the first replay frame (\`tabreel:replay-loaded\`). Cells: median (min–max) in ms; ` +
      `ratio: median of the per-round ratios. ${data.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? ''}`,
    '',
    `| session | raw JSON → stored | ${ARMS.map((a) => ARM_LABELS[a]).join(' | ')} | viewer ÷ bare (target ≤ ${TARGET_VIEWER_OVER_BARE.toFixed(2)}) |`,
    `|---|--:|--:|--:|--:|`,
  ];
  for (const size of data.sizes) {
    const ratio = medianRatio(size.loadedMs.viewer, size.loadedMs.bare);
    const viewer = median(size.loadedMs.viewer);
    const budget =
      size.events === 50_000 ? ` ${mark(viewer <= TARGET_OPEN_50K_MS)} (target ≤ 1 s)` : '';
    lines.push(
      `| ${size.events / 1000}k events | ${mb(size.rawBytes)} → ${mb(size.storedBytes)} (${size.chunks} chunks) | ` +
        `${spreadCell(size.loadedMs.viewer)}${budget} | ${spreadCell(size.loadedMs.bare)} | ` +
        `${ratio.toFixed(2)} ${mark(ratio <= TARGET_VIEWER_OVER_BARE)} |`,
    );
  }
  lines.push(
    '',
    `### CPU to the first frame (all the arm's Chromium processes, /proc; less sensitive to other load than time)`,
    '',
    `| session | ${ARMS.map((a) => ARM_LABELS[a]).join(' | ')} | viewer ÷ bare |`,
    `|---|--:|--:|--:|`,
  );
  for (const size of data.sizes) {
    lines.push(
      `| ${size.events / 1000}k events | ${spreadCell(size.cpuMs.viewer)} | ${spreadCell(size.cpuMs.bare)} | ` +
        `${medianRatio(size.cpuMs.viewer, size.cpuMs.bare).toFixed(2)} |`,
    );
  }
  const sizes = data.sizes.map((s) => `${s.events / 1000}k`);
  lines.push(
    '',
    `### Where the viewer's time goes (medians, ms; marks in viewer/routes/session-route.tsx, viewer/state/player-store.ts, viewer/replay/replay-frame.ts)`,
    '',
    `| step | ${sizes.join(' | ')} |`,
    `|---|${sizes.map(() => '--:').join('|')}|`,
  );
  for (const step of VIEWER_STEPS) {
    lines.push(
      `| ${step.label} | ${data.sizes.map((s) => ms(median(s.viewerSteps[step.id] ?? []))).join(' | ')} |`,
    );
  }
  lines.push(
    '',
    `### Bare rrweb, the same steps (medians, ms)`,
    '',
    `| step | ${sizes.join(' | ')} |`,
    `|---|${sizes.map(() => '--:').join('|')}|`,
  );
  for (const step of BARE_STEPS) {
    lines.push(
      `| ${step.label} | ${data.sizes.map((s) => ms(median(s.bareSteps[step.id] ?? []))).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

function targets(data: P1Data): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const size of data.sizes) {
    const ratio = medianRatio(size.loadedMs.viewer, size.loadedMs.bare);
    if (size.events === 50_000) {
      const viewer = median(size.loadedMs.viewer);
      checks.push({
        target: `open a 50k-event session ≤ ${TARGET_OPEN_50K_MS} ms`,
        result: `${viewer.toFixed(0)} ms`,
        met: viewer <= TARGET_OPEN_50K_MS,
      });
    }
    checks.push({
      target: `open ${size.events / 1000}k events: viewer ÷ bare rrweb ≤ ${TARGET_VIEWER_OVER_BARE}`,
      result: ratio.toFixed(2),
      met: ratio <= TARGET_VIEWER_OVER_BARE,
    });
  }
  return checks;
}

export const p1OpenSession: Scenario<P1Data> = {
  id: 'P1',
  title: 'Opening a session: viewer vs bare rrweb Replayer',
  run,
  render,
  targets,
};
