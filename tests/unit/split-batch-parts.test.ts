import { describe, expect, it } from 'vitest';
import { splitBatchParts } from '../../shared/delivery/split-batch-parts';

describe('splitBatchParts: a joined batch taken apart by the lengths the relay sent', () => {
  const a = '[{"a":1}]';
  const b = '[{"b":2},{"b":3}]';
  const c = '[]';
  const join = (...texts: string[]) => `[${texts.map((t) => t.slice(1, -1)).join(',')}]`;

  it('gives back each hand-over, numbered from the batch’s first seq', () => {
    expect(
      splitBatchParts(join(a, b), 7, 3, [
        [1, a.length],
        [2, b.length],
      ]),
    ).toEqual([
      { seq: 7, count: 1, text: a },
      { seq: 8, count: 2, text: b },
    ]);
  });

  it('keeps an empty hand-over in its place (its count then fails its parse, alone)', () => {
    expect(
      splitBatchParts(join(a, c, b), 0, 4, [
        [1, a.length],
        [1, c.length],
        [2, b.length],
      ])?.map((part) => part.text),
    ).toEqual([a, c, b]);
  });

  it.each([
    [
      'lengths that fall short of the text',
      [
        [1, a.length],
        [2, b.length - 1],
      ],
      3,
    ],
    [
      'lengths past the text',
      [
        [1, a.length],
        [2, b.length + 5],
      ],
      3,
    ],
    [
      'a cut that is not at a comma',
      [
        [1, a.length + 1],
        [2, b.length - 1],
      ],
      3,
    ],
    [
      'counts that do not add up to the batch’s',
      [
        [1, a.length],
        [2, b.length],
      ],
      4,
    ],
    [
      'a length too short for brackets',
      [
        [1, 1],
        [2, a.length + b.length - 1],
      ],
      3,
    ],
  ] as const)('is null for %s', (_, parts, count) => {
    expect(splitBatchParts(join(a, b), 0, count, parts)).toBeNull();
  });
});
