import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../shared/format/format-bytes';

describe('formatBytes', () => {
  it('counts in 1024s, with one decimal below 100 of a unit', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KB');
    expect(formatBytes(12.4 * 1024)).toBe('12.4 KB');
    expect(formatBytes(3 * 1024 ** 2)).toBe('3.0 MB');
    expect(formatBytes(256 * 1024 ** 2)).toBe('256 MB');
    expect(formatBytes(1.25 * 1024 ** 3)).toBe('1.3 GB');
    expect(formatBytes(2048 * 1024 ** 4)).toBe('2048 TB');
  });

  it('shows nonsense as nothing', () => {
    expect(formatBytes(Number.NaN)).toBe('0 B');
    expect(formatBytes(-5)).toBe('0 B');
  });
});
