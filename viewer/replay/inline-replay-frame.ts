import { html, scriptHash } from 'virtual:tabreel-replay-frame';
import type { ReplayFrameSource } from './replay-frame-source';

/** The standalone viewer's replay frame: built into its script, allowed by its hash; no fetch. */
export const inlineReplayFrame: ReplayFrameSource = () => ({
  html,
  scriptSrc: scriptHash,
  styleSrc: '',
});
