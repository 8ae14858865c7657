import { describe, expect, it } from 'vitest';
import { base64Pieces, htmlExportParts } from '../../shared/bundle/html-export';

const VIEWER = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-x'; connect-src 'self'" /><title>Tabreel viewer</title></head><body><main id="app"></main></body></html>`;

const bytes = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i * seed) & 255);

describe('base64Pieces', () => {
  it('encodes pieces of any length as the base64 of their concatenation', () => {
    const parts = [bytes(1, 7), bytes(5, 13), bytes(0, 1), bytes(200_000, 31), bytes(2, 3)];
    const whole = Buffer.concat(parts.map((p) => Buffer.from(p)));
    expect([...base64Pieces(parts)].join('')).toBe(whole.toString('base64'));
    expect([...base64Pieces([])].join('')).toBe('');
  });
});

describe('htmlExportParts', () => {
  const html = (title: string, fileName: string) =>
    htmlExportParts(VIEWER, [bytes(10, 5)], { title, fileName }).join('');

  it('embeds the bundle in a script element that never runs, before </body>', () => {
    const page = html('Checkout', 'tabreel-shop-2026-01-02.tabreel');
    const embedded =
      /<script type="application\/octet-stream" id="tabreel-bundle" data-name="tabreel-shop-2026-01-02.tabreel">([^<]*)<\/script>\s*<\/body>/.exec(
        page,
      );
    expect(embedded?.[1]).toBe(Buffer.from(bytes(10, 5)).toString('base64'));
  });

  it('allows no network at all, and titles the page after the session, escaped', () => {
    const page = html('<img src=x onerror=alert(1)> & "co"', 'a"b<.tabreel');
    expect(page).toContain("connect-src 'none'");
    expect(page).not.toContain("connect-src 'self'");
    expect(page).toContain(
      '<title>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;co&quot; · Tabreel</title>',
    );
    expect(page).toContain('data-name="a&quot;b&lt;.tabreel"');
    expect(page).not.toContain('<img');
  });

  it('refuses a page that is not the standalone viewer it expects', () => {
    expect(() =>
      htmlExportParts('<html><body></body></html>', [], { title: 't', fileName: 'f' }),
    ).toThrow(/not the one this export expects/);
  });
});
