import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from '../support/chromium';
import { RRWEB_PART_FILE } from '../../extension/background/rrweb-part-file';

const files = readdirSync(EXTENSION_DIR, { recursive: true, encoding: 'utf8' });

describe('the built extension', () => {
  it('holds no Unicode noncharacters in any script (Chrome silently refuses such content scripts)', () => {
    const offenders = files
      .filter((file) => file.endsWith('.js'))
      .filter((file) =>
        /[\uFDD0-\uFDEF\uFFFE\uFFFF]/.test(readFileSync(join(EXTENSION_DIR, file), 'utf8')),
      );
    expect(offenders).toEqual([]);
  });

  it('injects the recorder synchronously at document_start in the MAIN world, and exposes nothing to pages', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    const recorder = manifest.content_scripts.find((s: { world?: string }) => s.world === 'MAIN');
    expect(recorder).toMatchObject({ run_at: 'document_start', all_frames: true });
    // A loader stub would import the real script asynchronously and start late.
    const code = readFileSync(join(EXTENSION_DIR, recorder.js[0]), 'utf8');
    expect(code).not.toMatch(/\bimport\(/);
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
  });

  it('compiles no rrweb at document_start: it comes in a second script the service worker injects', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    const scripts = manifest.content_scripts.flatMap((s: { js: string[] }) => s.js) as string[];
    // rrweb's own identifiers that minifying keeps (strings and property names).
    const rrweb = /rr_dataURL|__rrweb_original__/;
    for (const script of scripts)
      expect(readFileSync(join(EXTENSION_DIR, script), 'utf8')).not.toMatch(rrweb);
    expect(scripts).not.toContain(RRWEB_PART_FILE);
    const part = readFileSync(join(EXTENSION_DIR, RRWEB_PART_FILE), 'utf8');
    expect(part).toMatch(rrweb);
    expect(part).not.toMatch(/\bimport\(|^import /m);
    // chrome.scripting injects it: not subject to the page's CSP, and no page can fetch it.
    expect(manifest.permissions).toContain('scripting');
    // The relay runs in every frame: chrome.* directly, no polyfill to evaluate. At document_start,
    // though its isolated world costs the first paint ~4 ms (V1): at document_idle a page left
    // before DOMContentLoaded was not recorded at all (tests/e2e/still-parsing.e2e.ts).
    const relay = scripts.find((s) => s.includes('relay'))!;
    const relayEntry = manifest.content_scripts.find((s: { js: string[] }) => s.js.includes(relay));
    expect(relayEntry).toMatchObject({ run_at: 'document_start', all_frames: true });
    expect(readFileSync(join(EXTENSION_DIR, relay), 'utf8')).not.toMatch(
      /WebExtensionPolyfill|webextension-polyfill/,
    );
  });

  it('evaluates no replay-only code at document_start: the recorder carries no postcss, the replay does', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    const scripts = [
      ...(manifest.content_scripts.flatMap((s: { js: string[] }) => s.js) as string[]),
      RRWEB_PART_FILE,
    ];
    expect(scripts.length).toBeGreaterThan(1);
    // postcss's own class and method names, which minifying keeps (string keys and messages).
    const postcss = /registerPostcss|CssSyntaxError/;
    for (const script of scripts)
      expect(readFileSync(join(EXTENSION_DIR, script), 'utf8')).not.toMatch(postcss);
    // The Replayer still adapts recorded CSS with it (vite.rrweb.ts must not break replay).
    const replay = files.filter((file) => /replayFrame.*\.js$/.test(file));
    expect(replay).toHaveLength(1);
    expect(readFileSync(join(EXTENSION_DIR, replay[0]!), 'utf8')).toMatch(postcss);
  });

  it('evaluates only the early watchers at document_start: rrweb’s options, the mutation hold and schemas come later', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    const recorder = manifest.content_scripts.find((s: { world?: string }) => s.world === 'MAIN');
    const early = readFileSync(join(EXTENSION_DIR, recorder.js[0]), 'utf8');
    const part = readFileSync(join(EXTENSION_DIR, RRWEB_PART_FILE), 'utf8');
    // Strings minifying keeps: rrweb's options (slimDOM, every masked field kind), the hold's
    // rrweb call and its input listeners. They travel with rrweb, injected after the first paint.
    const rrwebOnly = [/headMetaVerification/, /datetime-local/, /freezePage/, /selectionchange/];
    for (const sign of rrwebOnly) {
      expect(early).not.toMatch(sign);
      expect(part).toMatch(sign);
    }
    // valibot (the messages' and settings' schemas): a top-level read once kept it in every frame.
    expect(early).not.toMatch(/abortPipeEarly|~standard/);
  });

  it('gives the replay frame rrweb’s Replayer without its recorder, and its page inside the viewer’s', () => {
    const replay = files.find((file) => /replayFrame.*\.js$/.test(file))!;
    // Properties of rrweb's `record`, which minifying keeps: the recorder is not in the frame.
    const code = readFileSync(join(EXTENSION_DIR, replay), 'utf8');
    expect(code).not.toMatch(/freezePage|takeFullSnapshot|addCustomEvent/);
    expect(code).toMatch(/Replayer/);
    // The viewer creates the frame in its first render, from its own page: no fetch first.
    const viewer = readFileSync(join(EXTENSION_DIR, 'viewer/index.html'), 'utf8');
    const content = /<meta name="tabreel:replay-frame" content="([^"]*)"/.exec(viewer)?.[1] ?? '';
    const decoded = content
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    const frame = readFileSync(join(EXTENSION_DIR, 'viewer/replay/replay-frame.html'), 'utf8');
    expect(decoded).toBe(frame);
    expect(frame).toContain(replay.split('/').pop());
  });

  it('gives the replay frame one file to load, its script: no shared chunk, its styles inline', () => {
    // Each load of the frame's page is a request on the viewer's thread before the first frame (P1).
    const frame = readFileSync(join(EXTENSION_DIR, 'viewer/replay/replay-frame.html'), 'utf8');
    const loads = [...frame.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(loads).toHaveLength(1);
    expect(loads[0]).toMatch(/^\/assets\/replayFrame-[\w-]+\.js$/);
    expect(frame).toMatch(/<style>[^<]*\.replayer-wrapper/);
    const code = readFileSync(join(EXTENSION_DIR, loads[0]!), 'utf8');
    expect(code).not.toMatch(/^\s*import\b|\bimport\s*\(/m);
  });

  it('starts the viewer with only what a session’s first replay frame needs; the rest are chunks it loads later', () => {
    const viewer = readFileSync(join(EXTENSION_DIR, 'viewer/index.html'), 'utf8');
    // The page's own scripts: its entry and the modules it preloads (the frame's page aside).
    const head = viewer.split('<meta name="tabreel:replay-frame"')[0]!;
    const start = [...head.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    const bytes = start.reduce((sum, file) => sum + statSync(join(EXTENSION_DIR, file)).size, 0);
    // ~350 KB when every route was in the entry; Dexie alone is ~100 KB of what is left (P1).
    expect(bytes).toBeLessThan(210_000);
    for (const later of ['browse-routes', 'session-panels', 'share-dialog', 'session-files']) {
      expect(files.some((file) => file.startsWith(`assets/${later}-`))).toBe(true);
      expect(start.some((file) => file.startsWith(`assets/${later}-`))).toBe(false);
    }
  });
});

describe('the built standalone viewer (one self-contained file)', () => {
  const STANDALONE = join(EXTENSION_DIR, '../standalone/tabreel-viewer.html');
  const html = readFileSync(STANDALONE, 'utf8');
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1] ?? '';
  const directive = (name: string) =>
    csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `)) ?? '';

  it('allows its inline scripts by hash only, and no network but its own origin for ?bundle=', () => {
    const inline = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map(
      (m) => m[1]!,
    );
    expect(inline).toHaveLength(1);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/);
    const hash = `'sha256-${createHash('sha256').update(inline[0]!, 'utf8').digest('base64')}'`;
    const scriptSrc = directive('script-src').split(/\s+/).slice(1);
    expect(scriptSrc).toContain(hash);
    // Its own script and the replay frame's, nothing else.
    expect(scriptSrc).toHaveLength(2);
    expect(scriptSrc.every((s) => s.startsWith("'sha256-"))).toBe(true);
    expect(directive('default-src')).toBe("default-src 'none'");
    expect(directive('connect-src')).toBe("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
  });

  it('carries the marker that keeps the recorder away before any script, and no noncharacter', () => {
    expect(html.indexOf('<meta name="tabreel" content="viewer"')).toBeGreaterThan(0);
    expect(html.indexOf('<meta name="tabreel" content="viewer"')).toBeLessThan(
      html.indexOf('<script'),
    );
    expect(html).not.toMatch(/[\uFDD0-\uFDEF\uFFFE\uFFFF]/);
  });

  it('ships inside the extension too, as the HTML export template', () => {
    expect(readFileSync(join(EXTENSION_DIR, 'standalone/tabreel-viewer.html'), 'utf8')).toBe(html);
  });
});
