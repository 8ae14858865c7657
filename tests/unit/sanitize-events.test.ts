import { EventType, IncrementalSource } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { sanitizeEvents } from '../../shared/replay/sanitize-events';

const el = (tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({
  type: 2,
  id: Math.floor(Math.random() * 1e9),
  tagName,
  attributes,
  childNodes,
});

const snapshotOf = (...body: unknown[]): TimedEvent => ({
  type: EventType.FullSnapshot,
  timestamp: 1,
  data: { node: { type: 0, id: 1, childNodes: [el('html', {}, [el('body', {}, body)])] } },
});

/** Every element of a snapshot, depth first. */
function elements(
  event: TimedEvent,
): Array<{ tagName: string; attributes: Record<string, unknown> }> {
  const out: Array<{ tagName: string; attributes: Record<string, unknown> }> = [];
  const walk = (node: {
    type: number;
    tagName?: string;
    attributes?: Record<string, unknown>;
    childNodes?: unknown[];
  }) => {
    if (node.type === 2) out.push({ tagName: node.tagName!, attributes: node.attributes! });
    for (const child of node.childNodes ?? []) walk(child as typeof node);
  };
  walk((event.data as { node: Parameters<typeof walk>[0] }).node);
  return out;
}

describe('sanitizeEvents', () => {
  it('removes event handlers, whatever their case', () => {
    const event = snapshotOf(el('img', { src: 'a.png', onerror: 'x()', ONLOAD: 'y()', alt: 'A' }));
    expect(sanitizeEvents([event]).removed).toBe(2);
    expect(elements(event).find((e) => e.tagName === 'img')!.attributes).toEqual({
      src: 'a.png',
      alt: 'A',
    });
  });

  it('removes scripting URLs, even split by tabs, newlines or controls, and keeps ordinary ones', () => {
    const event = snapshotOf(
      el('a', { href: 'javascript:alert(1)' }),
      el('a', { href: ' JaVa\tScRiPt:alert(1)' }),
      el('a', { href: 'java\u0000script:alert(1)' }),
      el('iframe', { src: 'data:text/html,<script>alert(1)</script>' }),
      el('form', { action: 'vbscript:msgbox' }),
      el('a', { href: 'https://example.com/javascript:ok', title: 'javascript: is fine in text' }),
      el('img', { src: 'data:image/png;base64,AAAA' }),
    );
    sanitizeEvents([event]);
    expect(
      elements(event)
        .slice(2)
        .map((e) => e.attributes),
    ).toEqual([
      {},
      {},
      {},
      {},
      {},
      { href: 'https://example.com/javascript:ok', title: 'javascript: is fine in text' },
      { src: 'data:image/png;base64,AAAA' },
    ]);
  });

  it('makes scripts and embeds inert containers, and drops meta refresh and srcdoc', () => {
    const event = snapshotOf(
      el('script', { src: 'evil.js' }, [{ type: 3, id: 2, textContent: 'alert(1)' }]),
      el('object', { data: 'x.swf' }),
      el('meta', { 'http-equiv': 'refresh', content: '0;url=https://evil.test' }),
      el('iframe', { srcdoc: '<script>alert(1)</script>' }),
    );
    sanitizeEvents([event]);
    expect(elements(event).slice(2)).toEqual([
      { tagName: 'noscript', attributes: { src: 'evil.js' } },
      { tagName: 'div', attributes: { data: 'x.swf' } },
      { tagName: 'meta', attributes: {} },
      { tagName: 'iframe', attributes: {} },
    ]);
    expect((elements(event)[2] as unknown as { childNodes?: unknown[] }).childNodes ?? []).toEqual(
      [],
    );
  });

  it('cleans what mutations add and the attributes they set', () => {
    const mutation: TimedEvent = {
      type: EventType.IncrementalSnapshot,
      timestamp: 2,
      data: {
        source: IncrementalSource.Mutation,
        texts: [],
        removes: [],
        adds: [
          { parentId: 1, nextId: null, node: el('div', {}, [el('button', { onclick: 'x()' })]) },
        ],
        attributes: [
          { id: 5, attributes: { onmouseover: 'y()', href: 'javascript:z()', class: 'ok' } },
        ],
      },
    };
    expect(sanitizeEvents([mutation]).removed).toBe(3);
    const data = mutation.data as {
      adds: Array<{ node: { childNodes: Array<{ attributes: object }> } }>;
      attributes: Array<{ attributes: object }>;
    };
    expect(data.adds[0]!.node.childNodes[0]!.attributes).toEqual({});
    expect(data.attributes[0]!.attributes).toEqual({ class: 'ok' });
  });

  it('walks a nesting deeper than the call stack without overflowing', () => {
    let node = el('span', { onclick: 'deep()' });
    for (let i = 0; i < 200_000; i++) node = el('div', {}, [node]);
    const event = snapshotOf(node);
    expect(sanitizeEvents([event]).removed).toBe(1);
  });

  it('leaves other events alone', () => {
    const events: TimedEvent[] = [
      {
        type: EventType.Meta,
        timestamp: 1,
        data: { href: 'javascript:kept-as-data', width: 1, height: 1 },
      },
      {
        type: EventType.Custom,
        timestamp: 2,
        data: { tag: 'x', payload: { onclick: 'not markup' } },
      },
    ];
    const before = JSON.stringify(events);
    expect(sanitizeEvents(events).removed).toBe(0);
    expect(JSON.stringify(events)).toBe(before);
  });
});

describe('sanitizeEvents: resource hints', () => {
  it('takes the address out of links that prefetch, preconnect or preload, and keeps stylesheets', () => {
    const event = snapshotOf(
      el('link', { rel: 'dns-prefetch', href: '//tracker.example' }),
      el('link', { rel: 'preconnect', href: 'https://tracker.example' }),
      el('link', { rel: 'Prefetch', href: 'https://tracker.example/next' }),
      el('link', { rel: 'stylesheet', href: 'https://cdn.example/site.css' }),
    );
    sanitizeEvents([event]);
    expect(
      elements(event)
        .slice(2)
        .map((e) => e.attributes),
    ).toEqual([
      { rel: 'dns-prefetch' },
      { rel: 'preconnect' },
      { rel: 'Prefetch' },
      { rel: 'stylesheet', href: 'https://cdn.example/site.css' },
    ]);
  });
});

describe('sanitizeEvents: what a hostile file tries next', () => {
  const mutation = (data: Record<string, unknown>): TimedEvent => ({
    type: EventType.IncrementalSnapshot,
    timestamp: 2,
    data: {
      source: IncrementalSource.Mutation,
      texts: [],
      removes: [],
      adds: [],
      attributes: [],
      ...data,
    },
  });

  it("removes a scripting URL from any item of SVG's values list, and keeps plain lists", () => {
    const event = snapshotOf(
      el('animate', { attributeName: 'href', values: 'https://ok.example; JaVaScRiPt:alert(1)' }),
      el('animate', { attributeName: 'x', values: '0;10;0' }),
    );
    expect(sanitizeEvents([event]).removed).toBe(1);
    expect(
      elements(event)
        .slice(2)
        .map((e) => e.attributes),
    ).toEqual([{ attributeName: 'href' }, { attributeName: 'x', values: '0;10;0' }]);
  });

  it('gives no hint link an address, nor an addressed link a hint, through attribute changes', () => {
    const hint = { ...el('link', { rel: 'preconnect' }), id: 20 };
    const sheet = {
      ...el('link', { rel: 'stylesheet', href: 'https://cdn.example/a.css' }),
      id: 21,
    };
    const events = [
      snapshotOf(hint, sheet),
      mutation({
        attributes: [
          { id: 20, attributes: { href: 'https://tracker.example' } },
          { id: 21, attributes: { rel: 'dns-prefetch' } },
          { id: 21, attributes: { href: 'https://cdn.example/b.css' } },
        ],
      }),
    ];
    expect(sanitizeEvents(events).removed).toBe(2);
    expect((events[1]!.data as { attributes: unknown[] }).attributes).toEqual([
      { id: 20, attributes: {} },
      { id: 21, attributes: {} },
      { id: 21, attributes: { href: 'https://cdn.example/b.css' } },
    ]);
  });

  it('takes out DOM events and entries it cannot read, and cleans the rest', () => {
    const good = snapshotOf(el('img', { src: 'a.png', onerror: 'x()' }));
    const events = [
      { type: EventType.FullSnapshot, timestamp: 1 } as TimedEvent,
      { type: EventType.FullSnapshot, timestamp: 1, data: null } as unknown as TimedEvent,
      { type: EventType.IncrementalSnapshot, timestamp: 1, data: 7 } as unknown as TimedEvent,
      mutation({ adds: 5 }),
      good,
      mutation({
        adds: [null, { parentId: 1 }, { parentId: 1, node: el('b', { onclick: 'y()' }, [null]) }],
        attributes: [null, { id: 3, attributes: { onfocus: 'z()' } }],
        texts: [null],
      }),
    ];
    expect(sanitizeEvents(events).removed).toBe(12);
    expect(events).toHaveLength(2);
    expect(events[0]).toBe(good);
    expect(elements(good).at(-1)!.attributes).toEqual({ src: 'a.png' });
    expect(events[1]!.data).toEqual({
      source: IncrementalSource.Mutation,
      texts: [],
      removes: [],
      adds: [{ parentId: 1, node: expect.objectContaining({ attributes: {}, childNodes: [] }) }],
      attributes: [{ id: 3, attributes: {} }],
    });
  });
});
