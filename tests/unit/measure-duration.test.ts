import { describe, expect, it } from 'vitest';
import { collectSignals } from '../../shared/analysis/collect-signals';
import { IDLE_GAP_MS, idleWithin, measureDuration } from '../../shared/analysis/measure-duration';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { at, timeline } from '../fixtures/timeline';

/** The duration of a session of `events`, from its first event to `end` (its last event unless told). */
function durationOf(events: readonly TimedEvent[], end = events.at(-1)!.timestamp) {
  return measureDuration(collectSignals(events).presence, events[0]!.timestamp, end);
}

/** Idle periods as `[from, to]` offsets, read like the timeline: `['5s', '1m5s']`. */
const idle = (...periods: Array<[string, string]>) =>
  periods.map(([start, end]) => ({ start: at(start), end: at(end) }));

describe('measureDuration', () => {
  it('counts a session without a gap over 10 s as all active', () => {
    expect(durationOf(timeline`load@0s click@8s mousemove@16s input@24s`)).toEqual({
      startedAt: at('0s'),
      endedAt: at('24s'),
      wallMs: 24_000,
      activeMs: 24_000,
      idleMs: 0,
      idlePeriods: [],
    });
  });

  it('counts a gap longer than 10 s as idle, whole', () => {
    expect(durationOf(timeline`load@0s click@5s click@1m5s`)).toEqual({
      startedAt: at('0s'),
      endedAt: at('1m5s'),
      wallMs: 65_000,
      activeMs: 5000,
      idleMs: 60_000,
      idlePeriods: idle(['5s', '1m5s']),
    });
  });

  it('is not idle at exactly 10 s, only past it', () => {
    expect(IDLE_GAP_MS).toBe(10_000);
    const duration = durationOf(timeline`load@0s click@10s click@20s1ms`);
    expect(duration.idlePeriods).toEqual(idle(['10s', '20s1ms']));
    expect(duration.activeMs).toBe(10_000);
  });

  it('counts the time from the last presence to the end (a tab left open, then closed)', () => {
    const duration = durationOf(timeline`load@0s click@5s`, at('5m'));
    expect(duration.idlePeriods).toEqual(idle(['5s', '5m']));
    expect([duration.wallMs, duration.activeMs]).toEqual([300_000, 5000]);
  });

  it('counts the time from the start to the first presence', () => {
    const duration = measureDuration([at('30s'), at('35s')], at('0s'), at('40s'));
    expect(duration.idlePeriods).toEqual(idle(['0s', '30s']));
  });

  it('does not take the page changing by itself for presence: mutations, script inputs and scrolls', () => {
    const events = timeline`load@0s mutation@5s input:script@10s scroll@15s selection@18s mousemove@25s`;
    expect(durationOf(events).idlePeriods).toEqual(idle(['0s', '25s']));
  });

  it('takes key presses, wheel scrolls, touches, mouse movement and page views for presence', () => {
    const events = timeline`load@0s key@9s wheel@18s mousemove@27s route(/b)@36s touchstart@45s click@54s`;
    expect(durationOf(events).idlePeriods).toEqual([]);
  });

  it('ignores presence outside the session', () => {
    expect(measureDuration([0, 50_000], 10_000, 40_000).idlePeriods).toEqual([
      { start: 10_000, end: 40_000 },
    ]);
  });

  it('gives an empty session no time at all', () => {
    expect(measureDuration([], 1000, 1000)).toEqual({
      startedAt: 1000,
      endedAt: 1000,
      wallMs: 0,
      activeMs: 0,
      idleMs: 0,
      idlePeriods: [],
    });
  });
});

describe('idleWithin', () => {
  const periods = [
    { start: 10, end: 20 },
    { start: 30, end: 50 },
  ];

  it('sums only the part of each idle period inside the range', () => {
    expect(idleWithin(periods, 15, 40)).toBe(5 + 10);
    expect(idleWithin(periods, 0, 100)).toBe(30);
    expect(idleWithin(periods, 20, 30)).toBe(0);
  });
});
