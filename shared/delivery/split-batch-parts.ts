// A batch the relay joined from several hand-overs, taken apart again in the service worker: the
// page can forge a hand-over, and one parsed with its neighbours could make them all refused, or
// (crafted to open a bracket that a later one closes) swallow a real hand-over into its own event.

/** One hand-over of a joined batch: `count` events from `seq` on, as its own array's text. */
export interface BatchPart {
  seq: number;
  count: number;
  text: string;
}

/**
 * Cuts `[a…,b…,c…]` back into `[a…]`, `[b…]`, `[c…]` by the lengths the relay sent (`parts`: each
 * hand-over's count and text length). null when the lengths or counts do not describe this text:
 * then the relay did not build it, and the batch is refused whole.
 */
export function splitBatchParts(
  text: string,
  fromSeq: number,
  count: number,
  parts: readonly (readonly [count: number, chars: number])[],
): BatchPart[] | null {
  if (!text.startsWith('[') || !text.endsWith(']')) return null;
  const split: BatchPart[] = [];
  let at = 1; // where the next hand-over's inner text starts
  let seq = fromSeq;
  for (const [partCount, chars] of parts) {
    const inner = chars - 2;
    if (inner < 0 || at + inner > text.length - 1) return null;
    split.push({ seq, count: partCount, text: `[${text.slice(at, at + inner)}]` });
    seq += partCount;
    at += inner;
    // Between two hand-overs the relay put a comma; after the last, the closing bracket.
    if (at === text.length - 1) break;
    if (text[at] !== ',') return null;
    at += 1;
  }
  if (split.length !== parts.length || at !== text.length - 1) return null;
  return seq - fromSeq === count ? split : null;
}
