// The replay frame's build: its page goes into the viewer's page too, so the viewer can create the
// frame in its first render instead of fetching the page first (P1: opening a session waited for
// the frame), and its script is checked to hold rrweb's Replayer without the recorder. The frame's
// code is built apart, as one script, its styles inline in its page: the frame loads one file, not
// the eight (script, shared chunks, styles) of a page of the extension's main build (P1).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { buildPage, type BuiltPage } from './vite.standalone';

/** The built pages, under the extension's output directory. */
const VIEWER_PAGE = 'viewer/index.html';
const FRAME_PAGE = 'viewer/replay/replay-frame.html';
/** Its source (the same path in the repository). */
const FRAME_PAGE_SOURCE = FRAME_PAGE;
/** The meta whose content is the frame's page (viewer/replay/replay-frame-source.ts reads it). */
export const REPLAY_FRAME_META = 'tabreel:replay-frame';
/** A property of rrweb's `record` that survives minifying: in the frame's script, the recorder is back. */
const RECORDER_SIGN = 'freezePage';

/** Text safe inside a double-quoted HTML attribute, read back exactly by getAttribute. */
export function attributeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * The viewer's page with the frame's page in a meta, last in its head: after its charset, which
 * must come in the first 1024 bytes; its module script runs only once the page is parsed.
 */
export function withReplayFrame(viewerHtml: string, frameHtml: string): string {
  const meta = `<meta name="${REPLAY_FRAME_META}" content="${attributeText(frameHtml)}" />`;
  if (!/<\/head>/i.test(viewerHtml)) throw new Error(`${VIEWER_PAGE} has no </head>.`);
  return viewerHtml.replace(/<\/head>/i, () => `${meta}</head>`);
}

/**
 * The frame's page as the extension serves it: its one script from `scriptFile` (absolute on the
 * extension, as servedFrameTemplate expects), its styles inline (its CSP allows inline styles).
 */
export function servedFramePage(page: Pick<BuiltPage, 'html' | 'css'>, scriptFile: string): string {
  const script = /<script\b[^>]*\bsrc="[^"]*"[^>]*><\/script>/;
  if (!script.test(page.html)) throw new Error(`${FRAME_PAGE} built without its script.`);
  const style = page.css.replace(/<\/(style)/gi, '<\\/$1');
  return page.html
    .replace(script, () => `<script type="module" crossorigin src="/${scriptFile}"></script>`)
    .replace(/<link\b[^>]*\brel="stylesheet"[^>]*>\s*/g, '')
    .replace(/<\/head>/i, () => `<style>${style}</style></head>`);
}

/**
 * Builds the frame's page (one script, named by its content), puts it and the page into the
 * extension, and the page into the built viewer page; fails the build if the frame's script holds
 * the recorder.
 */
export function embedReplayFrame(outDir: string): Plugin {
  let built: { code: string; file: string; html: string } | null = null;
  return {
    name: 'tabreel:embed-replay-frame',
    apply: 'build',
    enforce: 'post',
    async buildStart() {
      const page = await buildPage(FRAME_PAGE_SOURCE);
      if (page.code.includes(RECORDER_SIGN))
        this.error(`The replay frame's script holds rrweb's recorder again (see vite.rrweb.ts).`);
      const hash = createHash('sha256').update(page.code).digest('base64url').slice(0, 8);
      const file = `assets/replayFrame-${hash}.js`;
      built = { code: page.code, file, html: servedFramePage(page, file) };
    },
    generateBundle() {
      if (!built) return;
      this.emitFile({ type: 'asset', fileName: built.file, source: built.code });
      this.emitFile({ type: 'asset', fileName: FRAME_PAGE, source: built.html });
    },
    writeBundle() {
      const root = resolve(import.meta.dirname, outDir);
      const viewer = join(root, VIEWER_PAGE);
      const frame = readFileSync(join(root, FRAME_PAGE), 'utf8');
      writeFileSync(viewer, withReplayFrame(readFileSync(viewer, 'utf8'), frame));
    },
  };
}
