import { describe, expect, it } from 'vitest';
import { buildAssetUrlMap } from '../../shared/replay/asset-url-map';
import type { ReplayAsset } from '../../shared/messages/viewer-to-replay';

const encode = (text: string) => new TextEncoder().encode(text);
const asset = (mime: string, urls: string[], text: string): ReplayAsset => ({
  mime,
  urls,
  data: encode(text),
});

/** A fake createObjectURL that remembers what each local URL holds. */
function fakeUrls() {
  const held = new Map<string, string>();
  return {
    held,
    createUrl: (data: Uint8Array | string, mime: string) => {
      const url = `blob:null/${held.size + 1}`;
      held.set(url, `${mime}|${typeof data === 'string' ? data : new TextDecoder().decode(data)}`);
      return url;
    },
  };
}

describe('buildAssetUrlMap', () => {
  it('gives each captured content one local URL, for every address it stands for, made on first use', () => {
    const urls = fakeUrls();
    const map = buildAssetUrlMap(
      [asset('image/png', ['https://shop.example/a.png', 'https://cdn.example/a.png#frag'], 'PNG')],
      urls.createUrl,
    );
    expect(urls.held.size).toBe(0);
    expect(map.lookup('https://shop.example/a.png')).toBe('blob:null/1');
    expect(map.lookup('https://cdn.example/a.png')).toBe('blob:null/1');
    expect(map.lookup('https://shop.example/other.png')).toBeNull();
    expect(map.created).toEqual(['blob:null/1']);
  });

  it('rewrites a stylesheet first: captured fonts, images and imports go local, the rest absolute', () => {
    const urls = fakeUrls();
    const map = buildAssetUrlMap(
      [
        asset(
          'text/css',
          ['https://cdn.example/css/site.css'],
          '@import "theme.css"; @font-face { src: url(../fonts/brand.ttf) } .x { background: url(missing.png) }',
        ),
        asset('text/css', ['https://cdn.example/css/theme.css'], 'h1 { color: red }'),
        asset('font/ttf', ['https://cdn.example/fonts/brand.ttf'], 'TTF'),
      ],
      urls.createUrl,
    );
    const site = map.lookup('https://cdn.example/css/site.css')!;
    expect(urls.held.get(site)).toBe(
      `text/css|@import "${map.lookup('https://cdn.example/css/theme.css')}"; @font-face { src: url("${map.lookup('https://cdn.example/fonts/brand.ttf')}") } .x { background: url("https://cdn.example/css/missing.png") }`,
    );
    expect(urls.held.get(map.lookup('https://cdn.example/fonts/brand.ttf')!)).toBe('font/ttf|TTF');
  });

  it('survives an @import cycle', () => {
    const urls = fakeUrls();
    const map = buildAssetUrlMap(
      [
        asset('text/css', ['https://x.example/a.css'], '@import "b.css";'),
        asset('text/css', ['https://x.example/b.css'], '@import "a.css";'),
      ],
      urls.createUrl,
    );
    const a = map.lookup('https://x.example/a.css')!;
    const b = map.lookup('https://x.example/b.css')!;
    expect(urls.held.get(a)).toBe(`text/css|@import "${b}";`);
    expect(urls.held.get(b)).toBe('text/css|@import "https://x.example/a.css";');
  });
});
