import { describe, expect, it } from 'vitest';
import { visibleRange } from '../../viewer/state/visible-range';

const list = { rowHeight: 50, viewportHeight: 500, overscan: 2 };

describe('visibleRange', () => {
  it('renders the first screen and the overscan below it', () => {
    expect(visibleRange({ ...list, scrollTop: 0, count: 10_000 })).toEqual({ start: 0, end: 12 });
  });

  it('adds the overscan on both sides in the middle', () => {
    expect(visibleRange({ ...list, scrollTop: 5000, count: 10_000 })).toEqual({
      start: 98,
      end: 112,
    });
  });

  it('counts a partly visible row', () => {
    expect(visibleRange({ ...list, scrollTop: 25, count: 10_000, overscan: 0 })).toEqual({
      start: 0,
      end: 11,
    });
  });

  it('ends at the last row at the bottom', () => {
    expect(visibleRange({ ...list, scrollTop: 499_500, count: 10_000 })).toEqual({
      start: 9988,
      end: 10_000,
    });
  });

  it('shows the last screen of a list that got shorter while scrolled deep', () => {
    expect(visibleRange({ ...list, scrollTop: 100_000, count: 30 })).toEqual({
      start: 18,
      end: 30,
    });
  });

  it('renders everything of a list shorter than the screen', () => {
    expect(visibleRange({ ...list, scrollTop: 0, count: 3 })).toEqual({ start: 0, end: 3 });
  });

  it('renders nothing of an empty list', () => {
    expect(visibleRange({ ...list, scrollTop: 0, count: 0 })).toEqual({ start: 0, end: 0 });
  });
});
