import { describe, expect, it } from 'vitest';
import { handOverTexts } from '../../shared/delivery/hand-over-texts';
import { TABREEL_TAG } from '../../shared/events/tabreel-events';

const event = (timestamp: number, size = 10) => ({ timestamp, data: 'x'.repeat(size) });
const stringify = (value: unknown) => JSON.stringify(value);
const options = (maxChars: number, maxEventChars?: number) => ({
  maxChars,
  stringify,
  now: () => 42,
  maxEventChars,
});
const read = (texts: ReturnType<typeof handOverTexts>) =>
  texts.map(({ count, text }) => ({
    count,
    timestamps: (JSON.parse(text) as Array<{ timestamp: number }>).map((e) => e.timestamp),
  }));

describe("the recorder's hand-over texts", () => {
  it('joins a small batch into one array text', () => {
    const texts = handOverTexts([event(1), event(2), event(3)], options(1000));
    expect(read(texts)).toEqual([{ count: 3, timestamps: [1, 2, 3] }]);
  });

  it('cuts a large batch into texts of at most the size given, in order', () => {
    const events = [1, 2, 3, 4, 5].map((t) => event(t, 40)); // 65 characters each
    const texts = handOverTexts(events, options(140));
    expect(read(texts)).toEqual([
      { count: 2, timestamps: [1, 2] },
      { count: 2, timestamps: [3, 4] },
      { count: 1, timestamps: [5] },
    ]);
    for (const { text } of texts) expect(text.length).toBeLessThanOrEqual(140);
  });

  it('sends an event larger than the size alone', () => {
    const texts = handOverTexts([event(1), event(2, 500), event(3)], options(100));
    expect(read(texts)).toEqual([
      { count: 1, timestamps: [1] },
      { count: 1, timestamps: [2] },
      { count: 1, timestamps: [3] },
    ]);
  });

  it('leaves out only an event that is not JSON', () => {
    const events = [event(1), { timestamp: 2, data: 10n }, event(3)];
    const texts = handOverTexts(events, options(1000));
    expect(read(texts)).toEqual([{ count: 2, timestamps: [1, 3] }]);
    expect(handOverTexts([{ timestamp: 2, data: 10n }], options(1000))).toEqual([]);
  });

  it('keeps the place of an event too large to deliver, as a dropped marker', () => {
    const large = event(2, 300);
    const texts = handOverTexts([event(1), large, event(3)], options(1000, 200));
    expect(texts.map((t) => t.count)).toEqual([3]);
    const [first, dropped, last] = JSON.parse(texts[0]!.text) as Array<{
      timestamp: number;
      data: { tag: string; payload: { reason: string; chars: number } };
    }>;
    expect(first!.timestamp).toBe(1);
    expect(dropped!.data.tag).toBe(TABREEL_TAG.dropped);
    expect(dropped!.data.payload).toEqual({
      reason: 'too-large',
      chars: JSON.stringify(large).length,
    });
    expect(dropped!.timestamp).toBe(42);
    expect(last!.timestamp).toBe(3);
  });
});
