import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../shared/analysis/analyze-session';
import { summarizeSession } from '../../shared/analysis/summarize-session';
import { aggregateOverview } from '../../shared/metrics/aggregate-overview';
import type { SessionRow } from '../../shared/db/schema';
import { metricSessions, hasDeadClick, hasError, lcpOf } from '../fixtures/metric-sessions';
import { sessionRow, T0 } from '../fixtures/session-rows';

// The e2e test's sessions, through the real analysis in Node: the known answers hold end to end.
const sessions = metricSessions(120, T0).map(({ meta, events }): SessionRow => {
  const summary = summarizeSession(
    analyzeSession(events, { startedAt: meta.startedAt, endedAt: meta.endedAt! }),
  );
  return sessionRow({
    id: meta.id,
    startedAt: meta.startedAt,
    endedAt: meta.endedAt,
    summary,
    health: summary.health,
  });
});
const range = Array.from({ length: 120 }, (_, i) => i);

describe('the metric fixture sessions, analysed', () => {
  const overview = aggregateOverview(sessions, {
    edges: [T0, T0 + 120 * 5 * 60_000],
    goals: [
      { id: 'cart', name: 'Cart', kind: 'url', pattern: '/cart' },
      { id: 'pay', name: 'Pay', kind: 'click', target: 'Pay now' },
    ],
  });

  it('has the known bounce rate, durations, failures and health', () => {
    expect(overview.analyzed).toBe(120);
    expect(overview.sessions.bounce.count).toBe(30);
    expect(overview.sessions.duration.medianMs).toBe(5 * 60_000);
    expect(overview.failures.withFailed.count).toBe(range.filter(hasDeadClick).length);
    expect(overview.failures.byKind).toEqual([expect.objectContaining({ kind: 'dead-click' })]);
    expect(overview.failures.health.abnormal).toBe(
      range.filter((i) => hasError(i) || lcpOf(i) > 4000).length,
    );
  });

  it('has the known conversions, flow and traffic', () => {
    expect(overview.conversions.goals.map((g) => g.converted)).toEqual([60, 30]);
    expect(overview.conversions.funnel.map((s) => s.reached)).toEqual([60, 30]);
    expect(overview.flow.routes.map((r) => r.route)).toEqual([
      'shop.example/',
      'shop.example/product/:id',
      'shop.example/cart',
      'shop.example/order/:uuid/done',
    ]);
    expect(overview.traffic.source.map((s) => [s.value, s.count])).toEqual([
      ['(direct)', 72],
      ['newsletter', 24],
      ['search.example', 24],
    ]);
    expect(overview.vitals[0]!.vitals.LCP?.loads).toBe(120);
  });
});
