import { crx } from '@crxjs/vite-plugin';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, defineConfig, type Plugin, type Rolldown } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import packageJson from './package.json' with { type: 'json' };
import { embedReplayFrame } from './vite.replay-frame';
import { rrwebWithoutEagerPostcss } from './vite.rrweb';
import { buildStandaloneViewer, STANDALONE_FILE_NAME } from './vite.standalone';
import { RRWEB_PART_FILE } from './extension/background/rrweb-part-file';

export const EXTENSION_OUT_DIR = 'dist/extension';

// Content scripts that must run synchronously at document_start: bundled whole (IIFE), no loader.
const STANDALONE_CONTENT_SCRIPTS = ['extension/content/relay.ts', 'extension/page/recorder.ts'];

/**
 * The recorder's second script (rrweb, web-vitals), which the service worker injects with
 * chrome.scripting after the page's first paint: one IIFE file, in no manifest list and
 * web-accessible to no page. Built apart, not through CRXJS's `?script` import, whose
 * intermediate ESM chunk split rrweb into a chunk shared with the replay frame.
 */
function rrwebPartScript(): Plugin {
  let code: string | null = null;
  return {
    name: 'tabreel:rrweb-part-script',
    apply: 'build',
    async buildStart() {
      const result = await build({
        configFile: false,
        logLevel: 'warn',
        resolve: {
          alias: [{ find: /^rrweb$/, replacement: rrwebWithoutEagerPostcss(import.meta.dirname) }],
        },
        build: {
          write: false,
          emptyOutDir: false,
          minify: true,
          sourcemap: false,
          target: 'chrome111',
          lib: {
            entry: resolve(import.meta.dirname, 'extension/page/recorder-rrweb.ts'),
            formats: ['iife'],
            name: 'tabreelRrwebPart',
            fileName: () => RRWEB_PART_FILE,
          },
        },
      });
      const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
      const chunk = outputs
        .flatMap((o) => o.output)
        .find((o): o is Rolldown.OutputChunk => o.type === 'chunk' && o.isEntry);
      if (!chunk) throw new Error('The rrweb part built without its script.');
      code = chunk.code;
    },
    generateBundle() {
      if (code !== null) this.emitFile({ type: 'asset', fileName: RRWEB_PART_FILE, source: code });
    },
  };
}

/**
 * Chrome silently refuses a content script holding Unicode noncharacters ("isn't UTF-8 encoded"),
 * and rrweb's bundle carries a literal U+FFFE. Escape them in every emitted script, on disk: CRXJS
 * builds the IIFE content scripts outside the main bundle.
 */
function escapeNoncharacters(outDir: string): Plugin {
  const NONCHARACTERS = /[\uFDD0-\uFDEF\uFFFE\uFFFF]/g;
  const escape = (code: string) =>
    code.replace(NONCHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return {
    name: 'tabreel:escape-noncharacters',
    apply: 'build',
    enforce: 'post',
    closeBundle() {
      const root = resolve(import.meta.dirname, outDir);
      for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.js')) continue;
        const path = join(root, file);
        const code = readFileSync(path, 'utf8');
        const escaped = escape(code);
        if (escaped !== code) writeFileSync(path, escaped);
      }
    },
  };
}

/**
 * Builds the standalone viewer (dist/standalone/, see vite.standalone.ts) with every extension
 * build, and ships its one file inside the extension too: the template of the HTML export.
 */
function standaloneViewer(): Plugin {
  let html: string | null = null;
  return {
    name: 'tabreel:standalone-viewer',
    apply: 'build',
    async buildStart() {
      html = await buildStandaloneViewer();
    },
    generateBundle() {
      if (html === null) return;
      this.emitFile({
        type: 'asset',
        fileName: `standalone/${STANDALONE_FILE_NAME}`,
        source: html,
      });
    },
  };
}

export default defineConfig({
  // CRXJS builds the content scripts with this `resolve` but without our plugins: an alias is
  // how they, too, get rrweb without postcss (see vite.rrweb.ts).
  resolve: {
    alias: [{ find: /^rrweb$/, replacement: rrwebWithoutEagerPostcss(import.meta.dirname) }],
  },
  plugins: [
    standaloneViewer(),
    rrwebPartScript(),
    crx({
      manifest: { ...manifest, version: packageJson.version },
      contentScripts: { standaloneFiles: STANDALONE_CONTENT_SCRIPTS },
    }),
    escapeNoncharacters(EXTENSION_OUT_DIR),
    embedReplayFrame(EXTENSION_OUT_DIR),
  ],
  build: {
    outDir: EXTENSION_OUT_DIR,
    emptyOutDir: true,
    target: 'chrome111',
    sourcemap: false,
    minify: true,
    rollupOptions: {
      input: {
        viewer: resolve(import.meta.dirname, 'viewer/index.html'),
      },
      // The standalone viewer and the rrweb part are whole builds run inside two plugins'
      // buildStart: Rolldown's "significant time in plugin" warning on every build names them.
      checks: { bundlerTimings: false },
    },
  },
});
