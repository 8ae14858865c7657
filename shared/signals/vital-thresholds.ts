import type { VitalName, VitalRating } from './signal-events';

/**
 * The web-vitals library's published thresholds (web.dev/articles/vitals): at or under `good` is
 * good, over `poor` is poor, between needs improvement. ms, except CLS (unitless).
 */
export const VITAL_THRESHOLDS: Record<VitalName, { good: number; poor: number }> = {
  LCP: { good: 2500, poor: 4000 },
  INP: { good: 200, poor: 500 },
  CLS: { good: 0.1, poor: 0.25 },
  FCP: { good: 1800, poor: 3000 },
  TTFB: { good: 800, poor: 1800 },
};

const RATING_ORDER: Record<VitalRating, number> = { good: 0, 'needs-improvement': 1, poor: 2 };

/** The worse of two ratings (null is no rating at all). */
export function worseRating(a: VitalRating | null, b: VitalRating | null): VitalRating | null {
  if (a === null) return b;
  if (b === null) return a;
  return RATING_ORDER[b] > RATING_ORDER[a] ? b : a;
}

/** `2.4 s`, `180 ms`, `0.31`: a vital's value as people quote it. */
export function formatVital(name: VitalName, value: number): string {
  if (name === 'CLS') return value.toFixed(2);
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}
