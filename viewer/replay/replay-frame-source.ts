import { createContext } from 'preact';
import { servedFrameTemplate, type ReplayFrameTemplate } from './replay-frame-document';

/**
 * Where a page's replay frame document comes from: built into the page (at once, so the frame is
 * created in the first render), or fetched beside it.
 */
export type ReplayFrameSource = () => ReplayFrameTemplate | Promise<ReplayFrameTemplate>;

/** The meta the build puts the frame's page in (vite.replay-frame.ts). */
const REPLAY_FRAME_META = 'tabreel:replay-frame';

let served: ReplayFrameTemplate | Promise<ReplayFrameTemplate> | null = null;

/** The built replay frame page beside the viewer's, fetched (a page built without it: `vite` dev). */
function fetchServed(): Promise<ReplayFrameTemplate> {
  const fetched = fetch(new URL('./replay/replay-frame.html', location.href).href).then(
    async (response) => {
      if (!response.ok) throw new Error(`The replay frame is missing (${response.status}).`);
      return (served = servedFrameTemplate(await response.text(), location.origin));
    },
  );
  fetched.catch(() => (served = null));
  return fetched;
}

/**
 * The extension's: the built replay frame page, which the build also puts into the viewer's page
 * (read at once); else fetched once per page, from the moment the viewer loads.
 */
export const servedReplayFrame: ReplayFrameSource = () => {
  const built = document
    .querySelector(`meta[name="${REPLAY_FRAME_META}"]`)
    ?.getAttribute('content');
  served ??= built ? servedFrameTemplate(built, location.origin) : fetchServed();
  return served;
};

/** The page's replay frame source; the extension's unless its entry provides another. */
export const ReplayFrameContext = createContext<ReplayFrameSource>(servedReplayFrame);
