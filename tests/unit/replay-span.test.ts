import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../shared/analysis/analyze-session';
import { clampSessionEnd, MAX_IDLE_TAIL_MS, replaySpan } from '../../shared/replay/replay-span';
import { buildReplayTimeline } from '../../shared/replay/replay-timeline';
import { sessionEndEvent } from '../../shared/replay/session-end-event';
import { at, timeline } from '../fixtures/timeline';

describe('replaySpan', () => {
  it('runs from the first event to the session’s end, past its last event', () => {
    expect(replaySpan(at('0s'), at('3s'), at('5s'))).toEqual({
      origin: at('0s'),
      eventsMs: 3000,
      totalMs: 5000,
    });
  });

  it('ends at the last event while the session records (no end yet)', () => {
    expect(replaySpan(at('1s'), at('4s'), null)).toEqual({
      origin: at('1s'),
      eventsMs: 3000,
      totalMs: 3000,
    });
  });

  it('never ends before its own events: an end before the last (or the first) event is the last', () => {
    expect(replaySpan(at('1s'), at('4s'), at('2s')).totalMs).toBe(3000);
    expect(replaySpan(at('1s'), at('4s'), at('0s')).totalMs).toBe(3000);
    expect(replaySpan(at('1s'), at('4s'), at('0s') - 7_200_000).totalMs).toBe(3000);
  });

  it('takes an end that is not a number as the last event', () => {
    for (const end of [NaN, Infinity, -Infinity])
      expect(replaySpan(at('1s'), at('4s'), end).totalMs).toBe(3000);
  });

  it('cuts an idle tail longer than any recording can have at MAX_IDLE_TAIL_MS', () => {
    expect(MAX_IDLE_TAIL_MS).toBe(24 * 3_600_000);
    expect(replaySpan(at('0s'), at('3s'), at('3s') + MAX_IDLE_TAIL_MS).totalMs).toBe(
      3000 + MAX_IDLE_TAIL_MS,
    );
    expect(replaySpan(at('0s'), at('3s'), at('3d')).totalMs).toBe(3000 + MAX_IDLE_TAIL_MS);
  });
});

describe('clampSessionEnd', () => {
  it('keeps an end within reach of the events as it is', () => {
    expect(clampSessionEnd(at('29m'), at('3s'))).toBe(at('29m'));
    expect(clampSessionEnd(at('3s'), at('3s'))).toBe(at('3s'));
  });
});

describe('the timeline of a session whose tab stayed open after its last event', () => {
  const events = timeline`load@0s click@1s mutation@2s mousemove@3s`;
  const endedAt = at('20s');
  const analysis = analyzeSession(events, { startedAt: at('0s'), endedAt });

  it('spans the duration the header states, the idle tail shaded to the end', () => {
    const built = buildReplayTimeline(events, analysis, endedAt);
    expect(analysis.duration.wallMs).toBe(20_000);
    expect(built.totalMs).toBe(analysis.duration.wallMs);
    expect(built.idle).toEqual([{ from: 3000, to: 20_000 }]);
  });

  it('shades nothing past its end when the analysis reaches further than the replay', () => {
    // An analysis over a longer end (stored before the end was clamped): the replay still ends at 3 s.
    const built = buildReplayTimeline(events, analysis, null);
    expect(built.totalMs).toBe(3000);
    expect(built.idle).toEqual([]);
  });
});

describe('sessionEndEvent', () => {
  it('is a scroll of no node (rrweb applies it as nothing) at the end', () => {
    expect(sessionEndEvent(at('20s'))).toEqual({
      type: 3,
      timestamp: at('20s'),
      data: { source: 3, id: -1, x: 0, y: 0 },
    });
  });
});
