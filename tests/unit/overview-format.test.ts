import { describe, expect, it } from 'vitest';
import { countOf } from '../../shared/format/count-of';
import { formatDuration, formatRate } from '../../viewer/components/overview/format';

describe('the overview’s numbers as words', () => {
  it('says one session, and sessions for every other count', () => {
    expect(countOf(1, 'session')).toBe('1 session');
    expect(countOf(0, 'session')).toBe('0 sessions');
    expect(countOf(1204, 'session')).toBe('1,204 sessions');
  });

  it('writes rates and durations as the stat cards show them', () => {
    expect(formatRate(0.4213)).toBe('42 %');
    expect(formatRate(0.035)).toBe('3.5 %');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(192_000)).toBe('3.2 min');
    expect(formatDuration(null)).toBe('—');
  });
});
