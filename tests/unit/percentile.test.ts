import { describe, expect, it } from 'vitest';
import { percentile, sortedNumbers } from '../../shared/metrics/percentile';

describe('percentile (nearest rank)', () => {
  const oneToHundred = sortedNumbers(Array.from({ length: 100 }, (_, i) => 100 - i));

  it('is the value at rank ceil(p·n), never interpolated', () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 75)).toBe(75);
    expect(percentile(oneToHundred, 95)).toBe(95);
    expect(percentile([10, 20, 30, 40], 75)).toBe(30);
    expect(percentile([10, 20, 30, 40, 50], 75)).toBe(40);
    expect(percentile([10, 20], 50)).toBe(10);
  });

  it('bounds p at the smallest and largest value, and is null for no values', () => {
    expect(percentile([3, 7], 0)).toBe(3);
    expect(percentile([3, 7], 100)).toBe(7);
    expect(percentile([], 75)).toBeNull();
  });

  it('sorts numerically, not as text', () => {
    expect(sortedNumbers([10, 9, 100])).toEqual([9, 10, 100]);
  });
});
