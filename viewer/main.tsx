// The extension's viewer page: the sessions in the extension's own database, live.
import { render } from 'preact';
import { App } from './app';
import { servedReplayFrame } from './replay/replay-frame-source';
import { createExtensionSource } from './sources/extension-source';

// Opening a session should not wait for the replay frame's page: read (or fetch) it now.
void Promise.resolve(servedReplayFrame()).catch(() => {});

render(<App source={createExtensionSource()} />, document.getElementById('app')!);
