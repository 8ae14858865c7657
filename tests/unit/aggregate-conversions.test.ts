import { describe, expect, it } from 'vitest';
import { aggregateConversions } from '../../shared/metrics/aggregate-conversions';
import { funnelReach, reachesGoal, urlMatcher, type Goal } from '../../shared/metrics/goal';
import { matchesSegment, matchesSegments } from '../../shared/metrics/segment';
import { analyzed, facts } from '../fixtures/analyzed-sessions';

const CART: Goal = { id: 'g1', name: 'Cart', kind: 'url', pattern: '/cart' };
const PAY: Goal = { id: 'g2', name: 'Pay', kind: 'click', target: 'pay now' };
const DONE: Goal = { id: 'g3', name: 'Done', kind: 'url', pattern: 'shop.example/order/*/done' };

const journey = (paths: string[], clicks: Array<[string, number]> = []) =>
  ({
    paths,
    routes: paths,
    clicks: clicks.map(([name, page]) => ({ name, selector: `#${name}`, page })),
  }) as const;

describe('goals', () => {
  it('match URL patterns as globs over host/path, any site for a leading /', () => {
    expect(urlMatcher('/cart')('shop.example/cart')).toBe(true);
    expect(urlMatcher('/cart')('shop.example/cart/items')).toBe(false);
    expect(urlMatcher('/cart*')('shop.example/cart/items')).toBe(true);
    expect(urlMatcher('https://shop.example/order/*/done')('shop.example/order/12/done')).toBe(
      true,
    );
    expect(urlMatcher('docs.example/*')('shop.example/cart')).toBe(false);
  });

  it('match clicks by a part of the name (any case) or the whole selector', () => {
    const f = facts(journey(['shop.example/'], [['Pay now €12', 0]]));
    expect(reachesGoal(f, PAY)).toBe(true);
    expect(reachesGoal(f, { ...PAY, target: '#pay now €12' })).toBe(true);
    expect(reachesGoal(f, { ...PAY, target: '#pay' })).toBe(false);
  });

  it('pass funnel steps only in order', () => {
    const inOrder = facts(
      journey(['shop.example/cart', 'shop.example/order/7/done'], [['Pay now', 0]]),
    );
    const payFirst = facts(
      journey(
        ['shop.example/', 'shop.example/cart', 'shop.example/order/7/done'],
        [['Pay now', 0]],
      ),
    );
    expect(funnelReach(inOrder, [CART, PAY, DONE])).toBe(3);
    expect(funnelReach(payFirst, [CART, PAY, DONE])).toBe(1);
    expect(funnelReach(payFirst, [PAY, CART, DONE])).toBe(3);
  });
});

describe('aggregateConversions', () => {
  // 0 failed actions: 4 sessions, 3 reach the cart and 2 pay. 1: 2 sessions, 1 cart. 2: 1, none.
  // More than 2: 1 session that paid. One more session lacks facts (old rules): not counted.
  const cartPaid = journey(['shop.example/cart'], [['Pay now', 0]]);
  const cartOnly = journey(['shop.example/cart']);
  const home = journey(['shop.example/']);
  const sessions = [
    analyzed('a', { facts: cartPaid }),
    analyzed('b', { facts: cartPaid }),
    analyzed('c', { facts: cartOnly }),
    analyzed('d', { facts: home }),
    analyzed('e', { facts: cartOnly, summary: { failedActions: 1 } }),
    analyzed('f', { facts: home, summary: { failedActions: 1 } }),
    analyzed('g', { facts: home, summary: { failedActions: 2 } }),
    analyzed('h', {
      facts: journey(['shop.example/'], [['Pay now', 0]]),
      summary: { failedActions: 5 },
    }),
    analyzed('old', { summary: { facts: undefined } }),
  ];
  const overview = aggregateConversions(sessions, [CART, PAY]);

  it('has each goal’s conversion rate over the sessions with facts', () => {
    expect(overview.sessions).toBe(8);
    expect(overview.goals.map((g) => [g.goal.name, g.converted, g.rate])).toEqual([
      ['Cart', 4, 0.5],
      ['Pay', 3, 0.375],
    ]);
  });

  it('has the ordered funnel with drop-off at each step', () => {
    expect(overview.funnel.map((s) => [s.goal.name, s.reached, s.dropOff, s.stepRate])).toEqual([
      ['Cart', 4, 4, 0.5],
      ['Pay', 2, 2, 0.5],
    ]);
    for (const step of overview.funnel)
      expect(sessions.filter((s) => matchesSegment(s, step.segment)).length).toBe(step.reached);
  });

  it('has the conversion rate by failed actions: 0, 1, 2, more than 2', () => {
    expect(
      overview.byFailures.map((b) => [b.label, b.sessions, b.goals.map((g) => g.converted)]),
    ).toEqual([
      ['0', 4, [3, 2]],
      ['1', 2, [1, 0]],
      ['2', 1, [0, 0]],
      ['> 2', 1, [0, 1]],
    ]);
    expect(overview.byFailures[0]!.goals[0]!.rate).toBe(0.75);
    for (const bucket of overview.byFailures)
      for (const g of bucket.goals)
        expect(sessions.filter((s) => matchesSegments(s, g.segment)).length).toBe(g.converted);
  });
});
