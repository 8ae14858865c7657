// The replay frame created before the viewer's modules have loaded (P1: opening a session). The
// frame's own page takes as long to load as the viewer's code, and it waited for it: created in
// the first render, it became ready after the session's first chunk was read. A small script of
// its own (built by vite.replay-frame.ts, `async` in the viewer's page) creates it, hidden, as soon
// as the page is parsed; the player adopts it without reloading it (`moveBefore`).
import { isSessionHash } from '../state/hash-route';
import { dataUrlOf, replayFrameDocument, servedFrameTemplate } from './replay-frame-document';

/** The meta the build puts the frame's page in (vite.replay-frame.ts). */
export const REPLAY_FRAME_META = 'tabreel:replay-frame';
const EARLY_FRAME_ID = 'tabreel-early-replay-frame';
/** Set on the early frame once it has said it is ready: that message came before anyone listened. */
const READY_ATTRIBUTE = 'data-ready';

/**
 * On a session's address, creates the replay frame for a recorded session (most are; the player
 * takes it only if its document is the one it wants) and notes its `ready`. Does nothing where
 * `moveBefore` is missing: moved by other means, the frame would load again.
 */
export function startEarlyReplayFrame(doc: Document = document): void {
  if (!('moveBefore' in Element.prototype) || doc.getElementById(EARLY_FRAME_ID)) return;
  if (!isSessionHash(doc.location.hash)) return;
  const built = doc.querySelector(`meta[name="${REPLAY_FRAME_META}"]`)?.getAttribute('content');
  if (!built) return;
  const template = servedFrameTemplate(built, doc.location.origin);
  const frame = doc.createElement('iframe');
  frame.id = EARLY_FRAME_ID;
  frame.hidden = true;
  frame.src = dataUrlOf(replayFrameDocument(template, 'live'));
  const view = doc.defaultView!;
  const onMessage = (event: MessageEvent<unknown>) => {
    if (event.source !== frame.contentWindow) return;
    if ((event.data as { type?: unknown } | null)?.type !== 'ready') return;
    frame.setAttribute(READY_ATTRIBUTE, '');
    view.removeEventListener('message', onMessage);
  };
  view.addEventListener('message', onMessage);
  doc.body.append(frame);
  performance.mark('tabreel:frame-created'); // for npm run bench (P1)
}

/**
 * The early frame, if its document is `url`, moved into `host` (it keeps its loaded page), and
 * whether it is ready already; else null, and an early frame of another document is removed.
 */
export function adoptEarlyReplayFrame(
  url: string,
  host: Element,
  doc: Document = document,
): { frame: HTMLIFrameElement; ready: boolean } | null {
  const frame = doc.getElementById(EARLY_FRAME_ID);
  if (!(frame instanceof HTMLIFrameElement)) return null;
  frame.removeAttribute('id');
  if (frame.src !== url) {
    frame.remove();
    return null;
  }
  (host as Element & { moveBefore(node: Node, child: Node | null): void }).moveBefore(frame, null);
  frame.hidden = false;
  return { frame, ready: frame.hasAttribute(READY_ATTRIBUTE) };
}

/** Removes an early frame no player took (the address was not a replayable session after all). */
export function discardEarlyReplayFrame(doc: Document = document): void {
  doc.getElementById(EARLY_FRAME_ID)?.remove();
}
