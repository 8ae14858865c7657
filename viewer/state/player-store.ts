import { signal, type Signal } from '@preact/signals';
import {
  type ReplayAsset,
  isReplayToViewer,
  type ReplayToViewer,
  type ViewerToReplay,
} from '../../shared/messages/viewer-to-replay';

export const SPEEDS = [1, 2, 4, 8, 16] as const;

export interface PlayerStore {
  status: Signal<'loading' | 'ready' | 'error'>;
  error: Signal<string | null>;
  /** Where the replay is, ms from its first event. */
  at: Signal<number>;
  totalMs: Signal<number>;
  playing: Signal<boolean>;
  /** rrweb is fast-forwarding through an inactive period. */
  skipping: Signal<boolean>;
  speed: Signal<number>;
  skipInactive: Signal<boolean>;
  /** The first frame is up and the rest of the session's events are still on their way in. */
  streaming: Signal<boolean>;
  /** Attaches the sandboxed frame; returns its stop. */
  attach(frame: HTMLIFrameElement): () => void;
  /** The session's captured assets, before `load`; their bytes move to the frame, not copied. */
  setAssets(assets: ReplayAsset[]): void;
  /**
   * The first chunks' JSON arrays (UTF-8), moved to the frame, not copied: the first frame shows
   * at `at` from them; unless `complete`, the rest follows through `append`. The replay runs to
   * `endedAt`, the session's end (null while it records), past its last event.
   */
  load(chunks: Uint8Array[], at: number, complete: boolean, endedAt: number | null): void;
  /** More chunks after `load`, later than its moment; the last call says `complete`. */
  append(chunks: Uint8Array[], complete: boolean): void;
  /**
   * Chunks a session still recording gained after its load completed, and its end as its row says
   * now (null: still recording): the replay takes them in where it stands, and its length grows.
   */
  grow(chunks: Uint8Array[], endedAt: number | null): void;
  play(): void;
  pause(): void;
  toggle(): void;
  /** Moves to `at` ms (clamped); keeps playing if it was. */
  seek(at: number): void;
  setSpeed(speed: number): void;
  setSkipInactive(on: boolean): void;
  highlight(selector: string | null): void;
}

/**
 * The player's state and its link to the sandboxed replay frame. The frame does the replaying;
 * this store holds what the controls show, and sends the frame typed messages only.
 */
export function createPlayerStore(): PlayerStore {
  const store = {
    status: signal<'loading' | 'ready' | 'error'>('loading'),
    error: signal<string | null>(null),
    at: signal(0),
    totalMs: signal(0),
    playing: signal(false),
    skipping: signal(false),
    speed: signal(1),
    skipInactive: signal(true),
    streaming: signal(false),
  };
  let frame: HTMLIFrameElement | null = null;
  let ready = false;
  let pendingLoad: Extract<ViewerToReplay, { type: 'load' }> | null = null;
  let pendingAssets: Extract<ViewerToReplay, { type: 'assets' }> | null = null;
  let playWhenReady = false;
  /** The session was still recording as of the last load or growth: its end is the live edge. */
  let recording = false;
  const queue: ViewerToReplay[] = [];

  const send = (message: ViewerToReplay) => {
    if (!frame?.contentWindow || !ready) {
      if (message.type === 'load') {
        pendingLoad = message;
        // Appends and growths of an earlier load queued before the frame was ready belong to no load now.
        queue.splice(
          0,
          queue.length,
          ...queue.filter((queued) => queued.type !== 'append' && queued.type !== 'grow'),
        );
      } else if (message.type === 'assets') pendingAssets = message;
      else queue.push(message);
      return;
    }
    // A sandboxed frame's origin is opaque ("null"): it cannot be named as a target origin.
    // The events' and assets' bytes move to the frame (transferred), they are not copied.
    const transfer =
      message.type === 'load' || message.type === 'append' || message.type === 'grow'
        ? [...new Set(message.chunks.map((chunk) => chunk.buffer as ArrayBuffer))]
        : message.type === 'assets'
          ? [...new Set(message.assets.map((asset) => asset.data.buffer as ArrayBuffer))]
          : [];
    frame.contentWindow.postMessage(message, '*', transfer);
    // For npm run bench (P1): the events are copied (synchronously) and on their way.
    if (message.type === 'load') performance.mark('tabreel:replay-load-posted');
  };

  const receive = (message: ReplayToViewer) => {
    switch (message.type) {
      case 'ready':
        performance.mark('tabreel:replay-frame-ready');
        ready = true;
        // Assets first: the frame puts them in place while it reads the events.
        if (pendingAssets) send(pendingAssets);
        pendingAssets = null;
        if (pendingLoad) send(pendingLoad);
        pendingLoad = null;
        for (const queued of queue.splice(0)) send(queued);
        break;
      case 'loaded':
        store.totalMs.value = message.totalMs;
        store.streaming.value = !message.complete;
        // For npm run bench (P1, P2): every event has arrived (the frame's full length).
        if (message.complete) performance.mark('tabreel:replay-complete');
        if (store.status.value === 'ready') break; // the rest of a streamed load has arrived
        // For npm run bench (P1): the first frame of the replay is on screen.
        performance.mark('tabreel:replay-loaded');
        store.status.value = 'ready';
        if (playWhenReady) {
          playWhenReady = false;
          send({ type: 'play' }); // from where the frame is (a deep link's moment)
        }
        break;
      case 'time':
        // rrweb's clock can run past the last event after a skip; the replay ends at its end.
        store.at.value =
          store.totalMs.value > 0 ? Math.min(message.at, store.totalMs.value) : message.at;
        store.playing.value = message.playing;
        store.skipping.value = message.skipping;
        break;
      case 'finished':
        store.playing.value = false;
        break;
      case 'error':
        store.status.value = 'error';
        store.error.value = message.message;
        break;
    }
  };

  // rrweb applies the events strictly before where it pauses: up to 1 ms past the last event, so
  // a session that ends on a snapshot can be shown at its end. While the rest streams in, the
  // length is not known yet: the frame holds the move until it is.
  const clamp = (at: number) =>
    Math.max(0, store.streaming.value ? at : Math.min(store.totalMs.value + 1, at));

  return {
    ...store,
    attach(element) {
      frame = element;
      ready = false;
      const onMessage = (event: MessageEvent<unknown>) => {
        if (event.source !== element.contentWindow || !isReplayToViewer(event.data)) return;
        receive(event.data);
      };
      addEventListener('message', onMessage);
      return () => {
        removeEventListener('message', onMessage);
        frame = null;
      };
    },
    setAssets(assets) {
      send({ type: 'assets', assets });
    },
    load(chunks, at, complete, endedAt) {
      store.status.value = 'loading';
      store.streaming.value = !complete;
      performance.mark('tabreel:replay-load-requested'); // for npm run bench (P1)
      recording = endedAt === null;
      send({
        type: 'load',
        chunks,
        at,
        speed: store.speed.value,
        skipInactive: store.skipInactive.value,
        complete,
        endedAt,
      });
    },
    append(chunks, complete) {
      send({ type: 'append', chunks, complete });
    },
    grow(chunks, endedAt) {
      recording = endedAt === null;
      send({ type: 'grow', chunks, endedAt });
    },
    play() {
      store.playing.value = true;
      // Pressed before the replay is ready: it plays as soon as it is.
      if (store.status.value !== 'ready') {
        playWhenReady = true;
        return;
      }
      // At the end, play starts over; at the newest moment of a session still recording, it plays
      // on from there as new events arrive (the frame waits at the live edge).
      const atEnd =
        !recording && !store.streaming.value && store.at.value >= store.totalMs.value - 50;
      const from = atEnd ? 0 : store.at.value;
      send({ type: 'play', at: from });
    },
    pause() {
      playWhenReady = false;
      store.playing.value = false;
      send({ type: 'pause' });
    },
    toggle() {
      if (store.playing.value) this.pause();
      else this.play();
    },
    seek(at) {
      const target = clamp(at);
      store.at.value = target;
      send(store.playing.value ? { type: 'play', at: target } : { type: 'pause', at: target });
    },
    setSpeed(speed) {
      store.speed.value = speed;
      send({ type: 'set', speed });
    },
    setSkipInactive(on) {
      store.skipInactive.value = on;
      send({ type: 'set', skipInactive: on });
    },
    highlight(selector) {
      send({ type: 'highlight', selector });
    },
  };
}
