// The standalone viewer: a local page (not an extension page) that opens bundle files: picked,
// dropped, named by `?bundle=` (served next to it), or embedded (the HTML export).
import { render } from 'preact';
import { inlineReplayFrame } from './replay/inline-replay-frame';
import { ReplayFrameContext } from './replay/replay-frame-source';
import { embeddedBundle } from './sources/embedded-bundle';
import { BUNDLE_PARAM, fetchBundleParam, fetchOwnFile } from './sources/fetch-bundle-param';
import { createStandaloneSource } from './sources/standalone-source';
import { StandaloneApp, type Arrival } from './standalone-app';

const embedded = embeddedBundle(document);
const named = new URLSearchParams(location.search).get(BUNDLE_PARAM);
const arrival: Arrival | null = embedded
  ? { name: embedded.name, file: () => Promise.resolve(embedded) }
  : named
    ? { name: named, file: () => fetchBundleParam(named, location.href) }
    : null;

// Its sessions get new ids each time it opens: an address from an earlier opening names none.
if (embedded) history.replaceState(null, '', '#/');
// An HTML export keeps its session in memory: opened from disk, it leaves nothing in the browser.
// Served over http, this page's own file is the template of an HTML export (from disk it cannot be
// read back, and an export's copy carries a bundle already).
const ownHtml =
  embedded || location.protocol === 'file:' ? null : () => fetchOwnFile(location.href);
const source = await createStandaloneSource(embedded ? 'memory' : 'page', ownHtml);

render(
  <ReplayFrameContext.Provider value={inlineReplayFrame}>
    <StandaloneApp source={source} arrival={arrival} />
  </ReplayFrameContext.Provider>,
  document.getElementById('app')!,
);
