import { describe, expect, it } from 'vitest';
import { createSharingFilter, sharedMeta } from '../../shared/bundle/prepare-for-sharing';
import {
  checkRedactionOptions,
  createRedactor,
  NO_REDACTION,
  type RedactionOptions,
} from '../../shared/bundle/redact-for-sharing';
import { runFilter, trimEvents } from '../../shared/bundle/trim-session';
import { customTag, type TimedEvent } from '../../shared/events/tabreel-events';
import { SIGNAL_TAG } from '../../shared/signals/signal-events';
import { click, consoleError, pageView, request } from '../fixtures/signal-events';

const T = 1_700_000_000_000;

const meta = (ms: number): TimedEvent => ({
  type: 4,
  timestamp: T + ms,
  data: { href: 'https://shop.test/cart', width: 1000, height: 700 },
});
const text = (id: number, textContent: string) => ({ type: 3, id, textContent });
const element = (
  id: number,
  tagName: string,
  attributes: Record<string, string>,
  childNodes: unknown[] = [],
) => ({ type: 2, id, tagName, attributes, childNodes });

/** html > body > [div#card.secret > "Card 4111 1111", input(value), p > "Hello bob@example.com"] */
const snapshot = (ms: number): TimedEvent => ({
  type: 2,
  timestamp: T + ms,
  data: {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        element(2, 'html', {}, [
          element(3, 'body', {}, [
            element(4, 'div', { id: 'card', class: 'panel secret' }, [text(5, 'Card 4111 1111')]),
            element(6, 'input', { type: 'email', value: 'bob@example.com' }),
            element(7, 'p', {}, [text(8, 'Hello bob@example.com')]),
          ]),
        ]),
      ],
    },
    initialOffset: { left: 0, top: 0 },
  },
});
/** A text node added under the secret div, and the paragraph's text changed. */
const mutation = (ms: number): TimedEvent => ({
  type: 3,
  timestamp: T + ms,
  data: {
    source: 0,
    adds: [{ parentId: 4, nextId: null, node: text(9, 'More secret 2222') }],
    removes: [],
    texts: [{ id: 8, value: 'Bye bob@example.com' }],
    attributes: [],
  },
});
const typed = (ms: number, value: string): TimedEvent => ({
  type: 3,
  timestamp: T + ms,
  data: { source: 5, id: 6, text: value, isChecked: false },
});

/** One session: page /cart at 0 s, signals, DOM changes, a second page load at 5 s. */
const SESSION: TimedEvent[] = [
  pageView(T, 'https://shop.test/cart'),
  meta(0),
  snapshot(0),
  consoleError(T + 1000, 'bob@example.com failed'),
  request(T + 1500, { url: 'https://shop.test/api/pay' }),
  mutation(2000),
  typed(2500, 'bob@exam'),
  pageView(T + 5000, 'https://shop.test/pay'),
  meta(5000),
  snapshot(5000),
  click(T + 6000),
  consoleError(T + 7000, 'late'),
];

const tags = (events: TimedEvent[]) => events.map((e) => customTag(e) ?? `rrweb:${e.type}`);
const textOf = (events: TimedEvent[]) => JSON.stringify(events);

describe('trimming a session to a time range', () => {
  it('starts the range with the page as it was: the last full snapshot before it and the changes since, at the start', () => {
    const kept = trimEvents(SESSION, { from: T + 3000, to: T + 6500 });
    expect(kept.every((e) => e.timestamp >= T + 3000 && e.timestamp <= T + 6500)).toBe(true);
    expect(tags(kept)).toEqual([
      'tabreel.page', // the page the range starts on, for the flow
      'rrweb:4',
      'rrweb:2',
      'rrweb:3', // the mutation
      'rrweb:3', // the typing
      'tabreel.page',
      'rrweb:4',
      'rrweb:2',
      'tabreel.action',
    ]);
    // Everything before the start replays at once, at the start; then the range as recorded.
    expect(kept.slice(0, 5).map((e) => e.timestamp - T)).toEqual([3000, 3000, 3000, 3000, 3000]);
    expect(kept.slice(5).map((e) => e.timestamp - T)).toEqual([5000, 5000, 5000, 6000]);
    // Signals of the left-out time are left out (the console error at 1 s, the request at 1.5 s).
    expect(kept.filter((e) => customTag(e) === SIGNAL_TAG.console)).toEqual([]);
    expect(kept.filter((e) => customTag(e) === SIGNAL_TAG.request)).toEqual([]);
  });

  it('rebuilds from the latest full snapshot before the start, not an older one', () => {
    const kept = trimEvents(SESSION, { from: T + 5500, to: null });
    expect(tags(kept)).toEqual([
      'tabreel.page',
      'rrweb:4',
      'rrweb:2',
      'tabreel.action',
      'tabreel.console',
    ]);
    expect((kept[0]!.data as { payload: { url: string } }).payload.url).toBe(
      'https://shop.test/pay',
    );
    expect(kept[2]).toEqual({ ...SESSION[9], timestamp: T + 5500 });
  });

  it('rebuilds without the pointer, and with only the latest scroll of each element', () => {
    const incremental = (ms: number, data: object): TimedEvent => ({
      type: 3,
      timestamp: T + ms,
      data,
    });
    const events = [
      ...SESSION.slice(0, 3),
      incremental(100, { source: 1, positions: [{ x: 1, y: 2, id: 4, timeOffset: 0 }] }),
      incremental(200, { source: 2, type: 2, id: 4, x: 1, y: 2 }),
      incremental(300, { source: 3, id: 1, x: 0, y: 100 }),
      incremental(400, { source: 3, id: 7, x: 0, y: 5 }),
      incremental(500, { source: 3, id: 1, x: 0, y: 300 }),
      incremental(3000, { source: 1, positions: [{ x: 3, y: 4, id: 4, timeOffset: 0 }] }),
    ];
    const kept = trimEvents(events, { from: T + 1000, to: null });
    const sources = kept
      .filter((e) => e.type === 3)
      .map((e) => e.data as { source: number; id?: number; y?: number });
    expect(sources).toEqual([
      { source: 3, id: 7, x: 0, y: 5 },
      { source: 3, id: 1, x: 0, y: 300 },
      // After the start, as recorded.
      { source: 1, positions: [{ x: 3, y: 4, id: 4, timeOffset: 0 }] },
    ]);
  });

  it('keeps everything for an open range, and the page as it was for a range after the end', () => {
    expect(trimEvents(SESSION, { from: null, to: null })).toEqual(SESSION);
    const after = trimEvents(SESSION, { from: T + 60_000, to: null });
    expect(tags(after)).toEqual(['tabreel.page', 'rrweb:4', 'rrweb:2']);
  });

  it('gives the same result streamed in pieces as over the whole array', () => {
    const range = { from: T + 3000, to: T + 6500 };
    const filter = createSharingFilter({ ...NO_REDACTION, range });
    const streamed = [
      ...SESSION.slice(0, 4).flatMap((e) => filter.push(e)),
      ...SESSION.slice(4).flatMap((e) => filter.push(e)),
      ...filter.end(),
    ];
    expect(streamed).toEqual(trimEvents(SESSION, range));
  });
});

describe('redacting a copy for sharing', () => {
  const redact = (options: Partial<RedactionOptions>) => {
    const redactor = createRedactor({ ...NO_REDACTION, ...options });
    return { events: runFilter(redactor, SESSION), counts: redactor.counts };
  };

  it('masks the text and values of elements the selectors match, through later changes too', () => {
    const { events, counts } = redact({ maskSelectors: ['.secret', 'body input'] });
    const all = textOf(events);
    expect(all).not.toContain('Card 4111');
    expect(all).toContain('**** **** ****'); // the shape stays, as rrweb masks
    expect(all).not.toContain('More secret');
    expect(all).toContain('"value":"***************"');
    expect(all).toContain('"text":"********"'); // what was typed into the input
    expect(all).toContain('Hello bob@example.com'); // not under a masked element
    expect(counts.maskedBySelector).toBe(6); // 2 snapshots × (card text, input value) + added text + typing
    // The stored events are untouched.
    expect(textOf(SESSION)).toContain('Card 4111');
  });

  it('masks text patterns everywhere: page text, attributes, typing, signals', () => {
    const { events, counts } = redact({ maskPatterns: ['BOB@example.com', '/\\d{4}/'] });
    const all = textOf(events);
    expect(all).not.toMatch(/bob@example\.com/i);
    expect(all).not.toMatch(/4111|2222/);
    expect(all).toContain('Hello ***************');
    expect(all).toContain('*************** failed'); // the console message
    expect(all).toContain('"tagName":"input"'); // structure is never rewritten
    expect(counts.maskedByPattern).toBeGreaterThan(6);
  });

  it('drops console entries and errors, or requests, and counts them', () => {
    const { events, counts } = redact({ dropConsole: true, dropNetwork: true });
    expect(events.some((e) => customTag(e) === SIGNAL_TAG.console)).toBe(false);
    expect(events.some((e) => customTag(e) === SIGNAL_TAG.request)).toBe(false);
    expect(counts).toMatchObject({ consoleDropped: 2, requestsDropped: 1 });
    expect(events).toHaveLength(SESSION.length - 3);
  });

  it('refuses selectors and patterns it cannot apply, naming them', () => {
    const check = (options: Partial<RedactionOptions>) => () =>
      checkRedactionOptions({ ...NO_REDACTION, ...options });
    expect(check({ maskSelectors: ['div > p'] })).toThrow(/“div > p” is not a selector/);
    expect(check({ maskSelectors: ['a:hover'] })).toThrow(/“a:hover” is not a selector/);
    expect(check({ maskPatterns: ['/(unclosed/'] })).toThrow(/“\/\(unclosed\/” is not a pattern/);
    expect(check({ maskPatterns: ['/x*/'] })).toThrow(/matches empty text/);
    expect(
      check({ maskSelectors: ['#card, form [data-private]'], maskPatterns: ['a.b'] }),
    ).not.toThrow();
  });
});

describe('the shared copy’s session record', () => {
  it('starts and ends with the range, counts the kept events, masks the patterns in its title', () => {
    const base = {
      id: 's1',
      startedAt: T,
      endedAt: T + 8000,
      endReason: 'tab-closed',
      startReason: 'navigation',
      firstUrl: 'https://shop.test/cart?u=bob@example.com',
      host: 'shop.test',
      title: 'Cart of bob@example.com',
      pageCount: 2,
      eventCount: SESSION.length,
      campaign: null,
      privacy: { level: 'mask-inputs' },
    };
    const shared = sharedMeta(
      base,
      {
        ...NO_REDACTION,
        maskPatterns: ['bob@example.com'],
        range: { from: T + 3000, to: T + 6500 },
      },
      { eventCount: 9, lastTs: T + 6000 },
    );
    expect(shared).toMatchObject({ startedAt: T + 3000, endedAt: T + 6500, eventCount: 9 });
    expect(shared.title).toBe('Cart of ***************');
    expect(shared.firstUrl).not.toContain('bob');
  });
});
