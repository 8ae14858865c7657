// Scenario A1: what asset capture costs where it runs. The service worker walks every committed
// batch for asset addresses (inside the commit's transaction); the replay frame rewrites a
// session's addresses to its captured copies before rrweb builds the page. Both are timed here on
// a synthetic page snapshot (Node, no browser: the walks are plain JS), next to JSON.parse of the
// same batch, which the worker already pays. Method: docs/benchmarks.md.
import { EventType } from '@rrweb/types';
import { gzipSync } from 'fflate';
import { extractAssetUrls, mapAssetUrls } from '../../shared/assets/map-asset-urls';
import { bytesToBase64 } from '../../shared/bundle/base64';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import type { ReplayAsset } from '../../shared/messages/viewer-to-replay';
import { buildAssetUrlMap } from '../../shared/replay/asset-url-map';
import type { Scenario, ScenarioContext, TargetCheck } from '../support/scenario';
import { median, round } from '../support/stats';

const SIZES = [5_000, 50_000] as const;

/** A page of `elements` elements: nested blocks, one image in 20, inline styles with backgrounds. */
function snapshotOf(elements: number): TimedEvent[] {
  let id = 1;
  const children: unknown[] = [];
  for (let i = 0; i < elements; i++) {
    const attributes: Record<string, string> = { class: `item item-${i % 50}` };
    let tagName = 'div';
    if (i % 20 === 0) {
      tagName = 'img';
      attributes.src = `/images/product-${i % 400}.jpg`;
      attributes.srcset = `/images/product-${i % 400}@2x.jpg 2x`;
    } else if (i % 50 === 1) attributes.style = `background-image: url(/tiles/t${i % 30}.png)`;
    children.push({
      type: 2,
      id: ++id,
      tagName,
      attributes,
      childNodes: [{ type: 3, id: ++id, textContent: `Item ${i} with some text` }],
    });
  }
  const css = Array.from(
    { length: 200 },
    (_, i) => `.item-${i} { color: #333; background: url(/bg/b${i % 40}.png) }`,
  ).join('\n');
  return [
    {
      type: EventType.Meta,
      timestamp: 1,
      data: { href: 'https://shop.example/', width: 1200, height: 800 },
    },
    {
      type: EventType.FullSnapshot,
      timestamp: 2,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            {
              type: 2,
              id: ++id,
              tagName: 'html',
              attributes: {},
              childNodes: [
                {
                  type: 2,
                  id: ++id,
                  tagName: 'style',
                  attributes: {},
                  childNodes: [{ type: 3, id: ++id, textContent: css, isStyle: true }],
                },
                { type: 2, id: id + 1, tagName: 'body', attributes: {}, childNodes: children },
              ],
            },
          ],
        },
        initialOffset: { left: 0, top: 0 },
      },
    },
  ];
}

function timed(run: () => void, rounds: number): number {
  run(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export interface A1Data {
  rounds: number;
  rows: Array<{
    elements: number;
    batchKb: number;
    addresses: number;
    parseMs: number;
    extractMs: number;
    rewriteMs: number;
  }>;
  /** Base64 in gzip JSON vs the raw bytes, for incompressible (image-like) and text (CSS) assets. */
  bundleOverhead: { imageRatio: number; cssRatio: number };
}

function targets(data: A1Data): TargetCheck[] {
  const largest = data.rows.at(-1);
  if (!largest) return [];
  return [
    {
      target: `asset address walk at commit, ${largest.batchKb.toFixed(0)} KB batch (reported)`,
      result: `${largest.extractMs.toFixed(1)} ms (parsing it: ${largest.parseMs.toFixed(1)} ms)`,
      met: null,
    },
    {
      target: 'replay rewrite of the same snapshot (reported)',
      result: `${largest.rewriteMs.toFixed(1)} ms`,
      met: null,
    },
  ];
}

export const a1AssetCapture: Scenario<A1Data> = {
  id: 'A1',
  title: 'Asset capture: address walk at commit, replay rewrite, bundle overhead',
  defaultRounds: 15,
  targets,
  async run(context: ScenarioContext): Promise<A1Data> {
    const rows: A1Data['rows'] = [];
    for (const elements of SIZES) {
      const text = JSON.stringify(snapshotOf(elements));
      const parsed = JSON.parse(text) as TimedEvent[];
      const addresses = extractAssetUrls(parsed);
      const assets: ReplayAsset[] = addresses.map((url) => ({
        mime: 'image/png',
        urls: [url],
        data: new Uint8Array(16),
      }));
      let n = 0;
      rows.push({
        elements,
        batchKb: round(text.length / 1024, 0),
        addresses: addresses.length,
        parseMs: round(
          timed(() => JSON.parse(text), context.rounds),
          2,
        ),
        extractMs: round(
          timed(() => extractAssetUrls(parsed), context.rounds),
          2,
        ),
        // The frame's work: a map with a local URL per asset, then the rewrite, on a fresh copy.
        rewriteMs: round(
          timed(() => {
            const events = JSON.parse(text) as TimedEvent[];
            const map = buildAssetUrlMap(assets, () => `blob:null/${++n}`);
            mapAssetUrls(events, map.lookup);
          }, context.rounds) - timed(() => JSON.parse(text), context.rounds),
          2,
        ),
      });
      context.log(`A1 ${elements} elements: ${JSON.stringify(rows.at(-1))}`);
    }
    const random = Uint8Array.from({ length: 200_000 }, () => Math.floor(Math.random() * 256));
    const css = new TextEncoder().encode(
      Array.from(
        { length: 3000 },
        (_, i) =>
          `.c${i} { margin: ${i % 7}px; color: #${(i * 4099).toString(16).slice(0, 6).padEnd(6, '0')} }`,
      ).join('\n'),
    );
    const ratio = (bytes: Uint8Array) =>
      round(
        gzipSync(
          new TextEncoder().encode(JSON.stringify({ t: 'asset', data: bytesToBase64(bytes) })),
        ).length / gzipSync(bytes).length,
        2,
      );
    return {
      rounds: context.rounds,
      rows,
      bundleOverhead: { imageRatio: ratio(random), cssRatio: ratio(css) },
    };
  },
  render(data) {
    const lines = [
      `Median of ${data.rounds} rounds (Node, one core).`,
      '',
      '| page elements | batch | asset addresses | JSON.parse (already paid) | address walk at commit | replay rewrite |',
      '| ---: | ---: | ---: | ---: | ---: | ---: |',
      ...data.rows.map(
        (row) =>
          `| ${row.elements.toLocaleString('en')} | ${row.batchKb.toLocaleString('en')} KB | ${row.addresses} | ${row.parseMs} ms | ${row.extractMs} ms | ${row.rewriteMs} ms |`,
      ),
      '',
      `An asset in a bundle (base64 in gzip JSON lines) weighs ${data.bundleOverhead.imageRatio}× its gzip size for incompressible bytes (images, fonts) and ${data.bundleOverhead.cssRatio}× for CSS.`,
    ];
    return lines.join('\n');
  },
};
