import { describe, expect, it } from 'vitest';
import {
  COMMIT_MEASURE,
  createCommitTiming,
  MAX_COMMIT_MEASURES,
  type MeasureTimeline,
} from '../../shared/delivery/commit-timing';

function fakeTimeline() {
  const measures: Array<{ name: string; start: number; end: number; detail: unknown }> = [];
  let clock = 0;
  const timeline: MeasureTimeline = {
    now: () => clock,
    measure: ((name: string, options: { start: number; end: number; detail: unknown }) => {
      measures.push({ name, ...options });
      return undefined as unknown as PerformanceMeasure;
    }) as Performance['measure'],
    clearMeasures: (name?: string) => {
      for (let i = measures.length - 1; i >= 0; i -= 1)
        if (!name || measures[i]!.name === name) measures.splice(i, 1);
    },
  };
  return { timeline, measures, advance: (ms: number) => (clock += ms) };
}

describe('createCommitTiming', () => {
  it('records each commit from its start to now, with its size', () => {
    const { timeline, measures, advance } = fakeTimeline();
    const measure = createCommitTiming(timeline);
    advance(100);
    measure(90, { chars: 2048, events: 3 });
    expect(measures).toEqual([
      { name: COMMIT_MEASURE, start: 90, end: 100, detail: { chars: 2048, events: 3 } },
    ]);
  });

  it('keeps the timeline bounded: past the cap it starts again', () => {
    const { timeline, measures } = fakeTimeline();
    const measure = createCommitTiming(timeline);
    for (let i = 0; i < MAX_COMMIT_MEASURES + 5; i += 1) measure(0, { chars: i, events: 1 });
    expect(measures).toHaveLength(5);
    expect(measures[0]!.detail).toEqual({ chars: MAX_COMMIT_MEASURES, events: 1 });
  });
});
