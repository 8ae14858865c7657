import type { TimedEvent } from './tabreel-events';

const MAX_EVENT_TYPE = 8; // rrweb's EventType goes 0 (DomContentLoaded) … 8 (Annotation)

export type ParsedEvents = { ok: true; events: TimedEvent[] } | { ok: false; error: string };

/**
 * Parses a batch's JSON text into rrweb events, checking the shape every consumer relies on:
 * an array of exactly `expectedCount` objects with an integer `type` and a finite `timestamp`.
 */
export function parseEventArray(text: string, expectedCount: number): ParsedEvents {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: 'Batch events are not valid JSON.' };
  }
  if (!Array.isArray(parsed)) return { ok: false, error: 'Batch events are not an array.' };
  if (parsed.length !== expectedCount) {
    return { ok: false, error: `Batch says ${expectedCount} events but holds ${parsed.length}.` };
  }
  for (let i = 0; i < parsed.length; i += 1) {
    const event = parsed[i] as Partial<TimedEvent> | null;
    if (
      typeof event !== 'object' ||
      event === null ||
      !Number.isInteger(event.type) ||
      (event.type as number) < 0 ||
      (event.type as number) > MAX_EVENT_TYPE ||
      typeof event.timestamp !== 'number' ||
      !Number.isFinite(event.timestamp)
    ) {
      return { ok: false, error: `Batch event ${i} is not an rrweb event.` };
    }
  }
  return { ok: true, events: parsed as TimedEvent[] };
}
