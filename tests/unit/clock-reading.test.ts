import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../shared/format/format-duration';
import { clockReading, formatLength } from '../../viewer/state/clock-reading';

describe('clockReading', () => {
  it('ends at the length the header states, rounded as it is', () => {
    expect(formatDuration(4600)).toBe('5s');
    expect(clockReading(0, 4600)).toBe('0:00 / 0:05');
    expect(clockReading(4599, 4600)).toBe('0:04 / 0:05');
    expect(clockReading(4600, 4600)).toBe('0:05 / 0:05');
    expect(clockReading(4601, 4600)).toBe('0:05 / 0:05');
  });

  it('reads whole seconds as they are', () => {
    expect(formatDuration(40_000)).toBe('40s');
    expect(clockReading(30_000, 40_000)).toBe('0:30 / 0:40');
    expect(clockReading(40_000, 40_000)).toBe('0:40 / 0:40');
    expect(clockReading(59_400, 59_400)).toBe('0:59 / 0:59');
    expect(clockReading(0, 86_403_000)).toBe('0:00 / 24:00:03');
  });

  it('gives the length alone as the clock does, for the share dialog', () => {
    // 47.995 s: the player and the header say 0:48 / 48s; the dialog said "of 0:47".
    expect(formatLength(47_995)).toBe('0:48');
    expect(clockReading(0, 47_995)).toBe('0:00 / 0:48');
    expect(formatLength(86_403_000)).toBe('24:00:03');
  });
});
