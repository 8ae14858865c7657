import { countsAsPage } from '../session/counts-as-page';
import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import {
  customPayload,
  customTag,
  TABREEL_TAG,
  type MarkerPayload,
  type PageViewPayload,
  type SessionStartPayload,
  type TimedEvent,
} from '../events/tabreel-events';
import { classifyEvent } from '../session/classify-event';
import {
  SIGNAL_TAG,
  type ActionPayload,
  type ActionTarget,
  type ConsolePayload,
  type EnvironmentPayload,
  type ErrorPayload,
  type RequestPayload,
  type ValidityFlag,
  type VitalPayload,
} from '../signals/signal-events';
import type { ClickSignal } from './detect-rage-clicks';

export type ErrorSource = 'uncaught' | 'rejection' | 'console';

export interface ErrorSignal {
  timestamp: number;
  message: string;
  source: ErrorSource;
}

export type RequestSignal = RequestPayload & { timestamp: number };

export type PageViewSignal = PageViewPayload & { timestamp: number };

export interface InvalidFieldSignal {
  timestamp: number;
  field: ActionTarget | null;
  form: ActionTarget | null;
  validity: ValidityFlag | null;
}

/** What the analysis reads from a session's events, each on the replay's clock. */
export interface SessionSignals {
  /** First and last event times: the session's bounds as recorded. */
  firstAt: number;
  lastAt: number;
  clicks: ClickSignal[];
  /** Times the page reacted: a DOM change, a page view, a request start or a focus change. */
  reactions: number[];
  /** Uncaught errors, unhandled rejections and console errors. */
  errors: ErrorSignal[];
  consoleWarnings: number;
  requests: RequestSignal[];
  pages: PageViewSignal[];
  submits: Array<{ timestamp: number; target: ActionTarget | null }>;
  invalidFields: InvalidFieldSignal[];
  /** Clicks, inputs, submits and key shortcuts: what a person did on purpose. */
  actions: Array<{ timestamp: number; kind: ActionPayload['kind'] }>;
  vitals: Array<VitalPayload & { timestamp: number }>;
  /** Times the person was there: any user input, mouse or touch movement, or a page view. */
  presence: number[];
  /** Markers the person added ("bug here"), with their notes. */
  markers: Array<{ timestamp: number; note: string }>;
  /** The first environment report (browser, OS, viewport, referrer): the session's traffic. */
  environment: EnvironmentPayload | null;
}

// Mouse and touch movement show someone is there, though they never keep a session alive.
const MOVEMENT_SOURCES: ReadonlySet<number> = new Set([
  IncrementalSource.MouseMove,
  IncrementalSource.TouchMove,
  IncrementalSource.Drag,
]);

/** One pass over a session's events (sorted by time) into the signals the analysis needs. */
export function collectSignals(events: readonly TimedEvent[]): SessionSignals {
  const signals: SessionSignals = {
    firstAt: events[0]?.timestamp ?? 0,
    lastAt: events.at(-1)?.timestamp ?? 0,
    clicks: [],
    reactions: [],
    errors: [],
    consoleWarnings: 0,
    requests: [],
    pages: [],
    submits: [],
    invalidFields: [],
    actions: [],
    vitals: [],
    presence: [],
    markers: [],
    environment: null,
  };
  // When the latest pointer press began, until its click: see isPressFocus.
  let pressedAt: number | null = null;
  // Page loads, full snapshots and no-replay marks: which page views rrweb did not record.
  const loads: number[] = [];
  const snapshots: number[] = [];
  const noReplays: number[] = [];
  for (const event of events) {
    const ts = event.timestamp;
    if (event.type === EventType.FullSnapshot) snapshots.push(ts);
    const role = classifyEvent(event);
    if (role === 'user' || role === 'navigation') signals.presence.push(ts);
    if (event.type === EventType.IncrementalSnapshot) {
      const data = event.data as { source?: number; type?: number };
      const interaction = data.source === IncrementalSource.MouseInteraction ? data.type : null;
      if (
        interaction === MouseInteractions.MouseDown ||
        interaction === MouseInteractions.TouchStart
      )
        pressedAt = ts;
      if (interaction === MouseInteractions.Click) pressedAt = null;
      const isFocus =
        (interaction === MouseInteractions.Focus || interaction === MouseInteractions.Blur) &&
        !isPressFocus(pressedAt, ts);
      if (data.source === IncrementalSource.Mutation || isFocus) signals.reactions.push(ts);
      if (MOVEMENT_SOURCES.has(data.source ?? -1)) signals.presence.push(ts);
      continue;
    }
    // Payloads come from the page unchecked: one that is not an object is skipped, not a crash.
    const payload: unknown = customPayload(event);
    if (typeof payload !== 'object' || payload === null) continue;
    switch (customTag(event)) {
      case TABREEL_TAG.noReplay:
        noReplays.push(ts);
        break;
      case TABREEL_TAG.page:
        if ((payload as Partial<PageViewPayload>).kind === 'load') loads.push(ts);
        signals.reactions.push(ts);
        signals.pages.push({ ...customPayload<PageViewPayload>(event)!, timestamp: ts });
        break;
      case TABREEL_TAG.marker: {
        const note = customPayload<MarkerPayload>(event)?.note;
        signals.markers.push({ timestamp: ts, note: typeof note === 'string' ? note : '' });
        break;
      }
      case TABREEL_TAG.sessionStart: {
        // A session cut in the middle of a page begins on that page, without a page view.
        const marker = customPayload<SessionStartPayload>(event);
        if (
          marker?.url &&
          countsAsPage(TABREEL_TAG.sessionStart, marker.url, signals.pages.length)
        ) {
          signals.pages.push({
            kind: 'load',
            url: marker.url,
            title: marker.title ?? '',
            referrer: '',
            timestamp: ts,
          });
        }
        break;
      }
      case SIGNAL_TAG.action:
        collectAction(signals, customPayload<ActionPayload>(event)!, ts);
        break;
      case SIGNAL_TAG.request: {
        const request = customPayload<RequestPayload>(event)!;
        signals.requests.push({ ...request, timestamp: ts });
        // A request that started is a reaction, answered or not.
        signals.reactions.push(request.startedAt);
        break;
      }
      case SIGNAL_TAG.error: {
        const error = customPayload<ErrorPayload>(event)!;
        const source = error.kind === 'unhandledrejection' ? 'rejection' : 'uncaught';
        signals.errors.push({ timestamp: ts, message: error.message, source });
        break;
      }
      case SIGNAL_TAG.console: {
        const entry = customPayload<ConsolePayload>(event)!;
        if (entry.level === 'error')
          signals.errors.push({ timestamp: ts, message: entry.message, source: 'console' });
        else signals.consoleWarnings += 1;
        break;
      }
      case SIGNAL_TAG.environment:
        signals.environment ??= customPayload<EnvironmentPayload>(event)!;
        break;
      case SIGNAL_TAG.vital:
        signals.vitals.push({ ...customPayload<VitalPayload>(event)!, timestamp: ts });
        break;
    }
  }
  signals.reactions.sort((a, b) => a - b);
  markUnobservedClicks(signals.clicks, loads, snapshots, noReplays);
  return signals;
}

/**
 * Clicks no DOM record could answer: in a page view with a no-replay mark and no full snapshot
 * (from its load, where the mark is stamped, until the next load), or before their page view's
 * first full snapshot (rrweb starts in an idle period after the first paint). Each list may be in
 * any order (marks come late, early).
 */
function markUnobservedClicks(
  clicks: ClickSignal[],
  loads: number[],
  snapshots: number[],
  noReplays: readonly number[],
): void {
  loads.sort((a, b) => a - b);
  snapshots.sort((a, b) => a - b);
  const views: Array<[from: number, to: number]> = [];
  for (const mark of noReplays) {
    const next = loads.find((load) => load > mark) ?? Infinity;
    const from = Math.max(-Infinity, ...loads.filter((load) => load <= mark));
    if (!snapshots.some((t) => t >= from && t < next)) views.push([from, next]);
  }
  for (const click of clicks) {
    if (views.some(([from, to]) => click.timestamp >= from && click.timestamp < to)) {
      click.unobserved = true;
      continue;
    }
    // Its page view's load, and whether a snapshot came between it and the click. A session with
    // no snapshot at all (an older or partial one) is judged as before.
    if (snapshots.length === 0) continue;
    let from = -Infinity;
    for (const load of loads) if (load <= click.timestamp) from = load;
    if (!snapshots.some((t) => t >= from && t <= click.timestamp)) click.unobserved = true;
  }
}

/**
 * Focus moving to the pressed element (and off the previous one) is the press's own default
 * action, not the page reacting to the click that follows. It often shares the click's
 * millisecond (a tap; a fast click), so it would save every dead click on a focusable control.
 */
const PRESS_FOCUS_MS = 1000;

function isPressFocus(pressedAt: number | null, t: number): boolean {
  return pressedAt !== null && t - pressedAt <= PRESS_FOCUS_MS;
}

function collectAction(signals: SessionSignals, action: ActionPayload, ts: number): void {
  switch (action.kind) {
    case 'click':
      signals.clicks.push({
        timestamp: ts,
        x: action.x ?? 0,
        y: action.y ?? 0,
        target: action.target,
      });
      break;
    case 'submit':
      signals.submits.push({ timestamp: ts, target: action.target });
      break;
    case 'invalid':
      signals.invalidFields.push({
        timestamp: ts,
        field: action.target,
        form: action.form ?? null,
        validity: action.validity ?? null,
      });
      return; // the browser's refusal, not something the person did
    case 'scroll-depth':
      return;
  }
  signals.actions.push({ timestamp: ts, kind: action.kind });
}
