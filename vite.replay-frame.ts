// The replay frame's build: its page goes into the viewer's page too, so the viewer can create the
// frame in its first render instead of fetching the page first (P1: opening a session waited for
// the frame), and its script is checked to hold rrweb's Replayer without the recorder.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

/** The built pages, under the extension's output directory. */
const VIEWER_PAGE = 'viewer/index.html';
const FRAME_PAGE = 'viewer/replay/replay-frame.html';
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

/** Puts the built frame page into the built viewer page; fails the build if the frame's script holds the recorder. */
export function embedReplayFrame(outDir: string): Plugin {
  return {
    name: 'tabreel:embed-replay-frame',
    apply: 'build',
    enforce: 'post',
    generateBundle(_, bundle) {
      for (const output of Object.values(bundle))
        if (
          output.type === 'chunk' &&
          output.name === 'replayFrame' &&
          output.code.includes(RECORDER_SIGN)
        )
          this.error(`The replay frame's script holds rrweb's recorder again (see vite.rrweb.ts).`);
    },
    writeBundle() {
      const root = resolve(import.meta.dirname, outDir);
      const viewer = join(root, VIEWER_PAGE);
      const frame = readFileSync(join(root, FRAME_PAGE), 'utf8');
      writeFileSync(viewer, withReplayFrame(readFileSync(viewer, 'utf8'), frame));
    },
  };
}
