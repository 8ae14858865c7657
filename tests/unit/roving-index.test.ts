import { describe, expect, it } from 'vitest';
import { rovingIndex } from '../../viewer/state/roving-index';

describe('rovingIndex', () => {
  it('moves a tab list with Left/Right, wrapping at both ends', () => {
    expect(rovingIndex('ArrowRight', 0, 6, 'horizontal')).toBe(1);
    expect(rovingIndex('ArrowRight', 5, 6, 'horizontal')).toBe(0);
    expect(rovingIndex('ArrowLeft', 3, 6, 'horizontal')).toBe(2);
    expect(rovingIndex('ArrowLeft', 0, 6, 'horizontal')).toBe(5);
  });

  it('moves a menu with Up/Down, wrapping at both ends', () => {
    expect(rovingIndex('ArrowDown', 2, 3, 'vertical')).toBe(0);
    expect(rovingIndex('ArrowUp', 0, 3, 'vertical')).toBe(2);
  });

  it('goes to the first and last item with Home and End', () => {
    expect(rovingIndex('Home', 4, 6, 'horizontal')).toBe(0);
    expect(rovingIndex('End', 1, 6, 'vertical')).toBe(5);
  });

  it('leaves the other orientation’s arrows and every other key alone', () => {
    expect(rovingIndex('ArrowDown', 0, 6, 'horizontal')).toBeNull();
    expect(rovingIndex('ArrowRight', 0, 3, 'vertical')).toBeNull();
    expect(rovingIndex('Enter', 0, 6, 'horizontal')).toBeNull();
    expect(rovingIndex('ArrowRight', 0, 0, 'horizontal')).toBeNull();
  });
});
