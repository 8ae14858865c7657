// The extension's viewer page: the sessions in the extension's own database, live.
import { render } from 'preact';
import { App } from './app';
import { createExtensionSource } from './sources/extension-source';

render(<App source={createExtensionSource()} />, document.getElementById('app')!);
