// The viewer's first cut: the live list of recorded sessions. Replay, flow and failed actions come
// with the viewer issue; this page already reads the extension's database live.
import { render } from 'preact';
import { SessionList } from './components/session-list/session-list';

render(<SessionList />, document.getElementById('app')!);
