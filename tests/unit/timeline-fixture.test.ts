import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { customPayload, customTag, TABREEL_TAG } from '../../shared/events/tabreel-events';
import {
  at,
  describeTimeline,
  duration,
  ORIGIN,
  T0,
  timeline,
  timelineFrom,
} from '../fixtures/timeline';

// The fixture every sessionizer test stands on: if it lies, they all do.
describe('the timeline fixture', () => {
  it('reads durations with combined units', () => {
    expect(duration('0s')).toBe(0);
    expect(duration('31m1s')).toBe(31 * 60_000 + 1000);
    expect(duration('29m59s999ms')).toBe(30 * 60_000 - 1);
    expect(duration('1d2h')).toBe(26 * 3_600_000);
    expect(() => duration('31 minutes')).toThrow(/Not a duration/);
  });

  it('turns a load into the page view, Meta and FullSnapshot the recorder sends', () => {
    const [view, meta, snapshot, ...rest] = timeline`load(/a?utm_campaign=x)@2s`;
    expect(rest).toEqual([]);
    expect(customTag(view!)).toBe(TABREEL_TAG.page);
    expect(customPayload(view!)).toMatchObject({ kind: 'load', url: `${ORIGIN}/a?utm_campaign=x` });
    expect(meta).toMatchObject({ type: EventType.Meta, timestamp: T0 + 2000 });
    expect(snapshot).toMatchObject({ type: EventType.FullSnapshot, timestamp: T0 + 2000 });
  });

  it('builds rrweb incremental events for user actions and passive changes', () => {
    const [click, input, scripted, mutation] =
      timeline`click@0s input@1s input:script@2s mutation@3s`;
    expect(click!.data).toMatchObject({
      source: IncrementalSource.MouseInteraction,
      type: MouseInteractions.Click,
    });
    expect(input!.data).toMatchObject({ source: IncrementalSource.Input, userTriggered: true });
    expect(scripted!.data).toMatchObject({ source: IncrementalSource.Input, userTriggered: false });
    expect(mutation!.data).toMatchObject({ source: IncrementalSource.Mutation });
  });

  it('places tokens at absolute (@), relative (+) and inherited times, and idle emits nothing', () => {
    const events = timeline`click@1s scroll+2s key idle@31m click+1s`;
    expect(events.map((e) => e.timestamp - T0)).toEqual([1000, 3000, 3000, 31 * 60_000 + 1000]);
  });

  it('repeats a token over a range', () => {
    const events = timeline`mutation@10s..1m/10s`;
    expect(events.map((e) => e.timestamp)).toEqual(
      ['10s', '20s', '30s', '40s', '50s', '1m'].map((t) => at(t)),
    );
  });

  it('takes interpolated values and another base time', () => {
    const midnight = Date.UTC(2025, 0, 16);
    const events = timelineFrom(midnight)`click@${'5s'}`;
    expect(events[0]!.timestamp).toBe(midnight + 5000);
  });

  it('refuses what it cannot read', () => {
    expect(() => timeline`clik@0s`).toThrow(/Unknown timeline kind/);
    expect(() => timeline`mark:later@0s`).toThrow(/mark:manual/);
    expect(() => timeline`click@two`).toThrow(/Cannot read/);
  });

  it('describes events back in its own syntax', () => {
    const text =
      'load@0s click@2s input:script@3s route(/b)@4s mark:manual@1h snapshot@1h key@1h1ms';
    expect(describeTimeline(timeline(text))).toBe(text);
    expect(describeTimeline(timeline`load(/a)@0s`.slice(0, 1))).toBe('lone-load(/a)@0s');
  });
});
