import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import { customPayload, customTag, TABREEL_TAG, type TimedEvent } from '../events/tabreel-events';
import {
  SIGNAL_TAG,
  type ActionPayload,
  type ConsolePayload,
  type ErrorPayload,
  type RequestPayload,
} from '../signals/signal-events';
import type { ClickSignal } from './detect-rage-clicks';

/** What the failed-action detectors read from a session's events, each on the replay's clock. */
export interface SessionSignals {
  clicks: ClickSignal[];
  /** Times the page reacted: a DOM change, a page view, a request start or a focus change. */
  reactions: number[];
  /** Uncaught errors, unhandled rejections and console errors. */
  errors: Array<{ timestamp: number; message: string }>;
  requests: Array<RequestPayload & { timestamp: number }>;
}

/** One pass over a session's events (sorted by time) into the signals the detectors need. */
export function collectSignals(events: readonly TimedEvent[]): SessionSignals {
  const signals: SessionSignals = { clicks: [], reactions: [], errors: [], requests: [] };
  for (const event of events) {
    const ts = event.timestamp;
    if (event.type === EventType.IncrementalSnapshot) {
      const data = event.data as { source?: number; type?: number };
      const isFocus =
        data.source === IncrementalSource.MouseInteraction &&
        (data.type === MouseInteractions.Focus || data.type === MouseInteractions.Blur);
      if (data.source === IncrementalSource.Mutation || isFocus) signals.reactions.push(ts);
      continue;
    }
    switch (customTag(event)) {
      case TABREEL_TAG.page:
        signals.reactions.push(ts);
        break;
      case SIGNAL_TAG.action: {
        const action = customPayload<ActionPayload>(event)!;
        if (action.kind === 'click') {
          signals.clicks.push({
            timestamp: ts,
            x: action.x ?? 0,
            y: action.y ?? 0,
            target: action.target,
          });
        }
        break;
      }
      case SIGNAL_TAG.request: {
        const request = customPayload<RequestPayload>(event)!;
        signals.requests.push({ ...request, timestamp: ts });
        // A request that started is a reaction, answered or not.
        signals.reactions.push(request.startedAt);
        break;
      }
      case SIGNAL_TAG.error:
        signals.errors.push({
          timestamp: ts,
          message: customPayload<ErrorPayload>(event)!.message,
        });
        break;
      case SIGNAL_TAG.console: {
        const entry = customPayload<ConsolePayload>(event)!;
        if (entry.level === 'error') signals.errors.push({ timestamp: ts, message: entry.message });
        break;
      }
    }
  }
  signals.reactions.sort((a, b) => a - b);
  return signals;
}
