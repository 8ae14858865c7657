// The viewer page and its sandboxed replay frame talk only through these messages (postMessage).
// The frame has a unique origin and no extension API: it is where untrusted recorded DOM is rebuilt.
/** A captured asset for the replay: its bytes, its media type, and every address it stands for. */
export interface ReplayAsset {
  mime: string;
  urls: string[];
  data: Uint8Array;
}

export type ViewerToReplay =
  /**
   * The session's captured assets, sent (transferred) before its events: the frame makes its own
   * blob: URLs of them (blob URLs belong to the origin that made them) and puts them in place of
   * the recorded addresses, so the replay needs no network for them. Kept until the next `assets`.
   */
  | { type: 'assets'; assets: ReplayAsset[] }
  /**
   * Replace the replay with these events (JSON arrays as UTF-8, parsed and sanitized by the frame),
   * positioned at `at` ms, paused. Transferred bytes, not a cloned value: received in the data:
   * frame, a cloned graph of 200k events took 5–7 s to deserialize and the same JSON as one string
   * 0.5–1.8 s, the transferred bytes nothing (npm run bench, P1; docs/benchmarks.md).
   */
  | {
      type: 'load';
      /** The first chunks' JSON arrays (UTF-8), each parsed alone: a corrupt one costs only itself. */
      chunks: Uint8Array[];
      at: number;
      speed: number;
      skipInactive: boolean;
      /** No `append` follows. Otherwise the first frame shows while the rest streams in. */
      complete: boolean;
      /**
       * The session's end, ms since the epoch (null: still recording). The replay runs to it past
       * its last event (a tab left open, idle), clamped by shared/replay/replay-span.ts.
       */
      endedAt: number | null;
    }
  /**
   * More of the session's chunks after a `load`, later in time than its moment. Until the one that
   * completes it, the frame holds back moves (play, seeks): they may need events still on their way.
   */
  | { type: 'append'; chunks: Uint8Array[]; complete: boolean }
  /**
   * A session still recording gained events since it was loaded (after the `append` that completed
   * it): they join the replay where it stands, playing or paused, and its length grows. `endedAt`
   * is the session's end as its row says now (null: still recording), as in `load`.
   */
  | { type: 'grow'; chunks: Uint8Array[]; endedAt: number | null }
  | { type: 'play'; at?: number }
  | { type: 'pause'; at?: number }
  | { type: 'set'; speed?: number; skipInactive?: boolean }
  /** Outline the element matching `selector` in the replayed page (null clears). */
  | { type: 'highlight'; selector: string | null };

export type ReplayToViewer =
  | { type: 'ready' }
  /** The first frame is up (again, `complete`, once every event has arrived: the full length). */
  | { type: 'loaded'; totalMs: number; startTime: number; complete: boolean }
  /** Where the replay is, ms from its start; sent while playing and after every move. */
  | { type: 'time'; at: number; playing: boolean; skipping: boolean }
  | { type: 'finished' }
  | { type: 'error'; message: string };

const VIEWER_TYPES = new Set([
  'assets',
  'load',
  'append',
  'grow',
  'play',
  'pause',
  'set',
  'highlight',
]);
const REPLAY_TYPES = new Set(['ready', 'loaded', 'time', 'finished', 'error']);

export function isViewerToReplay(data: unknown): data is ViewerToReplay {
  if (typeof data !== 'object' || data === null) return false;
  const type = (data as { type?: string }).type ?? '';
  if (!VIEWER_TYPES.has(type)) return false;
  // A load's (and a growth's) end is a number (any: the frame clamps it) or null, never missing.
  const endedAt = (data as { endedAt?: unknown }).endedAt;
  return (type !== 'load' && type !== 'grow') || typeof endedAt === 'number' || endedAt === null;
}

export function isReplayToViewer(data: unknown): data is ReplayToViewer {
  return (
    typeof data === 'object' &&
    data !== null &&
    REPLAY_TYPES.has((data as { type?: string }).type ?? '')
  );
}
