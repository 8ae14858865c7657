import { describe, expect, it } from 'vitest';
import {
  dataUrlOf,
  replayFrameDocument,
  servedFrameTemplate,
} from '../../viewer/replay/replay-frame-document';

const BUILT = `<!doctype html><html><head><meta charset="utf-8" /><script type="module" crossorigin src="/assets/replay-1.js"></script><link rel="stylesheet" href="/assets/replay-1.css"></head><body><div id="stage"></div></body></html>`;
const ORIGIN = 'chrome-extension://abcdef/';

describe('replayFrameDocument', () => {
  it('points the built assets at the extension and puts a CSP first in <head>', () => {
    const html = replayFrameDocument(servedFrameTemplate(BUILT, ORIGIN), 'live');
    expect(html).toContain('src="chrome-extension://abcdef/assets/replay-1.js"');
    expect(html).toContain('href="chrome-extension://abcdef/assets/replay-1.css"');
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(html).toMatch(/<head><meta http-equiv="Content-Security-Policy"/);
  });

  it('allows only our own scripts, never a connection, and the network for assets only when live', () => {
    const csp = (network: 'live' | 'none') =>
      /content="([^"]*)"/.exec(
        replayFrameDocument(servedFrameTemplate(BUILT, ORIGIN), network),
      )![1]!;
    expect(csp('live')).toContain("default-src 'none'");
    expect(csp('live')).toContain('script-src chrome-extension://abcdef/assets/;');
    expect(csp('live')).toContain("connect-src 'none'");
    expect(csp('live')).toContain('img-src data: blob: http: https:');
    expect(csp('none')).toContain('img-src data: blob:;');
    expect(csp('none')).not.toMatch(/https?:(?!\/\/)/);
  });

  it('allows an inline frame script by its hash only, and inline styles', () => {
    const html = replayFrameDocument(
      { html: '<html><head></head><body></body></html>', scriptSrc: "'sha256-abc='", styleSrc: '' },
      'none',
    );
    const csp = /content="([^"]*)"/.exec(html)![1]!;
    expect(csp).toContain("script-src 'sha256-abc='");
    expect(csp).toContain("style-src 'unsafe-inline' data: blob:;");
    expect(csp).not.toMatch(/https?:/);
  });

  it('makes a UTF-8 data: URL that decodes to the same document', () => {
    const url = dataUrlOf('<p>Café ✓</p>');
    expect(url.startsWith('data:text/html;base64,')).toBe(true);
    const decoded = new TextDecoder().decode(Buffer.from(url.split(',')[1]!, 'base64'));
    expect(decoded).toBe('<p>Café ✓</p>');
  });
});
