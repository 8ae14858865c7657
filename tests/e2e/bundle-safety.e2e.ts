// A bundle is a stranger's file: opened, it must run nothing and fetch nothing unless the person
// allows it. The fixture server counts every request, so "nothing" is checked, not assumed.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { EventType } from '@rrweb/types';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBundle } from '../../shared/bundle/write-bundle';
import { makeCustomEvent, TABREEL_TAG, type TimedEvent } from '../../shared/events/tabreel-events';
import { useRecordingBrowser } from './support/recording-browser';
import { readStored, waitFor } from './support/stored-sessions';
import { openViewer, readReplayedPage } from './support/viewer-page';

const env = useRecordingBrowser();
const FILES = resolve(import.meta.dirname, '../../.tmp/bundles');

/** A page whose every asset and script is a request to `/hit/…` on the fixture server. */
function hostileEvents(hit: (name: string) => string, t0: number): TimedEvent[] {
  let id = 1;
  const el = (tagName: string, attributes: Record<string, string>, childNodes: unknown[] = []) => ({
    type: 2,
    id: ++id,
    tagName,
    attributes,
    childNodes,
  });
  const text = (textContent: string) => ({ type: 3, id: ++id, textContent });
  const css = [
    `@import url("${hit('import.css')}");`,
    `body { background: url("${hit('background.png')}"); }`,
    `@font-face { font-family: X; src: url("${hit('font.woff2')}"); }`,
    'h1 { font-family: X; }',
  ].join('\n');
  const snapshot = {
    type: 0,
    id: 1,
    childNodes: [
      el('html', {}, [
        el('head', {}, [
          el('style', {}, [text(css)]),
          el('link', { rel: 'stylesheet', href: hit('style.css') }),
          el('script', { src: hit('script.js') }),
        ]),
        el('body', {}, [
          el('h1', {}, [text('Hostile bundle')]),
          el('img', { src: hit('image.png'), onerror: `fetch('${hit('onerror')}')` }),
          el('img', { srcset: `${hit('srcset.png')} 2x` }),
          el('video', { poster: hit('poster.png') }),
          el('iframe', { src: `javascript:fetch('${hit('iframe')}')` }),
          el('a', { href: `javascript:fetch('${hit('href')}')` }, [text('Click me')]),
        ]),
      ]),
    ],
  };
  const url = hit('page.html');
  return [
    { type: EventType.Meta, timestamp: t0, data: { href: url, width: 1000, height: 700 } },
    makeCustomEvent(TABREEL_TAG.page, { kind: 'load', url, title: 'Hostile', referrer: '' }, t0),
    {
      type: EventType.FullSnapshot,
      timestamp: t0 + 5,
      data: { node: snapshot, initialOffset: { left: 0, top: 0 } },
    },
    {
      type: EventType.IncrementalSnapshot,
      timestamp: t0 + 2000,
      data: { source: 1, positions: [{ x: 10, y: 10, id: 5, timeOffset: 0 }] },
    },
  ];
}

describe('an imported bundle from a stranger', () => {
  it('replays without a single request until the person allows live assets, and runs nothing', async () => {
    const hit = (name: string) => env.server.url(`hit/${name}`);
    const t0 = Date.now() - 3_600_000;
    const events = hostileEvents(hit, t0);
    const capturedCss = new TextEncoder().encode(
      [
        `@import url("${hit('captured-import.css')}");`,
        `@import "relative-import.css";`,
        `h1 { background: url("${hit('captured-bg.png')}"); }`,
        `h1::after { content: url(relative-bg.png); }`,
      ].join('\n'),
    );
    const capturedCssHash = bytesToHex(sha256(capturedCss));
    const parts: Uint8Array[] = [];
    await writeBundle(
      [
        {
          meta: {
            id: 'stranger-1',
            startedAt: t0,
            endedAt: t0 + 2000,
            endReason: 'tab-closed',
            startReason: 'navigation',
            firstUrl: hit('page.html'),
            host: new URL(env.server.origin).host,
            title: 'Hostile bundle',
            pageCount: 1,
            eventCount: events.length,
            campaign: null,
            privacy: { level: 'mask-inputs' },
          },
          events: [events],
          // The bundle carries its stylesheet, which names more it does not carry.
          assetRefs: [{ url: hit('style.css'), hash: capturedCssHash }],
        },
      ],
      {
        producer: { name: 'Stranger', version: '1' },
        createdAt: t0,
        onData: (c) => parts.push(c),
        readAsset: async (hash) =>
          hash === capturedCssHash ? { mime: 'text/css', data: capturedCss } : undefined,
      },
    );
    mkdirSync(FILES, { recursive: true });
    const file = join(FILES, 'hostile.tabreel');
    writeFileSync(file, Buffer.concat(parts));

    const viewer = await openViewer(env.browser);
    const [chooser] = await Promise.all([
      viewer.waitForEvent('filechooser'),
      viewer.getByRole('button', { name: 'Import', exact: true }).click(),
    ]);
    await chooser.setFiles(file);
    const imported = await waitFor(async () => {
      const data = await readStored(await env.browser.extensionPage());
      return data.sessions.find((s) => s.imported?.from === 'hostile.tabreel');
    }, 'the hostile bundle to be imported');

    const hits = () => env.server.requested.filter((p) => p.startsWith('/hit/'));
    const before = hits().length;
    const page = await openViewer(env.browser, `#/session/${imported.id}`);
    await page.getByRole('button', { name: 'Play' }).click();
    await waitFor(
      async () =>
        (await readReplayedPage(page, (doc) => doc.querySelector('h1')?.textContent)) ===
        'Hostile bundle'
          ? true
          : undefined,
      'the hostile page to replay',
    );
    await page.waitForTimeout(2500); // images, fonts and styles would have been asked for by now
    expect(hits().slice(before), 'requests made by an imported replay by default').toEqual([]);
    await page.screenshot({ path: '.tmp/screens/bundle-hostile-offline.png' });

    // The person allows live assets: the same replay now fetches its images (and still runs no script).
    await page.getByLabel('Load missing assets from the network').check();
    await waitFor(
      async () => (hits().slice(before).includes('/hit/image.png') ? true : undefined),
      'the image to be fetched once allowed',
    );
    const allowed = hits().slice(before);
    // Live assets are for what the bundle lacks: its own stylesheet comes from the bundle, the
    // addresses inside it (relative ones resolved against the stylesheet's own) from the network.
    await waitFor(
      async () =>
        [
          '/hit/captured-bg.png',
          '/hit/relative-bg.png',
          '/hit/captured-import.css',
          '/hit/relative-import.css',
        ].every((path) => hits().slice(before).includes(path))
          ? true
          : undefined,
      'what the captured stylesheet names to be fetched once allowed',
    );
    expect(hits().slice(before)).not.toContain('/hit/style.css');
    for (const scripted of ['/hit/script.js', '/hit/onerror', '/hit/iframe', '/hit/href'])
      expect(allowed).not.toContain(scripted);
    await page.close();
    await viewer.close();
  });
});
