// The viewer page's first script (built alone, see vite.replay-frame.ts): the replay frame starts
// loading before the viewer's modules do.
import { startEarlyReplayFrame } from './early-replay-frame';

startEarlyReplayFrame();
