import { createContext } from 'preact';
import { servedFrameTemplate, type ReplayFrameTemplate } from './replay-frame-document';

/** Where a page's replay frame document comes from: fetched beside it, or built into it. */
export type ReplayFrameSource = () => Promise<ReplayFrameTemplate>;

let served: Promise<ReplayFrameTemplate> | null = null;

/**
 * The extension's: the built replay frame page beside the viewer's, fetched once per page (from the
 * moment the viewer loads: opening a session should not wait for it).
 */
export const servedReplayFrame: ReplayFrameSource = () => {
  served ??= fetch(new URL('./replay/replay-frame.html', location.href).href).then(
    async (response) => {
      if (!response.ok) throw new Error(`The replay frame is missing (${response.status}).`);
      return servedFrameTemplate(await response.text(), location.origin);
    },
  );
  served.catch(() => (served = null));
  return served;
};

/** The page's replay frame source; the extension's unless its entry provides another. */
export const ReplayFrameContext = createContext<ReplayFrameSource>(servedReplayFrame);
