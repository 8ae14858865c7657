// The extension's viewer page: the sessions in the extension's own database, live.
import { render } from 'preact';
import { App } from './app';
import { DiskFullNotice } from './components/disk-full-notice/disk-full-notice';
import { servedReplayFrame } from './replay/replay-frame-source';
import { createExtensionSource } from './sources/extension-source';
import { openPageDatabase } from './sources/open-page-database';

// For npm run bench (P1): the viewer's modules are in and evaluated.
performance.mark('tabreel:viewer-evaluated');
// Opening a session should not wait for the replay frame's page: read (or fetch) it now.
void Promise.resolve(servedReplayFrame()).catch(() => {});
// The first render waits for the browser's reading of the free space (well under a millisecond),
// not for the open: that goes on during the render, before the route's first read.
const { db, ready } = openPageDatabase();
const root = document.getElementById('app')!;
void ready.then((open) =>
  render(open ? <App source={createExtensionSource(db)} /> : <DiskFullNotice />, root),
);
