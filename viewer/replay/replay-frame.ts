// The replay frame: a data: document (opaque origin, no extension API, strict CSP; see
// replay-frame-document.ts). rrweb's Replayer rebuilds the recorded DOM here, in its own
// script-less iframe, from events the viewer posts; events are sanitized first
// (shared/replay/sanitize-events.ts).
import { Replayer } from 'rrweb';
import type { eventWithTime } from '@rrweb/types';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import {
  isViewerToReplay,
  type ReplayToViewer,
  type ViewerToReplay,
} from '../../shared/messages/viewer-to-replay';
import { sanitizeEvents } from '../../shared/replay/sanitize-events';
import { buildAssetUrlMap, type AssetUrlMap } from '../../shared/replay/asset-url-map';
import { mapAssetUrls } from '../../shared/assets/map-asset-urls';
import { clampSessionEnd } from '../../shared/replay/replay-span';
import { sessionEndEvent } from '../../shared/replay/session-end-event';

// For npm run bench (P1): the frame's page and script (rrweb) are in and evaluated.
performance.mark('tabreel:frame-evaluated');
const stage = document.getElementById('stage')!;
let replayer: Replayer | null = null;
let ticker: number | null = null;
let skipping = false;
let highlighted: string | null = null;
/** The no-op event put at the session's end (extendToEnd): a growth takes it out and puts it back. */
let endMark: eventWithTime | null = null;
/** The session was still recording as of the last load or growth (its end was null). */
let recording = false;
/**
 * Played to the newest event of a session still recording: rrweb has finished, but to the person it
 * plays on, and the next growth plays from here (what the tab did meanwhile).
 */
let followingLive = false;
/** The session's captured assets as this frame's own blob: URLs (see setAssets). */
let assetUrls: AssetUrlMap | null = null;
const highlightBox = document.createElement('div');
highlightBox.className = 'tabreel-highlight';

function post(message: ReplayToViewer): void {
  // The viewer's origin is the extension's; a sandboxed frame cannot name it, and sends nothing secret.
  parent.postMessage(message, '*');
}

function playing(): boolean {
  return followingLive || (replayer?.service.state.matches('playing') ?? false);
}

function reportTime(): void {
  if (!replayer) return;
  post({ type: 'time', at: replayer.getCurrentTime(), playing: playing(), skipping });
  placeHighlight();
}

function startTicker(): void {
  if (ticker !== null) return;
  ticker = window.setInterval(reportTime, 100);
}

function stopTicker(): void {
  if (ticker !== null) window.clearInterval(ticker);
  ticker = null;
}

/** Scales the replayed page to fit the frame, keeping its aspect ratio. */
function fit(): void {
  const wrapper = stage.querySelector<HTMLElement>('.replayer-wrapper');
  const iframe = wrapper?.querySelector('iframe');
  if (!wrapper || !iframe) return;
  const width = iframe.offsetWidth || 1;
  const height = iframe.offsetHeight || 1;
  const scale = Math.min(stage.clientWidth / width, stage.clientHeight / height, 1);
  wrapper.style.transform = `scale(${scale})`;
  wrapper.style.left = `${Math.max(0, (stage.clientWidth - width * scale) / 2)}px`;
}

function placeHighlight(): void {
  const doc = replayer?.iframe.contentDocument;
  if (!highlighted || !doc) {
    highlightBox.remove();
    return;
  }
  let element: Element | null;
  try {
    element = doc.querySelector(highlighted);
  } catch {
    element = null; // not a selector this document understands
  }
  if (!element) {
    highlightBox.remove();
    return;
  }
  const rect = element.getBoundingClientRect();
  highlightBox.style.left = `${rect.left - 4}px`;
  highlightBox.style.top = `${rect.top - 4}px`;
  highlightBox.style.width = `${rect.width + 8}px`;
  highlightBox.style.height = `${rect.height + 8}px`;
  // Inside the wrapper, so it scales with the replayed page.
  replayer?.wrapper.appendChild(highlightBox);
}

/**
 * Captured assets become blob: URLs made here: a blob URL belongs to the origin that created it,
 * and this frame's opaque origin is the one the replayed page shares. The CSP allows blob: for
 * images, styles, fonts and media, so they load with the network closed.
 */
function setAssets(message: Extract<ViewerToReplay, { type: 'assets' }>): void {
  for (const url of assetUrls?.created ?? []) URL.revokeObjectURL(url);
  assetUrls = buildAssetUrlMap(message.assets, (data, mime) =>
    URL.createObjectURL(new Blob([data as BlobPart], { type: mime })),
  );
}

/** The events of these chunks, parsed and made safe to replay; a chunk that does not parse is left out. */
function eventsOf(chunks: readonly Uint8Array[]): TimedEvent[] {
  const decoder = new TextDecoder();
  const events: TimedEvent[] = [];
  for (const chunk of chunks) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(decoder.decode(chunk));
    } catch {
      continue; // the viewer reports unreadable chunks; the replay shows what it can
    }
    if (!Array.isArray(parsed)) continue;
    for (const event of parsed as Array<TimedEvent & { delay?: number }>) {
      // rrweb gives every event a `delay` on each play or seek; adding the property to 200k
      // objects is what made the first seek after a streamed open slow (P2). Added here, while
      // parts stream in, rrweb's later writes only change its value.
      event.delay = 0;
      events.push(event);
    }
  }
  performance.mark('tabreel:frame-parsed');
  sanitizeEvents(events);
  // Recorded addresses of captured assets point at their local copies, before rrweb builds the
  // DOM: nothing asks the network for them, and the replay shows the site as it was recorded.
  const local = assetUrls;
  if (local) mapAssetUrls(events, (url) => local.lookup(url));
  performance.mark('tabreel:frame-sanitized');
  return events;
}

/** What a load streaming in still waits for; null once every event has arrived. */
let streaming: {
  /** Events held until one of them is a full snapshot (no first frame without one). */
  held: TimedEvent[];
  at: number;
  speed: number;
  skipInactive: boolean;
  endedAt: number | null;
  /** Moves asked for meanwhile: they may need events that have not arrived yet. */
  moves: ViewerToReplay[];
} | null = null;

const FULL_SNAPSHOT = 2; // rrweb EventType.FullSnapshot

/** rrweb 2.2's player machine and timer, as far as a seek touches them. */
interface PlayerInternals {
  send(event: unknown): void;
  state: { context: { timer: { addAction(action: unknown): void } } };
}

/**
 * Moves the replay to `at` (ms), playing on or paused, as rrweb's `play(at)` / `pause(at)` do, with
 * less of rrweb's per-event overhead (P2: a seek in 200k events was one task of ~250 ms). rrweb
 * applies every event before `at` at once, and for each one sends its state machine a `CAST_EVENT`
 * whose only effect is to remember that event as the last played: here only the last is sent, after
 * the others, so the machine ends in the same state. Paused, rrweb also schedules a timer action for
 * every event after `at` and drops them all as it pauses: here they are not scheduled.
 */
function seek(target: Replayer, at: number, play: boolean): void {
  const service = target.service as unknown as Partial<PlayerInternals>;
  const timer = service.state?.context.timer;
  if (typeof service.send !== 'function' || typeof timer?.addAction !== 'function') {
    // Not the rrweb this was written for: seek its own way (tests/e2e/viewer-seek.e2e.ts).
    if (play) target.play(at);
    else target.pause(at);
    return;
  }
  const send = service.send;
  const addAction = timer.addAction;
  let lastCast: unknown = null;
  service.send = (event: unknown) => {
    if ((event as { type?: string }).type === 'CAST_EVENT') lastCast = event;
    else send.call(service, event);
  };
  if (!play) timer.addAction = () => {};
  try {
    if (play) target.play(at);
    else target.pause(at);
  } finally {
    service.send = send;
    timer.addAction = addAction;
    if (lastCast) send.call(service, lastCast);
  }
}

/** rrweb 2.2's inactivity skip, as far as starting one from a seek needs it. */
interface SkipInternals {
  nextUserInteractionEvent: eventWithTime | null;
  config: { skipInactive: boolean; inactivePeriodThreshold: number; maxSpeed: number };
  speedService: { send(event: unknown): void; state: { context: { timer: { speed: number } } } };
  isUserInteraction(event: eventWithTime): boolean;
  backToNormal(): void;
  emitter: { emit(type: string, payload?: unknown): void };
}

/** rrweb's: a skip is timed to reach the next interaction in about this long. */
const SKIP_TIME_INTERVAL_MS = 5000;

/** The index of the first event at or after `t` (events in time order). */
function firstAtOrAfter(events: readonly eventWithTime[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.timestamp < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Playing from `at` (a seek, a marker, Play after a pause) inside an idle gap or the idle tail
 * skips it as rrweb skips a gap it plays into: rrweb decides only as it plays an event, so from a
 * seek the rest of a gap (up to 24 hours of tail) played at the chosen speed. Same rule and speed
 * as rrweb's (longer than `inactivePeriodThreshold` × speed; reached in about 5 s, at most
 * `maxSpeed`), and it ends as rrweb's does, when the next interaction is played.
 */
function skipFromHere(target: Replayer, at: number): void {
  const r = target as unknown as Partial<SkipInternals>;
  if (
    !r.config ||
    typeof r.isUserInteraction !== 'function' ||
    typeof r.backToNormal !== 'function' ||
    typeof r.speedService?.send !== 'function' ||
    !r.emitter
  )
    return; // not the rrweb this was written for: its own skip only
  const events = target.service.state.context.events;
  const now = (events[0]?.timestamp ?? 0) + at;
  // A skip toward an event the seek has passed would never end: rrweb ends it only as it plays it.
  if (r.nextUserInteractionEvent && r.nextUserInteractionEvent.timestamp < now) r.backToNormal();
  if (!r.config.skipInactive || r.nextUserInteractionEvent) return;
  let i = firstAtOrAfter(events, now);
  while (i < events.length && !r.isUserInteraction(events[i]!)) i++;
  const next = events[i];
  if (!next) return;
  const gap = next.timestamp - now;
  if (gap <= r.config.inactivePeriodThreshold * r.speedService.state.context.timer.speed) return;
  const payload = { speed: Math.min(Math.round(gap / SKIP_TIME_INTERVAL_MS), r.config.maxSpeed) };
  r.nextUserInteractionEvent = next;
  r.speedService.send({ type: 'FAST_FORWARD', payload });
  r.emitter.emit('skip-start', payload);
}

/** The new end mark when the session ends after its newest event at `last` (same clamp: replay-span.ts). */
function endMarkAfter(last: number, endedAt: number | null): eventWithTime | null {
  const end = clampSessionEnd(endedAt, last);
  if (end <= last) return null;
  // A `delay` from the start, as eventsOf gives every event (rrweb's later writes only change it).
  endMark = { ...sessionEndEvent(end), delay: 0 } as eventWithTime;
  return endMark;
}

/** Plays from `at` (ms from the start), skipping an idle stretch it starts in. */
function playFrom(target: Replayer, at: number): void {
  seek(target, at, true);
  skipFromHere(target, at);
  startTicker();
}

/**
 * Once every event is filed: a session that ended after its last event (a tab left open, idle)
 * gets a no-op event at its end (session-end-event.ts), so rrweb's clock, seeks, "finish" and
 * inactivity skip run to the end the viewer's header and timeline show.
 */
function extendToEnd(target: Replayer, endedAt: number | null): void {
  // In time order: rrweb sorted them, and later ones were appended in order (add, below).
  const filed = target.service.state.context.events;
  const last = filed[filed.length - 1];
  if (!last) return;
  const mark = endMarkAfter(last.timestamp, endedAt);
  if (mark) filed.push(mark);
}

/**
 * The replayed page runs no script, and there a `<canvas>` is no canvas: it shows its fallback
 * content, an inline box of no size, and the page closes up around it (a 300×150 chart gone, the
 * text below it 150 px too high). These rules give it back its box, from its width and height
 * attributes as a canvas sizes itself; it stays empty (its pixels are not recorded). rrweb puts them
 * before the page's own styles, so the page's rules for its canvases still win.
 */
const CANVAS_BOX_RULES = [
  'canvas { display: inline-block; width: attr(width px, 300px); aspect-ratio: attr(width type(<number>), 300) / attr(height type(<number>), 150); }',
  'canvas > * { display: none !important; }',
];

function build(
  events: TimedEvent[],
  at: number,
  speed: number,
  skipInactive: boolean,
  endedAt: number | null,
): void {
  replayer = new Replayer(events as eventWithTime[], {
    root: stage,
    speed,
    skipInactive,
    // rrweb skips a gap in about 5 s, but no faster than 360×: an hour's gap took 10 s, a 24-hour
    // idle tail 4 minutes. At 3600× an hour still takes ~5 s and a day's tail 24 s.
    maxSpeed: 3600,
    mouseTail: { strokeStyle: '#dc2626', lineWidth: 3, duration: 800 },
    showWarning: false,
    triggerFocus: false,
    // Never UNSAFE_replayCanvas: it would give the replayed page allow-scripts.
    UNSAFE_replayCanvas: false,
    insertStyleRules: CANVAS_BOX_RULES,
  });
  replayer.on('resize', () => requestAnimationFrame(fit));
  replayer.on('finish', () => {
    // At the newest moment of a session still recording: wait there for what comes next.
    if (recording && streaming === null) {
      followingLive = true;
      reportTime();
      return;
    }
    stopTicker();
    reportTime();
    post({ type: 'finished' });
  });
  replayer.on('skip-start', () => (skipping = true));
  replayer.on('skip-end', () => (skipping = false));
  if (streaming === null) extendToEnd(replayer, endedAt);
  performance.mark('tabreel:frame-replayer-built');
  seek(replayer, at, false);
  performance.mark('tabreel:frame-paused');
  reportLoaded();
  requestAnimationFrame(fit);
}

function reportLoaded(): void {
  if (!replayer) return;
  const meta = replayer.getMetaData();
  post({
    type: 'loaded',
    totalMs: meta.totalTime,
    startTime: meta.startTime,
    complete: streaming === null,
  });
}

/**
 * Adds events that arrived after the first frame. They all lie after the moment the replay is
 * paused at (the viewer sends the chunks up to it first, and moves wait), so rrweb only files them.
 */
function add(events: readonly TimedEvent[]): void {
  const state = streaming;
  if (!replayer && state) {
    for (const event of events) state.held.push(event);
    if (state.held.some((event) => event.type === FULL_SNAPSHOT))
      build(state.held, state.at, state.speed, state.skipInactive, state.endedAt);
    return;
  }
  if (!replayer) return;
  // rrweb's addEvent files each event on a microtask of its own through its state machine (200k
  // at 200k events; P2's seeks were slower after). In time order, appending to the array it plays
  // from (rrweb 2.2's context.events, the one its addEvent pushes to) does the same at once.
  const filed = replayer.service.state.context.events;
  for (const event of events) {
    const last = filed[filed.length - 1];
    if (!last || last.timestamp <= event.timestamp) filed.push(event as eventWithTime);
    else replayer.addEvent(event as eventWithTime); // out of order: rrweb inserts it in place
  }
}

function load(message: Extract<ViewerToReplay, { type: 'load' }>): void {
  replayer?.destroy();
  replayer = null;
  endMark = null;
  followingLive = false;
  recording = message.endedAt === null;
  stopTicker();
  stage.textContent = '';
  streaming = message.complete
    ? null
    : {
        held: [],
        at: message.at,
        speed: message.speed,
        skipInactive: message.skipInactive,
        endedAt: message.endedAt,
        moves: [],
      };
  const events = eventsOf(message.chunks);
  if (streaming) add(events);
  else build(events, message.at, message.speed, message.skipInactive, message.endedAt);
  reportTime();
}

function append(message: Extract<ViewerToReplay, { type: 'append' }>): void {
  const state = streaming;
  if (!state) return; // a load that was complete already, or replaced
  add(eventsOf(message.chunks));
  if (!message.complete) return;
  streaming = null;
  // rrweb files added events on a microtask each: report the full length after them.
  void Promise.resolve().then(() => {
    if (!replayer) build(state.held, state.at, state.speed, state.skipInactive, state.endedAt);
    else {
      extendToEnd(replayer, state.endedAt);
      reportLoaded();
      // The viewer clamped the moment to the first part's length (a deep link into a quiet
      // stretch read as the last event before it, and Play started there): tell it again.
      reportTime();
    }
    for (const move of state.moves) handle(move);
  });
}

/**
 * Events a session still recording gained after its load completed. They join the replay where it
 * stands: paused, rrweb plays them when it gets there; playing, through rrweb's own addEvent, which
 * schedules them on its running timer. The end mark moves to the session's new end (none while it
 * records), and a replay waiting at the live edge (followingLive) plays on into them.
 */
function grow(message: Extract<ViewerToReplay, { type: 'grow' }>): void {
  recording = message.endedAt === null;
  const events = eventsOf(message.chunks);
  if (streaming) {
    // Only after the completing append, but should one come before: it is more of the load.
    add(events);
    streaming.endedAt = message.endedAt;
    return;
  }
  const target = replayer;
  if (!target) return;
  const filed = target.service.state.context.events;
  const resumeAt = followingLive ? target.getCurrentTime() : null;
  // What rrweb played last before it finished (no end mark while the session records).
  const lastPlayed = followingLive ? filed.at(-1) : undefined;
  followingLive = false;
  if (endMark) {
    const i = filed.lastIndexOf(endMark);
    if (i >= 0) filed.splice(i, 1);
    endMark = null;
  }
  // Streams (page loads) can interleave in time: the newest of either.
  let last = filed.at(-1)?.timestamp ?? -Infinity;
  for (const event of events) last = Math.max(last, event.timestamp);
  const mark = Number.isFinite(last) ? endMarkAfter(last, message.endedAt) : null;
  if (mark) events.push(mark as TimedEvent);
  if (target.service.state.matches('playing'))
    for (const event of events) target.addEvent(event as eventWithTime);
  else add(events);
  // rrweb files added events on a microtask each: report the new length after them.
  void Promise.resolve().then(() => {
    if (replayer !== target) return;
    reportLoaded();
    if (resumeAt !== null) {
      let from = resumeAt;
      // rrweb's finish forgot the event it played last, so its play would rebuild the page from
      // its last full snapshot at every growth: told again, play goes on in the page as it stands
      // (only when every new event is later: an earlier one needs the rebuild to land in order).
      if (lastPlayed && events.every((event) => event.timestamp > lastPlayed.timestamp)) {
        target.service.send({ type: 'CAST_EVENT', payload: { event: lastPlayed } });
        // rrweb skips what it played only when play starts after it.
        from = Math.max(resumeAt, lastPlayed.timestamp - filed[0]!.timestamp + 1);
      }
      playFrom(target, from);
    }
    reportTime();
  });
}

function handle(message: ViewerToReplay): void {
  switch (message.type) {
    case 'assets':
      setAssets(message);
      return;
    case 'load':
      load(message);
      return;
    case 'append':
      append(message);
      return;
    case 'grow':
      grow(message);
      return;
    case 'play':
    case 'pause':
      if (streaming) {
        streaming.moves.push(message);
        return;
      }
      // A move of the person's own: no longer waiting at the live edge.
      followingLive = false;
      break;
  }
  switch (message.type) {
    case 'play':
      if (!replayer) return;
      playFrom(replayer, message.at ?? replayer.getCurrentTime());
      break;
    case 'pause':
      if (!replayer) return;
      if (message.at === undefined) replayer.pause();
      else seek(replayer, message.at, false);
      stopTicker();
      break;
    case 'set':
      replayer?.setConfig({
        ...(message.speed !== undefined ? { speed: message.speed } : {}),
        ...(message.skipInactive !== undefined ? { skipInactive: message.skipInactive } : {}),
      });
      break;
    case 'highlight':
      highlighted = message.selector;
      break;
  }
  reportTime();
}

/** Only ever replay where a script escape could reach nothing: an opaque origin, no extension API. */
function isIsolated(): boolean {
  const extension = (globalThis as { chrome?: { runtime?: { id?: string } } }).chrome?.runtime?.id;
  return self.origin === 'null' && !extension && parent !== window;
}

if (!isIsolated()) throw new Error('The replay frame runs only in its isolated data: document.');

addEventListener('message', (event: MessageEvent<unknown>) => {
  // For npm run bench (P1), on this frame's own clock; reading event.data below deserializes it.
  performance.mark('tabreel:frame-message');
  if (event.source !== parent || !isViewerToReplay(event.data)) return;
  try {
    handle(event.data);
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
});
addEventListener('resize', fit);
post({ type: 'ready' });
