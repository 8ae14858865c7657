// The extension's viewer page: the sessions in the extension's own database, live.
import { render } from 'preact';
import { openTabreelDb } from '../shared/db/schema';
import { App } from './app';
import { servedReplayFrame } from './replay/replay-frame-source';
import { createExtensionSource } from './sources/extension-source';

// Opening a session should not wait for the replay frame's page: read (or fetch) it now.
void Promise.resolve(servedReplayFrame()).catch(() => {});
// Nor for the database to open: it opens during the first render, before the route's first read.
// A failure here is the first query's too, which reports it.
const db = openTabreelDb();
void db.open().catch(() => {});

render(<App source={createExtensionSource(db)} />, document.getElementById('app')!);
