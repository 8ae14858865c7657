// The recorder's batch as the relay takes it: each event stringified once, and consecutive events
// joined into JSON array texts of about `maxChars` (the outbox's batch size), one DOM event each.
// The outbox keeps each text whole, so texts no larger than its batches keep its batches (and the
// service worker's transactions) small; an event larger than that goes alone, and one larger than a
// message can carry keeps its place as a `tabreel.dropped` marker. Pure: the page's own
// `JSON.stringify` may be replaced, so the recorder passes the one it kept.
import { makeCustomEvent, TABREEL_TAG } from '../events/tabreel-events';
import { MAX_HAND_OVER_CHARS } from '../messages/relay-to-page';

export interface HandOverText {
  count: number;
  /** A JSON array's text: `[` … `]`. */
  text: string;
}

export interface HandOverTextOptions {
  /** Texts are cut at about this many characters (one event may exceed it alone). */
  maxChars: number;
  stringify: (value: unknown) => string;
  /** When an event too large to deliver was dropped (its marker's timestamp). */
  now: () => number;
  /** One event's limit; defaults to what the relay takes (MAX_HAND_OVER_CHARS). */
  maxEventChars?: number;
}

export function handOverTexts(
  events: readonly unknown[],
  { maxChars, stringify, now, maxEventChars = MAX_HAND_OVER_CHARS - 2 }: HandOverTextOptions,
): HandOverText[] {
  const texts: HandOverText[] = [];
  let parts: string[] = [];
  let chars = 2;
  const close = () => {
    if (parts.length === 0) return;
    texts.push({ count: parts.length, text: `[${parts.join(',')}]` });
    parts = [];
    chars = 2;
  };
  for (const event of events) {
    let json: string;
    try {
      json = stringify(event);
    } catch {
      continue; // not JSON (a page's BigInt in a payload): nothing a replay could use
    }
    if (typeof json !== 'string') continue; // undefined: nothing to keep
    if (json.length > maxEventChars)
      json = stringify(
        makeCustomEvent(TABREEL_TAG.dropped, { reason: 'too-large', chars: json.length }, now()),
      );
    if (parts.length > 0 && chars + json.length + 1 > maxChars) close();
    parts.push(json);
    chars += json.length + 1;
  }
  close();
  return texts;
}
