// The relay: a small isolated-world script in every frame. In the top frame it keeps the outbox of
// the recorder's events, numbers them, delivers them to the service worker and drops them only once
// the worker acks that they are committed. In child frames it only tells the recorder whether to run
// (cross-origin child recorders hand their events to the parent's recorder, as rrweb does).
// It uses `chrome.*` directly, unlike the rest of the extension: webextension-polyfill's
// evaluation at document_start, in every frame, cost the page's first paint (npm run bench -- V1).
import type { BackgroundToContentMessage } from '../../shared/messages/background-to-content';
import {
  isBatchAck,
  type BatchMessage,
  type InjectRrwebMessage,
  type InjectRrwebReply,
} from '../../shared/messages/content-to-background';
import {
  PAGE_CONTROL,
  PAGE_EVENT,
  PAGE_URGENT_EVENT,
  RELAY_COMMAND,
  readPageBatch,
  type PageToRelay,
  type RecorderConfig,
  type RelayToPage,
} from '../../shared/messages/relay-to-page';
import { recordingDecision, type NotRecordedReason } from '../../shared/site/recording-decision';
import {
  SETTINGS_STORAGE_KEY,
  settingsFromStorage,
  type Settings,
} from '../../shared/settings/settings';
import { createOutbox } from '../../shared/delivery/outbox';
import { STATUS_STORAGE_KEY, type RecorderStatus } from '../../shared/messages/popup-to-background';

const isTop = window === window.top;

function toPage(command: RelayToPage): void {
  document.dispatchEvent(new CustomEvent(RELAY_COMMAND, { detail: JSON.stringify(command) }));
}

function recorderConfig(settings: Settings): RecorderConfig {
  return {
    privacyLevel: settings.privacyLevel,
    inactivityTimeoutMs: settings.inactivityTimeoutMs,
    maxDurationMs: settings.maxDurationMs,
    maskSelector: settings.maskSelector,
    blockSelector: settings.blockSelector,
    networkCapture: settings.networkCapture,
    consoleCapture: settings.consoleCapture,
  };
}

/** The page whose site decides: the top frame's. A child frame knows only the top's origin. */
function decidingUrl(): string {
  if (isTop) return location.href;
  const origins = location.ancestorOrigins;
  return origins && origins.length > 0 ? origins[origins.length - 1]! : location.href;
}

/** The disk is full (the service worker says so in the status): recording waits. */
let storageFull = false;

function storageFullOf(status: unknown): boolean {
  return Boolean((status as Partial<RecorderStatus> | undefined)?.storageFull);
}

/** Why this page is not recorded (its top page's site decides too), or null when it is. */
function notRecordedReason(settings: Settings): NotRecordedReason | null {
  const context = { incognito: chrome.extension.inIncognitoContext ?? false, storageFull };
  const top = recordingDecision({ ...context, url: decidingUrl() }, settings);
  const self = recordingDecision({ ...context, url: location.href }, settings);
  return !top.record ? top.reason : !self.record ? self.reason : null;
}

let pageReady = false;
let recording = false;
let everRecorded = false;
let stopSent = false;
let settings: Settings | null = null;

const outbox = isTop
  ? createOutbox({
      send: async (message: BatchMessage) => {
        try {
          // A worker that dies before answering rejects ("message port closed"): not an ack.
          return (await chrome.runtime.sendMessage(message)) as unknown;
        } catch (error) {
          // The extension was reloaded or removed: this page's relay can never deliver again.
          if (!extensionAlive()) giveUp('the extension was reloaded or removed');
          throw error;
        }
      },
      isAck: isBatchAck,
      onRejected: (error, count) => console.warn(`Tabreel: ${count} events refused: ${error}`),
      onAck: (ack) =>
        toPage({
          kind: 'session',
          startedAt: ack.session?.startedAt ?? null,
          needsSnapshot: ack.needsSnapshot,
        }),
    })
  : null;

function sync(): void {
  if (!pageReady || !settings) return;
  const why = notRecordedReason(settings);
  const want = why === null;
  const was = recording;
  // Set first: the recorder answers synchronously, inside toPage, with its first events.
  if (want) recording = true;
  if (want && !was) {
    if (rrwebWanted) void loadRrweb();
    // Not loaded here: the recorder asks for rrweb's script once the page is idle (its
    // evaluation, ~20 ms, landed on the page's Largest Contentful Paint; npm run bench -- V1).
    // A start after a stop is a resume, also on a page that was stopped before it ever recorded
    // (reloaded while excluded or paused): the tab's session from before the stop ends there.
    toPage({ kind: 'start', config: recorderConfig(settings), resumed: everRecorded || stopSent });
    everRecorded = true;
    stopSent = false;
  } else if (!want && (was || !stopSent)) {
    // Also when it never started: the recorder's early watchers then let go of the page. As it
    // stops it hands over the events it still held (see extension/page/hand-over.ts): kept. Then
    // its stop marker, with which the service worker ends the tab's session (a page that could
    // never be recorded has no session to end).
    toPage(why === 'unsupported-page' ? { kind: 'stop' } : { kind: 'stop', reason: why });
    recording = false;
    stopSent = true;
    outbox?.flush({ force: true });
  } else if (want) {
    toPage({ kind: 'config', config: recorderConfig(settings) });
  }
}

document.addEventListener(PAGE_CONTROL, (event) => {
  const detail = (event as CustomEvent<unknown>).detail;
  if (typeof detail !== 'string') return;
  let message: PageToRelay;
  try {
    message = JSON.parse(detail) as PageToRelay;
  } catch {
    return;
  }
  if (message.kind === 'hello') {
    pageReady = true;
    connect();
    sync();
  } else if (message.kind === 'load-rrweb') {
    // Kept: asked while not recording, it is done at the next start (the recorder asks once).
    rrwebWanted = true;
    void loadRrweb();
  }
});

const RRWEB_INJECT_ATTEMPTS = 5;
const RRWEB_RETRY_MS = 1000;
let rrwebRequested = false;
let rrwebWanted = false;

/**
 * Has the service worker inject the recorder's rrweb script into this frame, once per document; a
 * worker stopped mid-request answers nothing, so ask again a few times.
 */
async function loadRrweb(): Promise<void> {
  if (rrwebRequested || !recording) return;
  rrwebRequested = true;
  const message: InjectRrwebMessage = { type: 'inject-rrweb' };
  for (let attempt = 1; attempt <= RRWEB_INJECT_ATTEMPTS; attempt++) {
    let reply: InjectRrwebReply | undefined;
    try {
      reply = (await chrome.runtime.sendMessage(message)) as InjectRrwebReply | undefined;
    } catch (error) {
      if (!extensionAlive()) return;
      reply = { ok: false, error: String(error) };
    }
    if (reply?.ok) return;
    if (attempt < RRWEB_INJECT_ATTEMPTS) {
      await new Promise((done) => setTimeout(done, RRWEB_RETRY_MS));
      continue;
    }
    const reason = reply?.error ?? 'no answer';
    console.warn(`Tabreel could not load its recorder here: ${reason}.`);
    // The recorder's early watchers go on (clicks, console, requests); the session says why it
    // has no replay, and its clicks are not judged dead for want of a DOM record.
    if (recording) toPage({ kind: 'no-replay', reason });
  }
}

function extensionAlive(): boolean {
  try {
    return Boolean(chrome.runtime.id);
  } catch {
    return false;
  }
}

/** Stops recording this page for good and lets go of everything unsent. */
function giveUp(why: string): void {
  console.warn(`Tabreel stopped recording this page: ${why}.`);
  recording = false;
  settings = null;
  toPage({ kind: 'stop' });
  outbox?.clear();
}

if (outbox) {
  const accept = (urgent: boolean) => (event: Event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    if (!recording || typeof detail !== 'string') return;
    const batch = readPageBatch(detail);
    if (!batch) return; // not the recorder's (a page's own event of that name, or too large)
    // Full: the service worker has not acked for a long while (disk full?). Stop, don't grow.
    if (!outbox.push(batch.arrayText, batch.count, urgent))
      giveUp('events could not be stored for too long');
  };
  document.addEventListener(PAGE_EVENT, accept(false));
  document.addEventListener(PAGE_URGENT_EVENT, accept(true));
  // Only the browser's own events: a page firing fake ones must not make us resend everything.
  document.addEventListener('visibilitychange', (event) => {
    if (event.isTrusted && document.visibilityState === 'hidden') outbox.flush({ force: true });
  });
  window.addEventListener('pagehide', (event) => {
    if (event.isTrusted) outbox.flush({ force: true });
  });
}

/**
 * Reads the settings and starts listening to the extension, once the recorder has said hello: it
 * does after the page's first paint, and touching chrome.* (its bindings, a storage read) at
 * document_start, in every frame, cost that paint (npm run bench -- V1).
 */
let connected = false;
function connect(): void {
  if (connected) return;
  connected = true;
  if (outbox) {
    chrome.runtime.onMessage.addListener((message: unknown, _sender, reply) => {
      const command = message as BackgroundToContentMessage;
      switch (command?.type) {
        case 'start-new-session':
          if (recording) toPage({ kind: 'new-session', reason: 'manual' });
          reply({ ok: recording });
          return false;
        case 'add-marker':
          if (recording) toPage({ kind: 'marker', note: String(command.note ?? '') });
          reply({ ok: recording });
          return false;
        default:
          return false;
      }
    });
  }
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (STATUS_STORAGE_KEY in changes) {
      const full = storageFullOf(changes[STATUS_STORAGE_KEY]?.newValue);
      if (full !== storageFull) {
        storageFull = full;
        sync();
      }
    }
    if (SETTINGS_STORAGE_KEY in changes) {
      settings = settingsFromStorage(changes[SETTINGS_STORAGE_KEY]?.newValue);
      sync();
    }
  });

  void chrome.storage.local.get([SETTINGS_STORAGE_KEY, STATUS_STORAGE_KEY]).then((stored) => {
    storageFull = storageFullOf(stored[STATUS_STORAGE_KEY]);
    settings = settingsFromStorage(stored[SETTINGS_STORAGE_KEY]);
    sync();
  });
}

// The recorder may have said hello before this script ran: ask it again.
toPage({ kind: 'ping' });
