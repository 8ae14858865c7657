import type { EndReason } from '../session/session-types';
import { rate, type AnalyzedSession } from './analyzed-session';
import { countBy } from './count-by';
import { percentile, sortedNumbers } from './percentile';
import type { Segment } from './segment';
import { binIndexOf, binsOf, type TimeBin } from './time-bins';

/** Duration histogram edges (ms): under 10 s, 10–30 s, …, 1 h and more. */
export const DURATION_EDGES_MS = [
  0, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000,
];
/** Pages-per-session buckets: 1, 2, 3, 4, 5 and more. */
export const PAGE_BUCKETS = [1, 2, 3, 4, 5];

export interface CountedSegment {
  label: string;
  count: number;
  segment: Segment;
}

export interface SessionsOverview {
  total: number;
  overTime: Array<TimeBin & { count: number }>;
  duration: {
    medianMs: number | null;
    p75Ms: number | null;
    p95Ms: number | null;
    histogram: Array<CountedSegment & { minMs: number; maxMs: number | null }>;
  };
  /** Sums over the sessions; idle is wall time minus active time. */
  activeMs: number;
  idleMs: number;
  pages: { mean: number; median: number | null; histogram: CountedSegment[] };
  bounce: { count: number; rate: number };
  endReasons: Array<{ reason: EndReason | 'unknown'; count: number; segment: Segment | null }>;
}

/** The sessions section of the overview; `edges` bound its time buckets (see time-bins.ts). */
export function aggregateSessions(
  sessions: readonly AnalyzedSession[],
  edges: readonly number[],
): SessionsOverview {
  const overTime = binsOf(edges).map((bin) => ({ ...bin, count: 0 }));
  let activeMs = 0;
  let wallMs = 0;
  let bounces = 0;
  for (const s of sessions) {
    const i = binIndexOf(edges, s.startedAt);
    if (i >= 0) overTime[i]!.count += 1;
    activeMs += s.summary.activeMs;
    wallMs += s.summary.wallMs;
    if (s.summary.bounce) bounces += 1;
  }
  const walls = sortedNumbers(sessions.map((s) => s.summary.wallMs));
  const pages = sortedNumbers(sessions.map((s) => s.summary.pages));
  const durationHistogram = DURATION_EDGES_MS.map((minMs, i) => {
    const maxMs = DURATION_EDGES_MS[i + 1] ?? null;
    return {
      minMs,
      maxMs,
      label: durationLabel(minMs, maxMs),
      count: walls.filter((w) => w >= minMs && (maxMs === null || w < maxMs)).length,
      segment: { kind: 'range', field: 'wallMs', min: minMs, max: maxMs } as Segment,
    };
  });
  const pageHistogram = PAGE_BUCKETS.map((min, i) => {
    const last = i === PAGE_BUCKETS.length - 1;
    const max = last ? null : min + 1;
    return {
      label: last ? `${min}+` : String(min),
      count: pages.filter((p) => p >= min && (max === null || p < max)).length,
      segment: { kind: 'range', field: 'pages', min, max } as Segment,
    };
  });
  return {
    total: sessions.length,
    overTime,
    duration: {
      medianMs: percentile(walls, 50),
      p75Ms: percentile(walls, 75),
      p95Ms: percentile(walls, 95),
      histogram: durationHistogram,
    },
    activeMs,
    idleMs: Math.max(0, wallMs - activeMs),
    pages: {
      mean: rate(
        pages.reduce((a, b) => a + b, 0),
        pages.length,
      ),
      median: percentile(pages, 50),
      histogram: pageHistogram,
    },
    bounce: { count: bounces, rate: rate(bounces, sessions.length) },
    endReasons: countBy(sessions, (s) => s.endReason ?? 'unknown').map(({ key, count }) => ({
      reason: key as EndReason | 'unknown',
      count,
      segment: key === 'unknown' ? null : { kind: 'endReason', reason: key as EndReason },
    })),
  };
}

function short(ms: number): string {
  return ms >= 3_600_000
    ? `${ms / 3_600_000} h`
    : ms >= 60_000
      ? `${ms / 60_000} min`
      : `${ms / 1000} s`;
}

function durationLabel(minMs: number, maxMs: number | null): string {
  if (maxMs === null) return `≥ ${short(minMs)}`;
  if (minMs === 0) return `< ${short(maxMs)}`;
  return `${short(minMs)}–${short(maxMs)}`;
}
