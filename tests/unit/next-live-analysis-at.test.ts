import { describe, expect, it } from 'vitest';
import {
  LIVE_ANALYSIS_MIN_GAP_MS,
  nextLiveAnalysisAt,
} from '../../shared/replay/next-live-analysis-at';

const T = 1_000_000;

describe('nextLiveAnalysisAt', () => {
  it('analyzes at once the first time, and as soon as the session ended', () => {
    expect(nextLiveAnalysisAt(null, T, false)).toBe(T);
    expect(nextLiveAnalysisAt({ startedAt: T - 10, costMs: 500 }, T, true)).toBe(T);
  });

  it('waits the minimum gap after a cheap analysis', () => {
    expect(nextLiveAnalysisAt({ startedAt: T, costMs: 5 }, T + 200, false)).toBe(
      T + LIVE_ANALYSIS_MIN_GAP_MS,
    );
  });

  it('waits five times what an expensive analysis cost, so it takes a fifth of the thread at most', () => {
    expect(nextLiveAnalysisAt({ startedAt: T, costMs: 400 }, T + 500, false)).toBe(T + 2000);
  });

  it('never answers a moment already past', () => {
    expect(nextLiveAnalysisAt({ startedAt: T, costMs: 5 }, T + 5000, false)).toBe(T + 5000);
  });
});
