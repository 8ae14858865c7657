import { describe, expect, it } from 'vitest';
import { splitHandOver } from '../../shared/delivery/split-hand-over';
import { TABREEL_TAG } from '../../shared/events/tabreel-events';

const event = (timestamp: number, text: string) => ({ type: 5, timestamp, data: { text } });
const MAX = 200;

describe('a hand-over the relay takes', () => {
  it('stays as it is while it fits', () => {
    const text = JSON.stringify([event(1, 'a'), event(2, 'b')]);
    expect(splitHandOver(text, 2, 0, MAX)).toEqual([{ arrayText: text, count: 2 }]);
  });

  it('is split into one array per event when it does not, each event kept in order', () => {
    const events = [event(1, 'a'.repeat(80)), event(2, 'b'.repeat(80)), event(3, 'c')];
    const parts = splitHandOver(JSON.stringify(events), 3, 0, MAX);
    expect(parts.map((p) => p.count)).toEqual([1, 1, 1]);
    expect(parts.map((p) => JSON.parse(p.arrayText) as unknown)).toEqual(events.map((e) => [e]));
  });

  it('keeps the place of an event too large on its own, as a dropped marker', () => {
    const events = [event(1, 'a'), event(2, 'x'.repeat(300))];
    const parts = splitHandOver(JSON.stringify(events), 2, 42, MAX);
    expect(JSON.parse(parts[0]!.arrayText)).toEqual([events[0]]);
    const [dropped] = JSON.parse(parts[1]!.arrayText) as Array<{
      timestamp: number;
      data: { tag: string; payload: { reason: string; chars: number } };
    }>;
    expect(dropped!.data.tag).toBe(TABREEL_TAG.dropped);
    expect(dropped!.data.payload).toEqual({
      reason: 'too-large',
      chars: JSON.stringify(events[1]).length,
    });
    expect(dropped!.timestamp).toBe(42);
    const single = splitHandOver(JSON.stringify([events[1]]), 1, 42, MAX);
    expect(single).toHaveLength(1);
    expect(single[0]!.arrayText).toContain(TABREEL_TAG.dropped);
  });

  it('gives nothing for text that is not a JSON array', () => {
    expect(splitHandOver(`[${'x'.repeat(300)}]`, 2, 0, MAX)).toEqual([]);
  });
});
