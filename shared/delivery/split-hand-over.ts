// The relay's limit on one hand-over from the recorder: a message carries at most 32 MiB, so a
// batch of events over MAX_HAND_OVER_CHARS is split into one array per event, and an event still
// over it keeps its place as a `tabreel.dropped` marker. Rare: such a batch is parsed again here.
import { makeCustomEvent, TABREEL_TAG } from '../events/tabreel-events';

export const MAX_HAND_OVER_CHARS = 16 * 1024 * 1024;

/** A one-event array standing in for an event too large to deliver. */
export function droppedArrayText(chars: number, now: number): string {
  return `[${JSON.stringify(makeCustomEvent(TABREEL_TAG.dropped, { reason: 'too-large', chars }, now))}]`;
}

/**
 * The hand-over as the outbox takes it: as it is when small enough, else one array text per
 * event. Empty when the text is not a JSON array (nothing of it could be stored).
 */
export function splitHandOver(
  arrayText: string,
  count: number,
  now: number,
  maxChars = MAX_HAND_OVER_CHARS,
): Array<{ arrayText: string; count: number }> {
  if (arrayText.length <= maxChars) return [{ arrayText, count }];
  if (count === 1) return [{ arrayText: droppedArrayText(arrayText.length, now), count: 1 }];
  let events: unknown;
  try {
    events = JSON.parse(arrayText);
  } catch {
    return [];
  }
  if (!Array.isArray(events)) return [];
  return events.map((event) => {
    const json = JSON.stringify(event);
    return {
      arrayText: json.length + 2 <= maxChars ? `[${json}]` : droppedArrayText(json.length, now),
      count: 1,
    };
  });
}
