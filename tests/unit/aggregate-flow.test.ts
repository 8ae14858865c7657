import { describe, expect, it } from 'vitest';
import { aggregateFlow, EXIT_ROUTE } from '../../shared/metrics/aggregate-flow';
import { matchesSegment } from '../../shared/metrics/segment';
import { analyzed } from '../fixtures/analyzed-sessions';

const HOME = 'shop.example/';
const PRODUCT = 'shop.example/product/:id';
const CART = 'shop.example/cart';
const path = (id: string, routes: string[]) => analyzed(id, { facts: { routes } });

// home→product→cart, home→product (exit), home (bounce), product→home→product.
const sessions = [
  path('a', [HOME, PRODUCT, CART]),
  path('b', [HOME, PRODUCT]),
  path('c', [HOME]),
  path('d', [PRODUCT, HOME, PRODUCT]),
];
const flow = aggregateFlow(sessions);

describe('aggregateFlow', () => {
  it('counts views, entries and exits per route', () => {
    expect(flow.routes.map((r) => [r.route, r.views, r.sessions, r.entries, r.exits])).toEqual([
      [HOME, 4, 4, 3, 1],
      [PRODUCT, 4, 3, 1, 2],
      [CART, 1, 1, 0, 1],
    ]);
  });

  it('counts transitions, the end of a session as one to no page', () => {
    const edges = Object.fromEntries(flow.transitions.map((t) => [`${t.from}>${t.to}`, t.count]));
    expect(edges).toEqual({
      [`${HOME}>${PRODUCT}`]: 3,
      [`${PRODUCT}>${CART}`]: 1,
      [`${PRODUCT}>null`]: 2,
      [`${HOME}>null`]: 1,
      [`${PRODUCT}>${HOME}`]: 1,
      [`${CART}>null`]: 1,
    });
  });

  it('draws steps without cycles: the same route at two steps is two nodes, exits are links', () => {
    const node = (id: string) => flow.nodes.find((n) => n.id === id);
    expect(node(`0|${HOME}`)).toMatchObject({ sessions: 3, exits: 1 });
    expect(node(`1|${PRODUCT}`)).toMatchObject({ sessions: 2, exits: 1 });
    expect(node(`2|${PRODUCT}`)).toMatchObject({ sessions: 1, exits: 1 });
    const link = (from: string, to: string) =>
      flow.links.find((l) => l.source === from && l.target === to)?.sessions;
    expect(link(`0|${HOME}`, `1|${PRODUCT}`)).toBe(2);
    expect(link(`0|${HOME}`, `1|${EXIT_ROUTE}`)).toBe(1);
    expect(link(`1|${PRODUCT}`, `2|${EXIT_ROUTE}`)).toBe(1);
    for (const l of flow.links)
      if (l.segment)
        expect(sessions.filter((s) => matchesSegment(s, l.segment!)).length).toBe(l.sessions);
  });
});
