import { describe, expect, it } from 'vitest';
import { buildFlow } from '../../shared/analysis/build-flow';
import { collectSignals } from '../../shared/analysis/collect-signals';
import type { IdlePeriod } from '../../shared/analysis/measure-duration';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { mouseMove, pageView, sessionStart } from '../fixtures/signal-events';
import { ORIGIN } from '../fixtures/timeline';

/** The flow of a session of `events` that ends at `endedAt`. */
function flowOf(events: readonly TimedEvent[], endedAt: number, idle: IdlePeriod[] = []) {
  return buildFlow(collectSignals(events).pages, endedAt, idle);
}

/** How each page was reached, as `move path` lines. */
const movesOf = (events: readonly TimedEvent[]) =>
  flowOf(events, events.at(-1)!.timestamp).pages.map(
    (p) => `${p.move} ${p.url.replace(ORIGIN, '')}`,
  );

describe('buildFlow: pages and time', () => {
  const shop = [
    pageView(0, '/'),
    pageView(20_000, '/products', { kind: 'route', navigation: 'push' }),
    pageView(50_000, '/cart', { kind: 'route', navigation: 'push' }),
  ];

  it('lists the page views in order, each until the next, the last until the end', () => {
    expect(flowOf(shop, 80_000)).toEqual({
      pages: [
        {
          url: `${ORIGIN}/`,
          title: 'Page /',
          kind: 'load',
          move: 'entry',
          enteredAt: 0,
          leftAt: 20_000,
          wallMs: 20_000,
          activeMs: 20_000,
        },
        {
          url: `${ORIGIN}/products`,
          title: 'Page /products',
          kind: 'route',
          move: 'navigate',
          enteredAt: 20_000,
          leftAt: 50_000,
          wallMs: 30_000,
          activeMs: 30_000,
        },
        {
          url: `${ORIGIN}/cart`,
          title: 'Page /cart',
          kind: 'route',
          move: 'navigate',
          enteredAt: 50_000,
          leftAt: 80_000,
          wallMs: 30_000,
          activeMs: 30_000,
        },
      ],
      entry: `${ORIGIN}/`,
      exit: `${ORIGIN}/cart`,
      backMoves: 0,
      forwardMoves: 0,
    });
  });

  it('takes the idle periods within each page off its active time', () => {
    const flow = flowOf(shop, 80_000, [
      { start: 5000, end: 35_000 },
      { start: 60_000, end: 80_000 },
    ]);
    expect(flow.pages.map((p) => [p.wallMs, p.activeMs])).toEqual([
      [20_000, 5000],
      [30_000, 15_000],
      [30_000, 10_000],
    ]);
  });

  it('gives a page view at the very end no time, never a negative one', () => {
    const flow = flowOf([pageView(0, '/'), pageView(5000, '/bye')], 4000);
    expect(flow.pages.map((p) => [p.leftAt, p.wallMs])).toEqual([
      [5000, 5000],
      [5000, 0],
    ]);
  });

  it('has no entry or exit without a page view', () => {
    expect(flowOf([mouseMove(0)], 1000)).toEqual({
      pages: [],
      entry: null,
      exit: null,
      backMoves: 0,
      forwardMoves: 0,
    });
  });
});

describe('buildFlow: a session cut in the middle of a page', () => {
  it('starts on the page the session-start marker names: that page is the entry', () => {
    const flow = flowOf(
      [
        sessionStart(0, '/article'),
        mouseMove(3000),
        pageView(10_000, '/next', { kind: 'route', navigation: 'push' }),
      ],
      15_000,
    );
    expect(flow.entry).toBe(`${ORIGIN}/article`);
    expect(flow.pages[0]).toEqual({
      url: `${ORIGIN}/article`,
      title: 'Page /article',
      kind: 'load',
      move: 'entry',
      enteredAt: 0,
      leftAt: 10_000,
      wallMs: 10_000,
      activeMs: 10_000,
    });
    expect(flow.pages.map((p) => p.move)).toEqual(['entry', 'navigate']);
  });

  it('takes a marker without a url for no page: the page view after it is the entry', () => {
    const flow = flowOf([sessionStart(0, undefined, 'resume'), pageView(0, '/home')], 5000);
    expect(flow.pages.map((p) => p.url)).toEqual([`${ORIGIN}/home`]);
  });
});

describe('buildFlow: how each page was reached', () => {
  it('reads navigate, reload and replace from the page view', () => {
    expect(
      movesOf([
        pageView(0, '/a'),
        pageView(10_000, '/b', { navigation: 'navigate' }),
        pageView(20_000, '/b', { navigation: 'reload' }),
        pageView(30_000, '/c', { kind: 'route', navigation: 'push' }),
        pageView(40_000, '/d', { kind: 'route', navigation: 'replace' }),
        pageView(50_000, '/e', { navigation: 'prerender' }),
      ]),
    ).toEqual(['entry /a', 'navigate /b', 'reload /b', 'navigate /c', 'replace /d', 'navigate /e']);
  });

  it('tells back from forward by the history index, not by the URL', () => {
    const events = [
      pageView(0, '/a', { navigation: 'navigate', historyIndex: 0 }),
      pageView(10_000, '/b', { kind: 'route', navigation: 'push', historyIndex: 1 }),
      pageView(20_000, '/c', { kind: 'route', navigation: 'push', historyIndex: 2 }),
      pageView(30_000, '/b', { kind: 'route', navigation: 'traverse', historyIndex: 1 }),
      // Back at /c after /b after /c: the URL alone would say back; the index says forward.
      pageView(40_000, '/c', { kind: 'route', navigation: 'traverse', historyIndex: 2 }),
      pageView(50_000, '/a', { kind: 'route', navigation: 'traverse', historyIndex: 0 }),
    ];
    expect(movesOf(events)).toEqual([
      'entry /a',
      'navigate /b',
      'navigate /c',
      'back /b',
      'forward /c',
      'back /a',
    ]);
    expect(flowOf(events, 60_000)).toMatchObject({ backMoves: 2, forwardMoves: 1 });
  });

  it('reads a back/forward page load by its index too', () => {
    expect(
      movesOf([
        pageView(0, '/a', { navigation: 'navigate', historyIndex: 4 }),
        pageView(10_000, '/b', { navigation: 'navigate', historyIndex: 5 }),
        pageView(20_000, '/a', { navigation: 'back_forward', historyIndex: 4 }),
        pageView(30_000, '/b', { navigation: 'back_forward', historyIndex: 5 }),
      ]),
    ).toEqual(['entry /a', 'navigate /b', 'back /a', 'forward /b']);
  });

  it('across origins, where indexes do not compare, takes a return to the page before the previous one as back', () => {
    const events = [
      pageView(0, '/cart', { navigation: 'navigate', historyIndex: 3 }),
      pageView(10_000, 'https://pay.example/checkout', { navigation: 'navigate', historyIndex: 0 }),
      // 3 > 0 would read as forward: the indexes count different origins' entries.
      pageView(20_000, '/cart', { navigation: 'back_forward', historyIndex: 3 }),
    ];
    expect(movesOf(events)).toEqual([
      'entry /cart',
      'navigate https://pay.example/checkout',
      'back /cart',
    ]);
  });

  it('takes a page load back to the page just left, from one not recorded, as back', () => {
    // /long.html → chrome://version (never recorded) → Back: the same page, at the same index
    // (the Navigation API counts this origin's entries only).
    expect(
      movesOf([
        pageView(0, '/long', { navigation: 'navigate', historyIndex: 0 }),
        pageView(10_000, '/long', { navigation: 'back_forward', historyIndex: 0 }),
      ]),
    ).toEqual(['entry /long', 'back /long']);
    expect(
      movesOf([
        pageView(0, '/long', { navigation: 'navigate' }),
        pageView(10_000, '/long', { navigation: 'back_forward' }),
      ]),
    ).toEqual(['entry /long', 'back /long']);
  });

  it('without an index, takes a return to the page before the previous one as back, else forward', () => {
    const a = pageView(0, '/a');
    const b = pageView(10_000, '/b', { kind: 'route', navigation: 'push' });
    expect(
      movesOf([a, b, pageView(20_000, '/a', { kind: 'route', navigation: 'traverse' })]),
    ).toEqual(['entry /a', 'navigate /b', 'back /a']);
    expect(
      movesOf([a, b, pageView(20_000, '/c', { kind: 'route', navigation: 'traverse' })]),
    ).toEqual(['entry /a', 'navigate /b', 'forward /c']);
  });

  it('takes a popstate alone to a new page (an in-page link) as a navigation, not a history move', () => {
    expect(
      movesOf([
        pageView(0, '/faq'),
        pageView(10_000, '/faq#refunds', { kind: 'route', navigation: 'pop' }),
        pageView(20_000, '/faq', { kind: 'route', navigation: 'pop' }),
      ]),
    ).toEqual(['entry /faq', 'navigate /faq#refunds', 'back /faq']);
  });
});
