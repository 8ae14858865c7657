import { describe, expect, it } from 'vitest';
import { pageFailuresText, type LiveFailures } from '../../shared/messages/live-failures';

const live = (byKind: LiveFailures['byKind']): LiveFailures => ({
  sessionId: 's1',
  failedActions: 1,
  failures: 1,
  byKind,
  countedAt: 0,
});

describe('the page failures the popup names beside the failed-action count', () => {
  it('names page errors, failed requests and poor vitals, with their counts', () => {
    expect(
      pageFailuresText(live({ 'dead-click': 1, error: 150, 'failed-request': 1, 'poor-vital': 2 })),
    ).toBe('150 page errors, 1 failed request, 2 poor web vitals');
    expect(pageFailuresText(live({ error: 1 }))).toBe('1 page error');
    expect(pageFailuresText(live({ error: 1204 }))).toBe('1,204 page errors');
  });

  it('leaves the failed actions to their own count, and says nothing without page failures', () => {
    expect(pageFailuresText(live({ 'rage-click': 2, 'error-click': 3 }))).toBe('');
    expect(pageFailuresText(live({}))).toBe('');
    // A count stored before this field existed.
    expect(pageFailuresText(live(undefined))).toBe('');
  });
});
