import { useContext, useEffect, useState } from 'preact/hooks';
import {
  dataUrlOf,
  replayFrameDocument,
  type ReplayFrameTemplate,
  type ReplayNetwork,
} from './replay-frame-document';
import { ReplayFrameContext } from './replay-frame-source';

interface FrameUrl {
  url: string | null;
  error: string | null;
}

function frameUrlOf(template: ReplayFrameTemplate, network: ReplayNetwork): FrameUrl {
  return { url: dataUrlOf(replayFrameDocument(template, network)), error: null };
}

/**
 * The isolated replay frame's data: URL (see replay-frame-document.ts). A page that carries the
 * frame's document has it in the first render: the frame loads while the session is read.
 */
export function useReplayFrameUrl(network: ReplayNetwork): FrameUrl {
  const frameSource = useContext(ReplayFrameContext);
  const [state, setState] = useState<FrameUrl>(() => {
    const template = frameSource();
    if (template instanceof Promise) return { url: null, error: null };
    performance.mark('tabreel:frame-created'); // for npm run bench (P1)
    return frameUrlOf(template, network);
  });
  useEffect(() => {
    let cancelled = false;
    // At hand, the first render's document; else (or for another policy) when it is ready.
    void Promise.resolve(frameSource())
      .then((ready) => {
        if (cancelled) return;
        const next = frameUrlOf(ready, network);
        setState((now) => (now.url === next.url ? now : next));
      })
      .catch((error: unknown) => !cancelled && setState({ url: null, error: String(error) }));
    return () => {
      cancelled = true;
    };
  }, [network, frameSource]);
  return state;
}
