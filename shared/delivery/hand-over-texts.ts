// The recorder's batch as the relay takes it: each event stringified once, and consecutive events
// joined into JSON array texts of about `maxChars` (the outbox's batch size), one DOM event each.
// The outbox keeps each text whole, so texts no larger than its batches keep its batches (and the
// service worker's transactions) small; an event larger than that goes alone. Pure: the page's
// own `JSON.stringify` may be replaced, so the recorder passes the one it kept.

export interface HandOverText {
  count: number;
  /** A JSON array's text: `[` … `]`. */
  text: string;
}

export function handOverTexts<T>(
  events: readonly T[],
  maxChars: number,
  stringify: (value: T) => string,
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
    if (parts.length > 0 && chars + json.length + 1 > maxChars) close();
    parts.push(json);
    chars += json.length + 1;
  }
  close();
  return texts;
}
