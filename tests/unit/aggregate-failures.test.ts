import { describe, expect, it } from 'vitest';
import { aggregateFailures } from '../../shared/metrics/aggregate-failures';
import { matchesSegment } from '../../shared/metrics/segment';
import { analyzed } from '../fixtures/analyzed-sessions';
import { T0 } from '../fixtures/session-rows';

const HOUR = 3_600_000;
const sessions = [
  analyzed('a', {
    summary: {
      failedActions: 3,
      failuresByKind: { 'dead-click': 2, 'rage-click': 1, error: 1 },
      health: 'abnormal',
      healthReasons: ['1 uncaught error', '3 failed actions'],
    },
    facts: {
      failed: [
        { kind: 'dead-click', route: 'shop.example/cart', target: 'Pay now', count: 2 },
        { kind: 'rage-click', route: 'shop.example/', target: 'Menu', count: 1 },
      ],
    },
  }),
  analyzed('b', {
    row: { startedAt: T0 + HOUR },
    summary: {
      failedActions: 2,
      failuresByKind: { 'dead-click': 2 },
      health: 'abnormal',
      healthReasons: ['2 failed actions', 'Poor LCP (4.1 s) on /cart'],
    },
    facts: {
      failed: [
        { kind: 'dead-click', route: 'shop.example/cart', target: 'Pay now', count: 1 },
        { kind: 'dead-click', route: 'shop.example/cart', target: null, count: 1 },
      ],
    },
  }),
  analyzed('c', { row: { startedAt: T0 + HOUR } }),
  analyzed('d', { row: { startedAt: T0 + HOUR } }),
];
const overview = aggregateFailures(sessions, [T0, T0 + HOUR, T0 + 2 * HOUR]);

describe('aggregateFailures', () => {
  it('has the share of sessions with a failed action', () => {
    expect(overview.withFailed).toMatchObject({ count: 2, rate: 0.5 });
  });

  it('counts failed actions by kind per time bucket (page failures such as errors aside)', () => {
    expect(overview.overTime.map((b) => b.byKind)).toEqual([
      { 'dead-click': 2, 'rage-click': 1 },
      { 'dead-click': 2 },
    ]);
    expect(overview.byKind.map((k) => [k.kind, k.failures, k.sessions])).toEqual([
      ['dead-click', 4, 2],
      ['rage-click', 1, 1],
    ]);
  });

  it('splits health and groups reasons without their numbers', () => {
    expect(overview.health.tolerable).toBe(2);
    expect(overview.health.abnormal).toBe(2);
    expect(overview.health.reasons.map((r) => [r.key, r.count])).toEqual([
      ['failed action', 2],
      ['Poor LCP on /cart', 1],
      ['uncaught error', 1],
    ]);
  });

  it('ranks the failing pages and targets, each linking to exactly its sessions', () => {
    expect(overview.pages.map((p) => [p.label, p.failures, p.sessions])).toEqual([
      ['shop.example/cart', 4, 2],
      ['shop.example/', 1, 1],
    ]);
    expect(overview.targets.map((t) => [t.label, t.failures, t.sessions])).toEqual([
      ['Pay now', 3, 2],
      ['Menu', 1, 1],
    ]);
    for (const top of [...overview.pages, ...overview.targets, ...overview.health.reasons])
      expect(sessions.filter((s) => matchesSegment(s, top.segment)).length).toBe(
        'sessions' in top ? top.sessions : top.count,
      );
  });
});
