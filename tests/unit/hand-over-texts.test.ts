import { describe, expect, it } from 'vitest';
import { handOverTexts } from '../../shared/delivery/hand-over-texts';

const event = (timestamp: number, size = 10) => ({ timestamp, data: 'x'.repeat(size) });
const stringify = (value: unknown) => JSON.stringify(value);
const read = (texts: ReturnType<typeof handOverTexts>) =>
  texts.map(({ count, text }) => ({
    count,
    timestamps: (JSON.parse(text) as Array<{ timestamp: number }>).map((e) => e.timestamp),
  }));

describe("the recorder's hand-over texts", () => {
  it('joins a small batch into one array text', () => {
    const texts = handOverTexts([event(1), event(2), event(3)], 1000, stringify);
    expect(read(texts)).toEqual([{ count: 3, timestamps: [1, 2, 3] }]);
  });

  it('cuts a large batch into texts of at most the size given, in order', () => {
    const events = [1, 2, 3, 4, 5].map((t) => event(t, 40)); // 65 characters each
    const texts = handOverTexts(events, 140, stringify);
    expect(read(texts)).toEqual([
      { count: 2, timestamps: [1, 2] },
      { count: 2, timestamps: [3, 4] },
      { count: 1, timestamps: [5] },
    ]);
    for (const { text } of texts) expect(text.length).toBeLessThanOrEqual(140);
  });

  it('sends an event larger than the size alone', () => {
    const texts = handOverTexts([event(1), event(2, 500), event(3)], 100, stringify);
    expect(read(texts)).toEqual([
      { count: 1, timestamps: [1] },
      { count: 1, timestamps: [2] },
      { count: 1, timestamps: [3] },
    ]);
  });

  it('leaves out only an event that is not JSON', () => {
    const events = [event(1), { timestamp: 2, data: 10n }, event(3)];
    const texts = handOverTexts(events, 1000, stringify);
    expect(read(texts)).toEqual([{ count: 2, timestamps: [1, 3] }]);
    expect(handOverTexts([{ timestamp: 2, data: 10n }], 1000, stringify)).toEqual([]);
  });
});
