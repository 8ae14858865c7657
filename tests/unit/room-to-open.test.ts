import { describe, expect, it } from 'vitest';
import { roomToOpen, spaceLeftOf } from '../../shared/storage/room-to-open';
import { MIN_FREE_BYTES } from '../../shared/storage/storage-guard';

describe('roomToOpen', () => {
  it('opens with MIN_FREE_BYTES free or more', () => {
    expect(roomToOpen({ quota: 10 * MIN_FREE_BYTES, usage: MIN_FREE_BYTES })).toBe(true);
    expect(roomToOpen({ quota: MIN_FREE_BYTES + 5, usage: 5 })).toBe(true);
  });

  it('does not open with a byte less', () => {
    expect(roomToOpen({ quota: MIN_FREE_BYTES + 4, usage: 5 })).toBe(false);
    expect(roomToOpen({ quota: 2 * 1024 * 1024, usage: 1024 * 1024 })).toBe(false);
    expect(roomToOpen({ quota: 100, usage: 200 })).toBe(false);
  });

  it('opens when the browser cannot tell', () => {
    expect(roomToOpen(null)).toBe(true);
    expect(roomToOpen({})).toBe(true);
    expect(roomToOpen({ quota: 0 })).toBe(true);
    expect(roomToOpen({ usage: 0 })).toBe(true);
  });

  it('reads the space left the same way for the worker (its guard) and the pages', () => {
    expect(spaceLeftOf({ quota: 100 * MIN_FREE_BYTES, usage: MIN_FREE_BYTES })).toBe(
      99 * MIN_FREE_BYTES,
    );
    expect(spaceLeftOf({ quota: 100, usage: 200 })).toBe(-100);
    expect(spaceLeftOf(null)).toBeNull();
    expect(spaceLeftOf({ quota: 5 })).toBeNull();
  });
});
