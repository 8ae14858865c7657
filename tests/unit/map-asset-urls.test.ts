import { EventType, IncrementalSource } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { cssUrls, mapCssUrls } from '../../shared/assets/css-urls';
import {
  assetKeyOf,
  extractAssetUrls,
  mapAssetUrls,
  mapSrcset,
} from '../../shared/assets/map-asset-urls';
import type { TimedEvent } from '../../shared/events/tabreel-events';

const PAGE = 'https://shop.example/cart/';
let nextId = 1;
const el = (tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({
  type: 2,
  id: ++nextId,
  tagName,
  attributes,
  childNodes,
});
const text = (textContent: string, isStyle = false) => ({
  type: 3,
  id: ++nextId,
  textContent,
  ...(isStyle ? { isStyle } : {}),
});

const meta = (href = PAGE): TimedEvent => ({
  type: EventType.Meta,
  timestamp: 1,
  data: { href, width: 800, height: 600 },
});
const snapshot = (node: unknown): TimedEvent => ({
  type: EventType.FullSnapshot,
  timestamp: 2,
  data: { node: { type: 0, id: 1, childNodes: [node] }, initialOffset: { left: 0, top: 0 } },
});
const incremental = (data: object): TimedEvent => ({
  type: EventType.IncrementalSnapshot,
  timestamp: 3,
  data,
});

describe('CSS addresses', () => {
  it('finds url() quoted, unquoted and escaped, and @import with or without url()', () => {
    const css = [
      '@import "base.css";',
      "@import url('theme.css') screen;",
      '@font-face { font-family: Brand; src: url(/fonts/brand.woff2) format("woff2"), url( "brand.ttf" ); }',
      ".hero { background: URL('img/hero\\).png') no-repeat; }",
      '.icon { mask: url(#clip); background: url(data:image/png;base64,AAAA); }',
    ].join('\n');
    expect(cssUrls(css)).toEqual([
      'base.css',
      'theme.css',
      '/fonts/brand.woff2',
      'brand.ttf',
      'img/hero).png',
      '#clip',
      'data:image/png;base64,AAAA',
    ]);
  });

  it('replaces what the function returns, quoted, and keeps everything else byte for byte', () => {
    const css = '@import "a.css"; .x { background: url(b.png) } .y { color: red }';
    expect(mapCssUrls(css, (url) => (url === 'b.png' ? 'blob:null/1' : null))).toBe(
      '@import "a.css"; .x { background: url("blob:null/1") } .y { color: red }',
    );
    expect(mapCssUrls(css, (url) => (url === 'a.css' ? 'blob:null/"2' : null))).toBe(
      '@import "blob:null/\\"2"; .x { background: url(b.png) } .y { color: red }',
    );
    expect(mapCssUrls(css, () => null)).toBe(css);
  });
});

describe('asset keys', () => {
  it('are absolute http(s) addresses without a fragment; anything else is no asset', () => {
    expect(assetKeyOf('../img/a.png#x', PAGE)).toBe('https://shop.example/img/a.png');
    expect(assetKeyOf('//cdn.example/f.woff2', PAGE)).toBe('https://cdn.example/f.woff2');
    for (const none of [
      'data:image/png;base64,AA',
      'blob:https://x/1',
      'javascript:alert(1)',
      '#clip',
      '',
      'x'.repeat(5000),
    ])
      expect(assetKeyOf(none, PAGE)).toBeNull();
    expect(assetKeyOf('relative.png', undefined)).toBeNull();
  });

  it('read srcset candidates with and without descriptors, commas inside addresses included', () => {
    const seen: string[] = [];
    mapSrcset('a.png 1x, https://cdn.example/w_100,h_50/b.png 2x,c.png', (url) => {
      seen.push(url);
      return null;
    });
    expect(seen).toEqual(['a.png', 'https://cdn.example/w_100,h_50/b.png', 'c.png']);
    expect(mapSrcset('a.png 1x, b.png 2x', (url) => (url === 'b.png' ? 'blob:1' : null))).toBe(
      'a.png 1x, blob:1 2x',
    );
  });
});

describe('extractAssetUrls', () => {
  it('finds every stylesheet, font and image a full snapshot names, resolved against the page', () => {
    const events = [
      meta(),
      snapshot(
        el('html', {}, [
          el('head', {}, [
            el('link', { rel: 'stylesheet', href: 'https://cdn.example/site.css' }),
            el('link', {
              rel: 'stylesheet',
              href: '/inlined.css',
              _cssText: '.a { background: url("https://shop.example/inlined-bg.png") }',
            }),
            el('link', { rel: 'icon', href: '/favicon.ico' }),
            el('style', {}, [
              text('@font-face { src: url(/fonts/brand.woff2) } @import "more.css";', true),
            ]),
          ]),
          el('body', { background: 'paper.gif' }, [
            el('img', { src: 'logo.png', srcset: 'logo@2x.png 2x' }),
            el('picture', {}, [el('source', { srcset: '/hero.avif 1x' })]),
            el('video', { poster: '/poster.jpg', src: '/movie.mp4' }),
            el('div', { style: 'background-image: url(tile.png)' }),
            el('a', { href: '/next-page' }),
            el('img', { src: 'data:image/gif;base64,R0lGOD' }),
          ]),
        ]),
      ),
    ];
    expect(extractAssetUrls(events)).toEqual([
      'https://cdn.example/site.css',
      'https://shop.example/inlined-bg.png',
      'https://shop.example/fonts/brand.woff2',
      'https://shop.example/cart/more.css',
      'https://shop.example/cart/paper.gif',
      'https://shop.example/cart/logo.png',
      'https://shop.example/cart/logo@2x.png',
      'https://shop.example/hero.avif',
      'https://shop.example/poster.jpg',
      'https://shop.example/cart/tile.png',
    ]);
  });

  it('finds assets in mutations, attribute changes, style rules and adopted stylesheets', () => {
    const events = [
      meta(),
      incremental({
        source: IncrementalSource.Mutation,
        adds: [{ parentId: 1, nextId: null, node: el('img', { src: '/added.png' }) }],
        attributes: [
          {
            id: 5,
            attributes: { src: '/changed.png', style: { 'background-image': 'url(/styled.png)' } },
          },
        ],
        texts: [
          { id: 9, value: '.late { background: url(/late.png) }' },
          { id: 10, value: 'see url(/not-css)' },
        ],
        removes: [],
      }),
      incremental({
        source: IncrementalSource.StyleSheetRule,
        id: 3,
        adds: [{ rule: '.r { background: url(/rule.png) }' }],
      }),
      incremental({
        source: IncrementalSource.StyleDeclaration,
        id: 3,
        index: [0],
        set: { property: 'background', value: 'url(/declared.png)' },
      }),
      incremental({
        source: IncrementalSource.AdoptedStyleSheet,
        id: 1,
        styleIds: [1],
        styles: [{ styleId: 1, rules: [{ rule: '@font-face { src: url(/adopted.woff) }' }] }],
      }),
    ];
    expect(extractAssetUrls(events)).toEqual(
      [
        '/added.png',
        '/changed.png',
        '/styled.png',
        '/late.png',
        '/rule.png',
        '/declared.png',
        '/adopted.woff',
      ].map((path) => `https://shop.example${path}`),
    );
  });

  it('follows a stylesheet link whose href changes later (a theme switch), and no other href', () => {
    const link = el('link', { rel: 'stylesheet', href: '/light.css' });
    const anchor = el('a', { href: '/next' });
    const events = [
      meta(),
      snapshot(el('head', {}, [link, anchor])),
      incremental({
        source: IncrementalSource.Mutation,
        adds: [],
        removes: [],
        texts: [],
        attributes: [
          { id: link.id, attributes: { href: '/dark.css' } },
          { id: anchor.id, attributes: { href: '/elsewhere' } },
        ],
      }),
    ];
    expect(extractAssetUrls(events)).toEqual([
      'https://shop.example/light.css',
      'https://shop.example/dark.css',
    ]);
  });

  it('uses the base it is given when the batch has no Meta event, and a later Meta event over it', () => {
    const image = snapshot(el('img', { src: 'a.png' }));
    expect(extractAssetUrls([image], 'https://one.example/')).toEqual([
      'https://one.example/a.png',
    ]);
    expect(
      extractAssetUrls([meta('https://two.example/x/'), image], 'https://one.example/'),
    ).toEqual(['https://two.example/x/a.png']);
  });

  it('walks a very deep tree without overflowing the stack', () => {
    let node: unknown = el('img', { src: 'https://shop.example/deep.png' });
    for (let i = 0; i < 50_000; i++)
      node = { type: 2, id: i + 100, tagName: 'div', attributes: {}, childNodes: [node] };
    expect(extractAssetUrls([snapshot(node)])).toEqual(['https://shop.example/deep.png']);
  });
});

describe('mapAssetUrls (the replay rewrite)', () => {
  it('puts replacements in attributes and CSS text, and leaves addresses it has none for', () => {
    const events = [
      meta(),
      snapshot(
        el('div', { style: 'background: url(/a.png)' }, [
          el('img', { src: '/a.png', srcset: '/a.png 1x, /b.png 2x' }),
          el('style', {}, [text('.x { background: url(/b.png) }', true)]),
        ]),
      ),
    ];
    const blobs: Record<string, string> = { 'https://shop.example/a.png': 'blob:null/a' };
    mapAssetUrls(events, (url) => blobs[url] ?? null);
    const root = (events[1]!.data as { node: { childNodes: [ReturnType<typeof el>] } }).node
      .childNodes[0];
    expect(root.attributes.style).toBe('background: url("blob:null/a")');
    const [img, style] = root.childNodes as [ReturnType<typeof el>, ReturnType<typeof el>];
    expect(img.attributes).toEqual({ src: 'blob:null/a', srcset: 'blob:null/a 1x, /b.png 2x' });
    expect((style.childNodes[0] as { textContent: string }).textContent).toBe(
      '.x { background: url(/b.png) }',
    );
  });
});
