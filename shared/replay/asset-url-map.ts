// The replay frame's address → local URL map for a session's captured assets. Stylesheets are
// rewritten before they get their URL: the fonts, images and @imports they name point at captured
// copies too, and what was not captured at its absolute address (a stylesheet served from a blob:
// URL would otherwise resolve its relative addresses against the blob). Pure: the frame passes
// `createUrl` (URL.createObjectURL over a Blob); tests pass a fake.
import { assetKeyOf } from '../assets/map-asset-urls';
import { mapCssUrls } from '../assets/css-urls';
import type { ReplayAsset } from '../messages/viewer-to-replay';

export interface AssetUrlMap {
  /** The local URL for an absolute address (as `assetKeyOf` makes it), or null. */
  lookup: (url: string) => string | null;
  /** Every local URL made, so the frame can revoke them. */
  created: string[];
}

export function buildAssetUrlMap(
  assets: readonly ReplayAsset[],
  createUrl: (data: Uint8Array | string, mime: string) => string,
): AssetUrlMap {
  const byUrl = new Map<string, ReplayAsset>();
  for (const asset of assets)
    for (const url of asset.urls) {
      const key = assetKeyOf(url, undefined);
      if (key) byUrl.set(key, asset);
    }
  const made = new Map<ReplayAsset, string | null>();
  const created: string[] = [];
  const visiting = new Set<ReplayAsset>();

  const urlOf = (asset: ReplayAsset, address: string): string | null => {
    if (made.has(asset)) return made.get(asset)!;
    if (asset.mime !== 'text/css') {
      const url = createUrl(asset.data, asset.mime);
      created.push(url);
      made.set(asset, url);
      return url;
    }
    // An @import cycle: the inner reference keeps its address (blocked offline, as recorded live).
    if (visiting.has(asset)) return null;
    visiting.add(asset);
    const css = mapCssUrls(new TextDecoder().decode(asset.data), (written) => {
      const key = assetKeyOf(written, address);
      if (!key) return null;
      const inner = byUrl.get(key);
      return (inner && urlOf(inner, key)) ?? key;
    });
    visiting.delete(asset);
    const url = createUrl(css, 'text/css');
    created.push(url);
    made.set(asset, url);
    return url;
  };

  return {
    lookup: (url) => {
      const asset = byUrl.get(url);
      return asset ? urlOf(asset, url) : null;
    },
    created,
  };
}
