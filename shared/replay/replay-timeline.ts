import type { SessionAnalysis } from '../analysis/analyze-session';
import type { FailureKind } from '../analysis/failed-action';
import {
  customPayload,
  customTag,
  TABREEL_TAG,
  type PageViewPayload,
  type TimedEvent,
} from '../events/tabreel-events';
import { EventType } from '@rrweb/types';
import { replaySpan } from './replay-span';

/** How long after a page-load marker its full snapshot may come (DOMContentLoaded). */
const PAGE_SNAPSHOT_WINDOW_MS = 10_000;

export type MarkerKind = 'page' | 'marker' | FailureKind;

/** One mark on the replay's timeline: hover tells what, a click seeks there. */
export interface TimelineMarker {
  /** ms from the replay's start. */
  at: number;
  kind: MarkerKind;
  label: string;
  /** The element to outline in the replay, when there is one. */
  selector: string | null;
}

export interface ReplayTimeline {
  /** The replay's clock origin: its first event, ms since the epoch. */
  origin: number;
  /** To the session's end (replay-span.ts): past the last event when the tab stayed open, idle. */
  totalMs: number;
  markers: TimelineMarker[];
  /** Where each page of the flow is first shown, ms from the start (flow.pages' order). */
  pages: number[];
  /** Idle spans, ms from the start: shaded, and skipped when skipping inactivity. */
  idle: Array<{ from: number; to: number }>;
}

/**
 * Where the analysis's moments fall on the replay's timeline, which runs from the first event to
 * the session's end (`endedAt`, the row's: null while it records; clamped as replay-span.ts says).
 */
export function buildReplayTimeline(
  events: readonly TimedEvent[],
  analysis: SessionAnalysis,
  endedAt: number | null,
): ReplayTimeline {
  const origin = events[0]?.timestamp ?? analysis.duration.startedAt;
  const { totalMs } = replaySpan(origin, events.at(-1)?.timestamp ?? origin, endedAt);
  const at = (t: number) => Math.max(0, t - origin);
  const snapshots = events.filter((e) => e.type === EventType.FullSnapshot).map((e) => e.timestamp);
  // A load's page view comes just before its full snapshot: seek to the snapshot to see the page.
  const shownAt = (t: number) => {
    const snapshot = snapshots.find((s) => s >= t && s - t <= PAGE_SNAPSHOT_WINDOW_MS);
    // rrweb applies events strictly before the position it is paused at: land just after it.
    return at(snapshot ?? t) + 1;
  };
  const pages = analysis.flow.pages.map((page) =>
    page.kind === 'load' ? shownAt(page.enteredAt) : at(page.enteredAt),
  );
  const markers: TimelineMarker[] = [
    ...analysis.flow.pages.map((page, i) => ({
      at: pages[i]!,
      kind: 'page' as const,
      label: `${page.title || page.url}`,
      selector: null,
    })),
    ...(analysis.markers ?? []).map((marker) => ({
      at: at(marker.timestamp),
      kind: 'marker' as const,
      label: marker.note ? `Marker: ${marker.note}` : 'Marker',
      selector: null,
    })),
    ...analysis.failures.map((failure) => ({
      at: at(failure.timestamp),
      kind: failure.kind,
      label: `${FAILURE_LABELS[failure.kind]}${failure.target ? ` on “${failure.target.name || failure.target.selector}”` : ''}: ${failure.evidence}`,
      selector: failure.target?.selector ?? null,
    })),
  ].sort((a, b) => a.at - b.at);
  return {
    origin,
    totalMs,
    markers,
    pages,
    // Within the timeline: an analysis of other bounds (an older one) must not shade past its end.
    idle: analysis.duration.idlePeriods
      .map((p) => ({ from: at(p.start), to: Math.min(at(p.end), totalMs) }))
      .filter((span) => span.to > span.from),
  };
}

export const FAILURE_LABELS: Record<FailureKind, string> = {
  'dead-click': 'Dead click',
  'rage-click': 'Rage click',
  'error-click': 'Error click',
  'failed-request-click': 'Failed request after click',
  'invalid-submit': 'Invalid submit',
  error: 'Uncaught error',
  'failed-request': 'Failed request',
  'poor-vital': 'Poor web vital',
};

/** The page's address at each moment: page views and rrweb Meta events, in time order. */
export function addressesOf(events: readonly TimedEvent[]): Array<{ t: number; url: string }> {
  const out: Array<{ t: number; url: string }> = [];
  for (const event of events) {
    let url: string | undefined;
    if (event.type === EventType.Meta) url = (event.data as { href?: string }).href;
    else if (customTag(event) === TABREEL_TAG.page)
      url = customPayload<PageViewPayload>(event)?.url;
    if (url && out.at(-1)?.url !== url) out.push({ t: event.timestamp, url });
  }
  return out;
}

/** The address current at absolute time `t` (binary search over addressesOf's list). */
export function addressAt(addresses: ReadonlyArray<{ t: number; url: string }>, t: number): string {
  let lo = 0;
  let hi = addresses.length - 1;
  let found = addresses[0]?.url ?? '';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (addresses[mid]!.t <= t) {
      found = addresses[mid]!.url;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
