// The standalone viewer as ONE self-contained HTML file (dist/standalone/tabreel-viewer.html): the
// viewer's script and styles inline, and the replay frame's document (its script and styles inline
// too) as a string inside the viewer's script. One file is what a person copies next to their
// bundles, and it is the template of the HTML export (the extension embeds a bundle into it).
// Every inline script is allowed by its hash in the page's CSP: no 'unsafe-inline' for scripts.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type Plugin, type Rolldown } from 'vite';
import { rrwebWithoutEagerPostcss } from './vite.rrweb';

const ROOT = import.meta.dirname;
export const STANDALONE_OUT_DIR = 'dist/standalone';
export const STANDALONE_FILE_NAME = 'tabreel-viewer.html';
const REPLAY_FRAME_MODULE = 'virtual:tabreel-replay-frame';
/** Where the built page's CSP lists its inline scripts' hashes. */
const SCRIPT_HASHES_SLOT = "'tabreel-script-hashes'";

/** A CSP hash source for inline text, over its exact UTF-8 bytes. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * Script text safe inside an inline <script>: `</script` and `<!--` would end or change the script
 * element (escaped as in a string literal, where they occur), and Unicode noncharacters (rrweb
 * carries a U+FFFE) are escaped as the extension build does.
 */
export function inlineScriptText(code: string): string {
  return code
    .replace(/[\uFDD0-\uFDEF\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\!--');
}

export interface BuiltPage {
  html: string;
  code: string;
  css: string;
}

/** The single page of one build's output: its HTML, its one script chunk, its styles. */
function pageOf(output: Rolldown.RolldownOutput): BuiltPage {
  const chunks = output.output.filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
  if (chunks.length !== 1)
    throw new Error(`A standalone page must build to one script, got ${chunks.length}.`);
  const assets = output.output.filter((o): o is Rolldown.OutputAsset => o.type === 'asset');
  const text = (a: Rolldown.OutputAsset) =>
    typeof a.source === 'string' ? a.source : new TextDecoder().decode(a.source);
  const html = assets.find((a) => a.fileName.endsWith('.html'));
  if (!html) throw new Error('A standalone page built without its HTML.');
  return {
    html: text(html),
    code: chunks[0]!.code,
    css: assets
      .filter((a) => a.fileName.endsWith('.css'))
      .map(text)
      .join('\n'),
  };
}

/** The page with its script and stylesheet tags replaced by their inline text. */
function inlined(page: BuiltPage): { html: string; scriptHash: string } {
  const script = inlineScriptText(page.code);
  const style = page.css.replace(/<\/(style)/gi, '<\\/$1');
  const html = page.html
    .replace(/<script\b[^>]*\bsrc="[^"]*"[^>]*><\/script>/, () => '<tabreel-script-slot>')
    .replace(/<link\b[^>]*\brel="stylesheet"[^>]*>/g, '')
    .replace('</head>', () => `<style>${style}</style></head>`)
    .replace('<tabreel-script-slot>', () => `<script type="module">${script}</script>`);
  return { html, scriptHash: cspHash(script) };
}

export async function buildPage(input: string, plugins: Plugin[] = []): Promise<BuiltPage> {
  const result = await build({
    configFile: false,
    root: ROOT,
    base: './',
    logLevel: 'warn',
    plugins,
    // The same rrweb as the extension's pages: the frame then carries no recorder (vite.rrweb.ts).
    resolve: { alias: [{ find: /^rrweb$/, replacement: rrwebWithoutEagerPostcss(ROOT) }] },
    build: {
      write: false,
      target: 'chrome111',
      minify: true,
      sourcemap: false,
      modulePreload: { polyfill: false },
      cssCodeSplit: false,
      // One script (pageOf checks): the viewer's dynamic imports (its chunks in the extension)
      // are inlined, as the page may load no file beside it.
      rollupOptions: { input: resolve(ROOT, input), output: { codeSplitting: false } },
    },
  });
  return pageOf((Array.isArray(result) ? result[0] : result) as Rolldown.RolldownOutput);
}

/** Provides the inlined replay frame document to the viewer's script (viewer/replay-frame-inline.d.ts). */
function replayFrameModule(frame: { html: string; scriptHash: string }): Plugin {
  const resolved = `\0${REPLAY_FRAME_MODULE}`;
  return {
    name: 'tabreel:inline-replay-frame',
    resolveId: (id) => (id === REPLAY_FRAME_MODULE ? resolved : null),
    load: (id) =>
      id === resolved
        ? `export const html = ${JSON.stringify(frame.html)};\nexport const scriptHash = ${JSON.stringify(frame.scriptHash)};`
        : null,
  };
}

/**
 * Builds the standalone viewer, writes it to dist/standalone/, and returns its HTML (with a
 * `?bundle=` fetch allowed from its own origin; the HTML export narrows that to no network).
 */
export async function buildStandaloneViewer(): Promise<string> {
  const frame = inlined(await buildPage('viewer/replay/replay-frame.html'));
  const viewer = inlined(await buildPage('viewer/standalone.html', [replayFrameModule(frame)]));
  if (!viewer.html.includes(SCRIPT_HASHES_SLOT))
    throw new Error('viewer/standalone.html lost its CSP script hash slot.');
  // The replay frame is a data: document: it inherits this page's CSP, so its script is listed too.
  const html = viewer.html.replace(SCRIPT_HASHES_SLOT, `${viewer.scriptHash} ${frame.scriptHash}`);
  const outDir = resolve(ROOT, STANDALONE_OUT_DIR);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(resolve(outDir, STANDALONE_FILE_NAME), html);
  return html;
}
