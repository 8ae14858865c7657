import type { SessionAnalysis } from '../../shared/analysis/analyze-session';
import {
  customPayload,
  customTag,
  TABREEL_TAG,
  type NoReplayPayload,
  type TimedEvent,
} from '../../shared/events/tabreel-events';
import {
  SIGNAL_TAG,
  type ConsolePayload,
  type EnvironmentPayload,
  type ErrorPayload,
  type RequestPayload,
} from '../../shared/signals/signal-events';

export interface ConsoleEntry {
  timestamp: number;
  level: 'error' | 'warn';
  /** `uncaught` and `rejection` are errors the page did not catch. */
  source: 'console' | 'uncaught' | 'rejection';
  message: string;
  stack: string;
}

/** What the session page's panels show, read once from the events. */
export interface SessionView {
  events: TimedEvent[];
  analysis: SessionAnalysis;
  console: ConsoleEntry[];
  requests: Array<RequestPayload & { timestamp: number }>;
  environment: EnvironmentPayload | null;
  hasSnapshot: boolean;
  /** Why rrweb could not record a page of this session (the first such page), if one could not. */
  noReplay: string | null;
}

export function readSessionView(events: TimedEvent[], analysis: SessionAnalysis): SessionView {
  const view: SessionView = {
    events,
    analysis,
    console: [],
    requests: [],
    environment: null,
    hasSnapshot: false,
    noReplay: null,
  };
  for (const event of events) {
    if (event.type === 2) view.hasSnapshot = true; // rrweb FullSnapshot
    switch (customTag(event)) {
      case SIGNAL_TAG.console: {
        const entry = customPayload<ConsolePayload>(event)!;
        view.console.push({ timestamp: event.timestamp, source: 'console', ...entry });
        break;
      }
      case SIGNAL_TAG.error: {
        const error = customPayload<ErrorPayload>(event)!;
        view.console.push({
          timestamp: event.timestamp,
          level: 'error',
          source: error.kind === 'unhandledrejection' ? 'rejection' : 'uncaught',
          message: error.message,
          stack: error.stack,
        });
        break;
      }
      case SIGNAL_TAG.request:
        view.requests.push({
          ...customPayload<RequestPayload>(event)!,
          timestamp: event.timestamp,
        });
        break;
      case TABREEL_TAG.noReplay: {
        const reason = customPayload<Partial<NoReplayPayload>>(event)?.reason;
        view.noReplay ??= typeof reason === 'string' ? reason : '';
        break;
      }
      case SIGNAL_TAG.environment:
        view.environment ??= customPayload<EnvironmentPayload>(event)!;
        break;
    }
  }
  view.requests.sort((a, b) => a.startedAt - b.startedAt);
  return view;
}

/** The index of the last item at or before `t` (items sorted by `timeOf`), or -1. */
export function activeIndex<T>(
  items: readonly T[],
  t: number,
  timeOf: (item: T) => number,
): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (timeOf(items[mid]!) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
