// The recorder: runs in the page's MAIN world at document_start, in every frame, so rrweb's
// prototype patches see the page's own calls (CSS-in-JS, shadow roots). It talks only to the relay
// (isolated world) through DOM CustomEvents; see shared/messages/relay-to-page.ts. It holds no
// rrweb: rrweb and web-vitals come in a second script once the page has painted (withRrweb).
import { EventType, IncrementalSource } from '@rrweb/types';
import {
  customTag,
  makeCustomEvent,
  TABREEL_TAG,
  MARKER_NOTE_MAX,
  NO_REPLAY_REASON_MAX,
  type MarkerPayload,
  type NoReplayPayload,
  type PageViewNavigation,
  type PageViewPayload,
  type RecordingStoppedPayload,
  type SessionStartMarkReason,
  type SessionStartPayload,
  type TimedEvent,
} from '../../shared/events/tabreel-events';
import {
  PAGE_CONTROL,
  PAGE_EVENT,
  PAGE_URGENT_EVENT,
  RELAY_COMMAND,
  pageBatchDetail,
  type PageToRelay,
  type RecorderConfig,
  type RelayToPage,
} from '../../shared/messages/relay-to-page';
import { redactText, redactTextWithUrls, redactUrl } from '../../shared/privacy/redact';
import { classifyEvent } from '../../shared/session/classify-event';
import { VIEWER_PAGE_SELECTOR } from '../../shared/site/viewer-page-marker';
import type { PrivacyLevel } from '../../shared/settings/settings';
import { isTextMasked } from './privacy-options';
import { historyIndex, startRouteWatch } from './watch-routes';
import { startActivityWatch } from './watch-activity';
import { startConsoleWatch } from './watch-console';
import { startErrorWatch } from './watch-errors';
import { startRequestWatch } from './watch-requests';
import { readEnvironment } from './read-environment';
import { startActionWatch } from './watch-actions';
import { startHandOver } from './hand-over';
import { handOverTexts } from '../../shared/delivery/hand-over-texts';
import { MAX_BATCH_BYTES } from '../../shared/delivery/outbox';
import type { MutationHold } from './hold-mutations';
import { isRrwebPart, RRWEB_PART_READY, type RrwebPart } from './rrweb-part';
import {
  SIGNAL_TAG,
  type ConsolePayload,
  type RequestPayload,
} from '../../shared/signals/signal-events';

// Keep our own references: page scripts that run after us may replace these.
const stringify = JSON.stringify;
const parse = JSON.parse;
const dispatch = EventTarget.prototype.dispatchEvent;
const listen = EventTarget.prototype.addEventListener;
const NativeCustomEvent = CustomEvent;
const NativeMutationObserver = MutationObserver;
const now = Date.now;
const later = setTimeout.bind(window);
const nextFrame = requestAnimationFrame.bind(window);
const idleCallback = window.requestIdleCallback?.bind(window);
/** The longest the first snapshot waits for a first paint (a hidden tab paints none). */
const FIRST_PAINT_WAIT_MS = 500;
/** The longest rrweb's start waits, after the first paint, for an idle period of the page. */
const IDLE_START_WAIT_MS = 1000;
const doc = document;
const isTop = window === window.top;
/** Signals kept from document_start until the start (after the first paint); a bound on memory. */
const MAX_PENDING_SIGNALS = 1000;
/** Parent → cross-origin child frame: take a full snapshot (a session was cut). */
const CHILD_SNAPSHOT_MESSAGE = 'tabreel:snapshot-frame';
/**
 * Parent → cross-origin child frame: rrweb records here, so it takes what the child's rrweb posts.
 * Both are injected after their own first paint, in either order: a child that started first
 * posted its first snapshot to nobody, and its content was missing from the replay.
 */
const PARENT_RECORDING_MESSAGE = 'tabreel:parent-recording';
/** Child → parent: is rrweb recording there yet? (A child that loads later asks.) */
const PARENT_RECORDING_QUERY = 'tabreel:parent-recording?';
/** A parent with no recorder of its own (a same-origin frame between) never answers: start anyway. */
const PARENT_WAIT_MS = 2000;

/** A same-origin child frame is serialized inline by its parent's recorder: one owner per frame. */
function isRecordedByParent(): boolean {
  if (isTop) return false;
  try {
    return Boolean(window.parent.document);
  } catch {
    return false;
  }
}

function toRelay(message: PageToRelay): void {
  dispatch.call(doc, new NativeCustomEvent(PAGE_CONTROL, { detail: stringify(message) }));
}

/** rrweb and web-vitals, once the second script has been injected (null until then). */
let rrwebPart: RrwebPart | null = null;
let rrwebWaiting: Array<(part: RrwebPart) => void> = [];
let rrwebAsked = false;

/**
 * Takes the second script's rrweb when it arrives. The relay asks for it as it starts the
 * recording (so it is on its way while the start runs), or withRrweb does.
 */
function awaitRrwebPart(): void {
  const controller = new AbortController();
  listen.call(
    doc,
    RRWEB_PART_READY,
    (event: Event) => {
      const detail = (event as CustomEvent<unknown>).detail;
      if (rrwebPart || !isRrwebPart(detail)) return;
      rrwebPart = detail;
      controller.abort();
      const waiting = rrwebWaiting;
      rrwebWaiting = [];
      // Its own task: the script's evaluation and rrweb's first snapshot are not one long task.
      later(() => {
        for (const waiter of waiting) waiter(detail);
      }, 0);
    },
    { signal: controller.signal },
  );
}

/**
 * Runs `use` with rrweb, asking the relay (and through it the service worker) to inject the second
 * script if it has not yet: compiled at document_start it cost the page ~20 ms of its First
 * Contentful Paint (npm run bench -- V1), and a page that is not recorded never needs it.
 */
function withRrweb(use: (part: RrwebPart) => void): void {
  if (rrwebPart) {
    use(rrwebPart);
    return;
  }
  rrwebWaiting.push(use);
  if (rrwebAsked) return;
  rrwebAsked = true;
  toRelay({ kind: 'load-rrweb' });
}

function startRecorder(): void {
  let config: RecorderConfig | null = null;
  let stopAll: (() => void) | null = null;
  let lastUserAt = now();
  let lastTimestamp = 0;
  let sessionStartedAt: number | null = null;
  /** When the current page view began (its page-view event's timestamp). */
  let viewStartedAt = 0;
  let cutting = false;

  // The top frame's environment (browser, viewport, traffic source) is read once rrweb starts,
  // after the first paint: read mid-parse, its viewport size forced a layout that cost the page
  // ~10 ms of its First Contentful Paint (npm run bench, V1). A page left before that still
  // reports it as it goes (the hand-over's beforeLeave).
  let environmentDue = false;
  const sendEnvironment = () => {
    if (!environmentDue || !config) return;
    environmentDue = false;
    send(makeCustomEvent(SIGNAL_TAG.environment, readEnvironment(), now()), false);
  };

  // Only the top frame's recorder emits (child frames' rrweb posts to the parent), so only it
  // holds rrweb's mutations during an interaction and hands its events over after the frame. The
  // hold comes with rrweb (the second script): before it, nothing serializes mutations.
  let hold: MutationHold | null = null;
  const holdWith = (part: RrwebPart) => {
    if (isTop && !hold) hold = part.startMutationHold(() => part.record, listen);
  };
  // A batch goes to the relay as JSON array texts of at most the outbox's batch size, one DOM
  // event each; the relay keeps and sends each as it is. Urgent (a user event in the batch): its
  // last text asks the relay to send everything at once.
  const handOver = startHandOver<TimedEvent>(
    (events, urgent) => {
      const texts = handOverTexts(events, { maxChars: MAX_BATCH_BYTES, stringify, now });
      texts.forEach(({ count, text }, i) => {
        const name = urgent && i === texts.length - 1 ? PAGE_URGENT_EVENT : PAGE_EVENT;
        const detail = pageBatchDetail(count, text);
        dispatch.call(doc, new NativeCustomEvent(name, { detail }));
      });
    },
    { beforeFlush: () => hold?.release(), beforeLeave: sendEnvironment },
  );

  const send = (event: TimedEvent, urgent: boolean) => {
    lastTimestamp = Math.max(lastTimestamp, event.timestamp);
    handOver.push(event, urgent);
  };

  /**
   * A full snapshot now, of this frame and, through their own recorders, of its cross-origin child
   * frames (whose content this frame's snapshot cannot hold). Before rrweb's first snapshot (at
   * DOMContentLoaded) there is nothing to do.
   */
  const snapshot = () => {
    // Mutations held from before the snapshot go first: the snapshot already shows their nodes.
    hold?.release();
    try {
      if (!rrwebPart) return;
      rrwebPart.record.takeFullSnapshot(false);
    } catch {
      return; // rrweb has not started yet: its first full snapshot is still to come.
    }
    for (const frame of doc.querySelectorAll('iframe')) {
      try {
        frame.contentWindow?.postMessage(CHILD_SNAPSHOT_MESSAGE, '*');
      } catch {
        // A frame going away: nothing to snapshot.
      }
    }
  };

  /** Marks a new session and takes the full snapshot it starts with. Runs re-entrantly from emit. */
  const cutSession = (reason: SessionStartMarkReason) => {
    // What was held belongs to the old session: out before the new one's marker.
    hold?.release();
    cutting = true;
    try {
      const marker: SessionStartPayload = {
        reason,
        url: redactUrl(location.href),
        title: pageTitle(config?.privacyLevel),
      };
      send(makeCustomEvent(TABREEL_TAG.sessionStart, marker, now()), true);
      snapshot();
    } finally {
      cutting = false;
    }
    lastUserAt = now();
    sessionStartedAt = null; // learnt again from the next ack
  };

  const emit = (event: TimedEvent) => {
    if (hold?.isRelease(event)) return;
    // The stop marker is the top recorder's own (sent, never emitted): one through rrweb came from a
    // cross-origin frame's page, which must not end this tab's session.
    if (customTag(event) === TABREEL_TAG.recordingStopped) return;
    // The replay needs the page's address, not the tokens in its query string.
    if (event.type === EventType.Meta) {
      const data = event.data as { href?: string };
      if (data.href) data.href = redactUrl(data.href);
    }
    if (!config || cutting) {
      if (config) send(event, false);
      return;
    }
    const role = classifyEvent(event);
    const t = event.timestamp;
    const idle = t - lastUserAt >= config.inactivityTimeoutMs;
    const tooLong = sessionStartedAt !== null && t - sessionStartedAt >= config.maxDurationMs;
    if (role === 'passive') {
      // After the timeout nothing passive is stored: a ticking clock must not keep a session alive.
      if (idle) return;
      if (tooLong) {
        // Not from inside rrweb's mutation emit: cut right after it, once.
        sessionStartedAt = null;
        queueMicrotask(() => cutSession('max-duration'));
      }
      send(event, false);
      // rrweb unfreezes before emitting anything but a mutation (a style rule, a scroll): while
      // the interaction's frame is still to come, hold again what follows.
      if (hold?.holding() && !isMutation(event)) hold.hold();
      return;
    }
    if (idle || tooLong) {
      cutSession(idle ? 'activity' : 'max-duration');
      // The cut's snapshot already shows this event's effect; keep the event, after the snapshot.
      event.timestamp = Math.max(t, lastTimestamp);
    }
    lastUserAt = Math.max(lastUserAt, event.timestamp);
    send(event, true);
    // The person acted: what the page does in answer is serialized after the frame shows it.
    hold?.hold();
  };

  /** rrweb records in this frame (its children's rrweb may post to it). */
  let recordingHere = false;
  let parentRecords = false;
  const parentWaiting: Array<() => void> = [];
  /** Runs `begin` once the parent's rrweb takes this child's events, or after PARENT_WAIT_MS. */
  const afterParentRecords = (begin: () => void) => {
    if (parentRecords) {
      begin();
      return;
    }
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      begin();
    };
    parentWaiting.push(once);
    later(once, PARENT_WAIT_MS);
    window.parent.postMessage(PARENT_RECORDING_QUERY, '*');
  };

  // A child frame's rrweb starts after the first paint (afterFirstPaint): its events wait until then.
  let childBacklog: Array<{ tag: string; payload: unknown }> = [];
  const flushChildBacklog = () => {
    const waiting = childBacklog;
    childBacklog = [];
    for (const { tag, payload } of waiting) addEvent(tag, payload);
  };

  /**
   * Adds one of our events now. In the top frame it goes straight through emit (rrweb's own
   * addCustomEvent throws until rrweb has started, and it must never throw into a page's call);
   * a child frame's goes through rrweb to the parent, once rrweb has started there.
   */
  const addEvent = (tag: string, payload: unknown) => {
    if (isTop) {
      emit(makeCustomEvent(tag, payload, now()));
      return;
    }
    try {
      if (!rrwebPart) throw new Error('rrweb is not loaded yet');
      rrwebPart.record.addCustomEvent(tag, payload);
    } catch {
      // rrweb has not started yet: sent once it has (beginRecord flushes the backlog).
      if (childBacklog.length < MAX_PENDING_SIGNALS) childBacklog.push({ tag, payload });
    }
  };

  // Console entries, errors and vitals are watched from document_start, before the relay has said whether
  // this page is recorded; until then they wait here, and are dropped if it is not.
  let pendingSignals: Array<{ tag: string; payload: unknown; timestamp: number }> = [];
  const signal = (tag: string, payload: unknown) => {
    if (config && !captured(config, tag, payload)) return;
    if (stopAll) addEvent(tag, payload);
    else if (pendingSignals.length < MAX_PENDING_SIGNALS)
      pendingSignals.push({ tag, payload, timestamp: now() });
  };
  // web-vitals has no unsubscribe: subscribe once, gate its reports. It comes with rrweb, after the
  // first paint; its observers are `buffered`, so they still see the load's paints, shifts and
  // navigation timing.
  let vitalsOn = false;
  let vitalsWatched = false;
  const watchVitals = (part: RrwebPart) => {
    if (!isTop || vitalsWatched) return;
    vitalsWatched = true;
    part.startVitalsWatch((vital) => vitalsOn && signal(SIGNAL_TAG.vital, vital));
  };
  let stopSignals: (() => void) | null = null;
  const startSignals = () => {
    if (stopSignals) return;
    const consoleStop = startConsoleWatch((entry) => signal(SIGNAL_TAG.console, entry));
    const errorStop = startErrorWatch((error) => signal(SIGNAL_TAG.error, error));
    const requestStop = startRequestWatch(
      (request) =>
        signal(
          SIGNAL_TAG.request,
          isTop ? request : { ...request, frame: redactUrl(location.href) },
        ),
      afterHello,
    );
    const actionStop = isTop
      ? startActionWatch(
          (action) => signal(SIGNAL_TAG.action, action),
          // Until the settings arrive, assume the strict level.
          (element) => !config || isTextMasked(element, config.privacyLevel, config),
        )
      : () => {};
    vitalsOn = true;
    stopSignals = () => {
      consoleStop();
      errorStop();
      requestStop();
      actionStop();
      vitalsOn = false;
      stopSignals = null;
    };
  };

  const start = (next: RecorderConfig, reason: SessionStartMarkReason | null) => {
    config = next;
    lastUserAt = now();
    startSignals();
    const early = pendingSignals;
    pendingSignals = [];
    if (isTop) {
      // The page view began no later than its first signal.
      const viewStart = Math.min(now(), ...early.map((e) => e.timestamp));
      viewStartedAt = viewStart;
      if (reason) send(makeCustomEvent(TABREEL_TAG.sessionStart, { reason }, viewStart), true);
      send(
        makeCustomEvent<PageViewPayload>(
          TABREEL_TAG.page,
          pageView('load', loadNavigation(), historyIndex(), next.privacyLevel),
          viewStart,
        ),
        true,
      );
      for (const { tag, payload, timestamp } of early)
        if (captured(next, tag, payload)) send(makeCustomEvent(tag, payload, timestamp), false);
      environmentDue = true;
    }
    let stopRecord: (() => void) | undefined;
    let cancelled = false;
    const beginRecord = (part: RrwebPart) => {
      watchVitals(part);
      if (cancelled) return;
      sendEnvironment();
      holdWith(part);
      stopRecord = part.record({
        emit: (event) => emit(event as TimedEvent),
        ...part.recordOptions(next),
      });
      recordingHere = true;
      // Children waiting for this frame's rrweb (see PARENT_RECORDING_MESSAGE) may start now.
      for (let i = 0; i < window.frames.length; i += 1)
        window.frames[i]?.postMessage(PARENT_RECORDING_MESSAGE, '*');
      if (!isTop) flushChildBacklog();
    };
    // The first snapshot waits for the page's first paint: taken during parsing it is one long
    // task (layout, rrweb's probe frames, serialization) that delayed First Contentful Paint by
    // ~90 ms (npm run bench, V1). Then for an idle period: a snapshot taken while the page still
    // loads delayed its Largest Contentful Paint. Clicks meanwhile are kept by the action watcher;
    // the DOM as it is then is what the snapshot records.
    afterFirstPaint(() =>
      whenIdle(() => {
        // Stopped meanwhile (paused, disk full): a request now would be refused and never made
        // again, leaving the next start without rrweb.
        if (cancelled) return;
        withRrweb((part) =>
          isTop ? beginRecord(part) : afterParentRecords(() => beginRecord(part)),
        );
      }),
    );
    if (!isTop)
      for (const { tag, payload } of early)
        if (captured(next, tag, payload)) addEvent(tag, payload);
    const routeStop = isTop
      ? startRouteWatch((how, index) => {
          // Apps set the new title right after pushState: keep the moment of the change, but
          // read the title once the app's own task is done.
          const view = pageView('route', how, index, config?.privacyLevel);
          const at = now();
          later(() => {
            if (!stopAll) return;
            view.title = pageTitle(config?.privacyLevel);
            emit(makeCustomEvent(TABREEL_TAG.page, view, at));
          }, 0);
        })
      : () => {};
    const activityStop = startActivityWatch((kind) => addEvent(TABREEL_TAG.activity, { kind }));
    // A page restored from the back/forward cache is a new page view of the same document.
    const controller = new AbortController();
    listen.call(
      window,
      'pageshow',
      (event: Event) => {
        if (!isTop || !(event as PageTransitionEvent).persisted) return;
        addEvent(
          TABREEL_TAG.page,
          pageView('load', 'back_forward', historyIndex(), config?.privacyLevel),
        );
        snapshot();
      },
      { signal: controller.signal },
    );
    stopAll = () => {
      cancelled = true;
      stopRecord?.();
      recordingHere = false;
      routeStop();
      activityStop();
      controller.abort();
    };
  };

  const stop = () => {
    // Everything recorded so far reaches the relay before rrweb stops (a held mutation included).
    handOver.flush();
    stopAll?.();
    stopAll = null;
    config = null;
    stopSignals?.();
    pendingSignals = [];
  };

  // A Tabreel viewer page is never recorded. Its marker is in <head>, not yet parsed at
  // document_start: a start waits (nothing is sent meanwhile) until the marker or the <body> shows.
  let viewerPage = false;
  let pendingStart: { config: RecorderConfig; reason: SessionStartMarkReason | null } | null = null;
  /** The relay was told the page is ready (first paint, load, or leaving): starts may run. */
  let helloSent = false;
  /** Work that waits for the hello: it would cost the page's first paint before. */
  const helloWaiting: Array<() => void> = [];
  function afterHello(run: () => void): void {
    if (helloSent) run();
    else helloWaiting.push(run);
  }
  const startWhenKnown = () => {
    if (viewerPage) return;
    if (doc.querySelector(VIEWER_PAGE_SELECTOR)) {
      viewerPage = true;
      pendingStart = null;
      stop();
      return;
    }
    if (!doc.body && doc.readyState === 'loading') {
      // Whichever comes first: the marker or <body> parsed, or the end of parsing (a document
      // without a body, such as an SVG one).
      const controller = new AbortController();
      const recheck = () => {
        if (!doc.querySelector(VIEWER_PAGE_SELECTOR) && !doc.body && doc.readyState === 'loading')
          return;
        observer.disconnect();
        controller.abort();
        startWhenKnown();
      };
      const observer = new NativeMutationObserver(recheck);
      observer.observe(doc, { childList: true, subtree: true });
      listen.call(doc, 'readystatechange', recheck, { signal: controller.signal });
      return;
    }
    // The start's own work (markers, watchers) waits for the hello (first paint, load or leaving).
    if (!helloSent) return;
    const next = pendingStart;
    pendingStart = null;
    if (next && !stopAll) start(next.config, next.reason);
  };

  listen.call(doc, RELAY_COMMAND, (event: Event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    if (typeof detail !== 'string') return;
    let command: RelayToPage;
    try {
      command = parse(detail) as RelayToPage;
    } catch {
      return;
    }
    switch (command.kind) {
      case 'start':
        if (stopAll || viewerPage) break;
        // Several starts while the page is still unknown: one observer, the latest start.
        if (!pendingStart) {
          pendingStart = { config: command.config, reason: command.resumed ? 'resume' : null };
          startWhenKnown();
        } else pendingStart = { config: command.config, reason: command.resumed ? 'resume' : null };
        break;
      case 'stop':
        pendingStart = null;
        if (command.reason && stopAll && isTop) {
          // The tab's session ends here: the marker is the last event handed over, after what
          // rrweb held, so the session's end is the moment recording stopped.
          hold?.release();
          const marker: RecordingStoppedPayload = { reason: command.reason };
          const at = Math.max(now(), lastTimestamp);
          send(makeCustomEvent(TABREEL_TAG.recordingStopped, marker, at), true);
        }
        stop();
        break;
      case 'ping':
        if (helloSent) toRelay({ kind: 'hello', top: isTop });
        break;
      case 'config':
        if (pendingStart) pendingStart = { ...pendingStart, config: command.config };
        // Masking options are fixed for an rrweb run: restart it, as a new session, so each session
        // is recorded under one set of privacy settings (the ones its row names).
        if (stopAll && config && recordedDifferently(config, command.config)) {
          stop();
          start(command.config, 'resume');
        } else if (stopAll) config = command.config;
        break;
      case 'new-session':
        if (stopAll) cutSession(command.reason);
        break;
      case 'marker':
        // The person's own act: delivered at once, like a click.
        if (stopAll)
          emit(
            makeCustomEvent<MarkerPayload>(
              TABREEL_TAG.marker,
              { note: String(command.note).slice(0, MARKER_NOTE_MAX) },
              now(),
            ),
          );
        break;
      case 'no-replay':
        // Stamped at the page view's start: the analysis then knows the whole view has no DOM.
        if (stopAll && isTop)
          emit(
            makeCustomEvent<NoReplayPayload>(
              TABREEL_TAG.noReplay,
              // The browser's reason may quote the frame's URL (its query, a login code).
              { reason: redactTextWithUrls(String(command.reason), NO_REPLAY_REASON_MAX) },
              viewStartedAt || now(),
            ),
          );
        break;
      case 'session':
        sessionStartedAt = command.startedAt;
        if (command.needsSnapshot && stopAll) snapshot();
        break;
    }
  });

  // Frames talk by postMessage: a child asks whether rrweb records here before it starts its own;
  // a parent says when it does, and asks a cross-origin child to snapshot itself when it cuts a
  // session (see snapshot()).
  listen.call(window, 'message', (event: Event) => {
    const { data, source } = event as MessageEvent<unknown>;
    if (data === PARENT_RECORDING_QUERY) {
      if (!recordingHere) return;
      for (let i = 0; i < window.frames.length; i += 1)
        if (window.frames[i] === source)
          (source as Window).postMessage(PARENT_RECORDING_MESSAGE, '*');
      return;
    }
    if (isTop || source !== window.parent) return;
    if (data === PARENT_RECORDING_MESSAGE) {
      parentRecords = true;
      for (const run of parentWaiting.splice(0)) run();
    } else if (data === CHILD_SNAPSHOT_MESSAGE && stopAll) snapshot();
  });

  startSignals();
  awaitRrwebPart();
  // The relay connects to the extension (settings, storage) only on this hello, after the first
  // paint: everything before it (the relay's chrome.* bindings, our start's markers and watchers)
  // ran mid-parse and cost the page's First Contentful Paint (npm run bench -- V1). Signals meanwhile
  // wait in pendingSignals, with their timestamps. A small page can finish loading before it
  // paints, and one left right after (a test runner's next step, a quick click on) was recorded not
  // at all: the load event, or the page going away, says hello too, whichever comes first.
  const hello = () => {
    if (helloSent) return;
    helloSent = true;
    for (const run of helloWaiting.splice(0)) run();
    toRelay({ kind: 'hello', top: isTop });
    if (pendingStart) startWhenKnown();
  };
  afterFirstPaint(hello);
  if (doc.readyState === 'complete') hello();
  else listen.call(window, 'load', hello, { once: true } as AddEventListenerOptions);
  listen.call(window, 'pagehide', (event: Event) => event.isTrusted && hello());
}

function isMutation(event: TimedEvent): boolean {
  return (
    event.type === EventType.IncrementalSnapshot &&
    (event.data as { source?: number }).source === IncrementalSource.Mutation
  );
}

/** Whether the person's capture settings keep this signal (console and network detail). */
function captured(config: RecorderConfig, tag: string, payload: unknown): boolean {
  if (tag === SIGNAL_TAG.console) {
    const { level } = payload as ConsolePayload;
    return (
      config.consoleCapture === 'errors-and-warnings' ||
      (config.consoleCapture === 'errors' && level === 'error')
    );
  }
  if (tag === SIGNAL_TAG.request) {
    const { failure } = payload as RequestPayload;
    return (
      config.networkCapture === 'all' || (config.networkCapture === 'failures' && failure !== null)
    );
  }
  return true;
}

/** Settings that change what rrweb records: a new rrweb run (a new session) under the new ones. */
function recordedDifferently(a: RecorderConfig, b: RecorderConfig): boolean {
  return (
    a.privacyLevel !== b.privacyLevel ||
    a.maskSelector !== b.maskSelector ||
    a.blockSelector !== b.blockSelector
  );
}

/**
 * The document's title for our markers (and so the session's title). It is page text: masked as
 * rrweb masks the <title> at the strict level, and until the level is known.
 */
function pageTitle(level: PrivacyLevel | undefined): string {
  const title = redactText(doc.title, 500);
  return level === 'mask-inputs' ? title : title.replace(/\S/g, '*');
}

/**
 * Runs `begin` once the page has painted its first content (First Contentful Paint), at once if it
 * already has (a late start, a resume), or at most FIRST_PAINT_WAIT_MS after DOMContentLoaded.
 */
function afterFirstPaint(begin: () => void): void {
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    observer?.disconnect();
    later(begin, 0);
  };
  let observer: PerformanceObserver | null = null;
  const painted = () => performance.getEntriesByName('first-contentful-paint').length > 0;
  // The buffered observer below also sees a paint that already happened: while the document
  // loads (at document_start, in every frame) this look only cost the page's first paint.
  if (doc.readyState !== 'loading' && painted()) {
    go();
    return;
  }
  // Also looked for after each frame once the DOM is parsed: the observer's callback came ~50 ms
  // after the paint, and the later rrweb's snapshot runs, the likelier it lands on the page's
  // Largest Contentful Paint. Not mid-parse: frames asked for then could only cost the page.
  const afterFrame = () => {
    if (done) return;
    if (painted()) go();
    else nextFrame(() => later(afterFrame, 0));
  };
  try {
    observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName('first-contentful-paint').length > 0) go();
    });
    observer.observe({ type: 'paint', buffered: true });
  } catch {
    observer = null;
  }
  // A hidden tab paints nothing, nor does a blank page: start anyway once the DOM is parsed.
  const fallback = () => {
    afterFrame();
    later(go, FIRST_PAINT_WAIT_MS);
  };
  if (doc.readyState === 'loading')
    listen.call(doc, 'DOMContentLoaded', fallback, { once: true } as AddEventListenerOptions);
  else fallback();
}

/** Runs `run` in the page's next idle period, or after IDLE_START_WAIT_MS at the latest. */
function whenIdle(run: () => void): void {
  if (idleCallback) idleCallback(() => run(), { timeout: IDLE_START_WAIT_MS });
  else later(run, 0);
}

function pageView(
  kind: PageViewPayload['kind'],
  navigation: PageViewNavigation | undefined,
  index: number | undefined,
  level: PrivacyLevel | undefined,
): PageViewPayload {
  return {
    kind,
    url: redactUrl(location.href),
    title: pageTitle(level),
    referrer: doc.referrer ? redactUrl(doc.referrer) : '',
    ...(navigation ? { navigation } : {}),
    ...(index !== undefined ? { historyIndex: index } : {}),
  };
}

/** How this document was loaded (Navigation Timing): a reload or a back/forward move reads as such. */
function loadNavigation(): PageViewNavigation | undefined {
  try {
    const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return entry?.type as PageViewNavigation | undefined;
  } catch {
    return undefined;
  }
}

if (!isRecordedByParent()) startRecorder();
