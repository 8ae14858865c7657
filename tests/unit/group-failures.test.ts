import { describe, expect, it } from 'vitest';
import type { FailedAction } from '../../shared/analysis/failed-action';
import { groupRepeatedFailures } from '../../viewer/state/group-failures';

const PAGE = 'https://shop.example/cart';
const error = (t: number, message: string, page = PAGE): FailedAction => ({
  kind: 'error',
  timestamp: t,
  target: null,
  page,
  evidence: message,
});
const deadClick = (t: number): FailedAction => ({
  kind: 'dead-click',
  timestamp: t,
  target: { role: 'button', name: 'Buy', selector: '#buy' },
  page: PAGE,
  evidence: 'No reaction within 2.5 s',
});

const shape = (failures: FailedAction[]) =>
  groupRepeatedFailures(failures).map((g) => [
    g.first.timestamp,
    g.first.evidence,
    g.count,
    g.lastAt,
  ]);

describe('groupRepeatedFailures', () => {
  it('joins an error thrown in a loop into its first entry, with its count and last time', () => {
    const loop = Array.from({ length: 300 }, (_, i) =>
      error(1000 + i * 20, 'TypeError: x is undefined'),
    );
    expect(shape(loop)).toEqual([[1000, 'TypeError: x is undefined', 300, 1000 + 299 * 20]]);
  });

  it('keeps different errors, and the same error on another page, apart, in time order', () => {
    expect(
      shape([
        error(0, 'A'),
        error(10, 'B'),
        error(20, 'A'),
        error(30, 'A', 'https://shop.example/pay'),
        error(40, 'B'),
      ]),
    ).toEqual([
      [0, 'A', 2, 20],
      [10, 'B', 2, 40],
      [30, 'A', 1, 30],
    ]);
  });

  it('never joins failed actions: each is a moment a person acted', () => {
    expect(shape([deadClick(0), deadClick(5000), deadClick(9000)])).toEqual([
      [0, 'No reaction within 2.5 s', 1, 0],
      [5000, 'No reaction within 2.5 s', 1, 5000],
      [9000, 'No reaction within 2.5 s', 1, 9000],
    ]);
  });
});
