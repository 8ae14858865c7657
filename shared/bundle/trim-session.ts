import { customTag, TABREEL_TAG, type TimedEvent } from '../events/tabreel-events';
import { SIGNAL_TAG } from '../signals/signal-events';

/** A part of a session's time, ms since the epoch; null: from its start, to its end. */
export interface TimeRange {
  from: number | null;
  to: number | null;
}

/** rrweb event types a replay needs to rebuild the page as it was at a moment. */
const META = 4;
const FULL_SNAPSHOT = 2;
const INCREMENTAL = 3;
/**
 * rrweb incremental sources that change nothing a later frame shows (the pointer, selections, logs,
 * drags): left out of the rebuild. Scroll and viewport size: only the latest (per node) matters.
 */
const TRANSIENT_SOURCES: ReadonlySet<number> = new Set([1, 2, 6, 11, 12, 14]);
const SCROLL = 3;
const VIEWPORT_RESIZE = 4;
/** Our markers that say which page the range starts on: the latest of each is kept. */
const CONTEXT_TAGS: ReadonlySet<string> = new Set([
  TABREEL_TAG.page,
  TABREEL_TAG.sessionStart,
  SIGNAL_TAG.environment,
  // A page view with no replay says so: trimmed away, its clicks would be judged dead.
  TABREEL_TAG.noReplay,
]);

/** Takes events in time order, a piece at a time; gives back the ones that are kept. */
export interface EventFilter {
  push(event: TimedEvent): readonly TimedEvent[];
  end(): readonly TimedEvent[];
}

/**
 * Keeps the events of `range`, streaming, so that the kept part still replays on its own: rrweb
 * needs a full snapshot to start from, so the page as it was at `from` is rebuilt from the last
 * full snapshot before it (with its Meta) and the changes since that a later frame shows (DOM,
 * styles, input values, the latest scroll and viewport size; not the pointer), all moved to `from`
 * (they replay at once, in order); the latest page and environment markers before `from` come along
 * (the flow knows the page), every other signal before `from` and everything after `to` is left
 * out. Holds at most the events since the last full snapshot before `from`.
 */
export function createTrimmer(range: TimeRange): EventFilter {
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  // Before `from`: the rebuild (from the last Meta/full snapshot on) and the latest markers.
  let rebuild: TimedEvent[] = [];
  const context = new Map<string, TimedEvent>();
  let started = false;
  const atFrom = (event: TimedEvent): TimedEvent => ({ ...event, timestamp: from });
  const release = (): TimedEvent[] => {
    started = true;
    // Markers first (the page view begins the range), then the rebuild, all at `from`.
    const out = [...context.values(), ...rebuild].sort((a, b) => a.timestamp - b.timestamp);
    rebuild = [];
    context.clear();
    return out.map(atFrom);
  };
  return {
    push(event) {
      if (event.timestamp > to) return [];
      if (started || event.timestamp >= from) {
        const before = started ? [] : release();
        return [...before, event];
      }
      if (event.type === META) rebuild = [event];
      else if (event.type === FULL_SNAPSHOT) {
        // A Meta right before its snapshot belongs with it; anything else before is superseded.
        const meta = rebuild.length > 0 && rebuild.at(-1)!.type === META ? rebuild.at(-1)! : null;
        rebuild = meta ? [meta, event] : [event];
      } else if (event.type === INCREMENTAL) {
        if (!rebuild.some((e) => e.type === FULL_SNAPSHOT)) return [];
        const data = event.data as { source?: number; id?: number };
        if (TRANSIENT_SOURCES.has(data.source ?? -1)) return [];
        if (data.source === SCROLL || data.source === VIEWPORT_RESIZE) {
          const same = rebuild.findIndex((e) => {
            const d = e.data as { source?: number; id?: number };
            return e.type === INCREMENTAL && d.source === data.source && d.id === data.id;
          });
          if (same >= 0) rebuild.splice(same, 1);
        }
        rebuild.push(event);
      } else {
        const tag = customTag(event);
        if (tag && CONTEXT_TAGS.has(tag)) context.set(tag, event);
      }
      return [];
    },
    // A range that starts after the last event keeps the page as it was then, and nothing else.
    end: () => (started || from === -Infinity || rebuild.length === 0 ? [] : release()),
  };
}

/** `createTrimmer` over a whole array (tests, previews). */
export function trimEvents(events: readonly TimedEvent[], range: TimeRange): TimedEvent[] {
  return runFilter(createTrimmer(range), events);
}

/** Runs a filter over a whole array. */
export function runFilter(filter: EventFilter, events: readonly TimedEvent[]): TimedEvent[] {
  const out: TimedEvent[] = [];
  for (const event of events) out.push(...filter.push(event));
  out.push(...filter.end());
  return out;
}
