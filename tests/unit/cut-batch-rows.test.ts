import { describe, expect, it } from 'vitest';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { decodeChunk, storedByteLength } from '../../shared/storage/chunk-codec';
import {
  cutBatchRows,
  cutEventRows,
  ROW_MAX_STORED_BYTES,
  type ChunkPiece,
} from '../../shared/storage/cut-batch-rows';

/** A mutation event carrying `chars` of text (`fill` repeated), as a page's DOM does. */
function textEvent(ts: number, chars: number, fill = 'order #12 shipped, '): TimedEvent {
  return {
    type: 3,
    timestamp: ts,
    data: {
      source: 0,
      texts: [{ id: ts, value: fill.repeat(Math.ceil(chars / fill.length)).slice(0, chars) }],
    },
  };
}

/** The events each piece holds, checked against its place in the batch. */
function piecesEvents(pieces: ChunkPiece[], events: TimedEvent[]): TimedEvent[] {
  let next = 0;
  const out: TimedEvent[] = [];
  for (const piece of pieces) {
    expect(piece.from, 'pieces are contiguous').toBe(next);
    const decoded = decodeChunk(piece.encoded);
    expect(decoded).toHaveLength(piece.count);
    expect(decoded).toEqual(events.slice(piece.from, piece.from + piece.count));
    out.push(...decoded);
    next += piece.count;
  }
  return out;
}

describe('cutBatchRows', () => {
  it('keeps a batch below the row size whole: its text as it came, one piece', () => {
    const events = [textEvent(1, 100), textEvent(2, 200)];
    const json = JSON.stringify(events);
    const pieces = cutBatchRows(json, 2)!;
    expect(pieces).toHaveLength(1);
    expect(pieces[0]).toMatchObject({ from: 0, count: 2 });
    expect(pieces[0]!.encoded.data).toBe(json);
  });

  it('cuts a large batch at event boundaries into rows below the row size, losing no event', () => {
    const events = Array.from({ length: 40 }, (_, i) => textEvent(i, 5_000 + i * 300));
    const json = JSON.stringify(events);
    const pieces = cutBatchRows(json, events.length)!;
    expect(pieces.length).toBeGreaterThan(json.length / ROW_MAX_STORED_BYTES);
    for (const piece of pieces)
      expect(storedByteLength(piece.encoded.data)).toBeLessThanOrEqual(ROW_MAX_STORED_BYTES);
    expect(piecesEvents(pieces, events)).toEqual(events);
    // Full rows: each would have gone past the size with its next event.
    expect(pieces.length).toBeLessThanOrEqual(
      Math.ceil(json.length / (ROW_MAX_STORED_BYTES - 10_000)),
    );
  });

  it('gives an event larger than the row size a row of its own', () => {
    const events = [textEvent(1, 100), textEvent(2, 3 * ROW_MAX_STORED_BYTES), textEvent(3, 100)];
    const pieces = cutBatchRows(JSON.stringify(events), 3)!;
    expect(pieces.map((p) => [p.from, p.count])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    expect(piecesEvents(pieces, events)).toEqual(events);
  });

  it('is not fooled by commas, brackets, quotes and backslashes inside strings', () => {
    const tricky = '],[{"a":1},\\"\\\\", \\\\\\" ,]}{';
    const events = Array.from({ length: 30 }, (_, i) =>
      textEvent(i, 4_000, i % 2 ? tricky : 'a,b],[c"d\\e'),
    );
    const pieces = cutBatchRows(JSON.stringify(events), events.length)!;
    expect(pieces.length).toBeGreaterThan(1);
    expect(piecesEvents(pieces, events)).toEqual(events);
  });

  it('counts two bytes a character once any character is beyond Latin-1', () => {
    const events = Array.from({ length: 20 }, (_, i) => textEvent(i, 5_000, 'Straße 日本 '));
    const pieces = cutBatchRows(JSON.stringify(events), events.length)!;
    for (const piece of pieces) {
      expect(storedByteLength(piece.encoded.data)).toBeLessThanOrEqual(ROW_MAX_STORED_BYTES);
      expect((piece.encoded.data as string).length).toBeLessThanOrEqual(ROW_MAX_STORED_BYTES / 2);
    }
    expect(piecesEvents(pieces, events)).toEqual(events);
  });

  it('cuts arrays of numbers, strings, literals and nested arrays too', () => {
    const items = [
      1,
      'x,y',
      true,
      null,
      [1, [2, 3]],
      { a: [4] },
      -2.5e3,
      'z'.repeat(70_000),
      false,
    ];
    const json = JSON.stringify(items);
    const pieces = cutBatchRows(json, items.length)!;
    const back = pieces.flatMap((p) => JSON.parse(p.encoded.data as string) as unknown[]);
    expect(back).toEqual(items);
  });

  it('says null when the text is not an array of that many items', () => {
    const events = Array.from({ length: 20 }, (_, i) => textEvent(i, 5_000));
    const json = JSON.stringify(events);
    expect(cutBatchRows(json, 19)).toBeNull();
    expect(cutBatchRows(` ${json}`, 20)).toBeNull();
    expect(cutBatchRows(JSON.stringify({ events }), 1)).toBeNull();
  });
});

describe('cutEventRows', () => {
  it('groups parsed events into rows below the row size, each event whole', () => {
    const events = [
      textEvent(1, 100),
      ...Array.from({ length: 12 }, (_, i) => textEvent(i + 2, 20_000)),
      textEvent(20, 2 * ROW_MAX_STORED_BYTES),
    ];
    const pieces = cutEventRows(events);
    expect(pieces.length).toBeGreaterThan(3);
    expect(piecesEvents(pieces, events)).toEqual(events);
    expect(pieces.at(-1)).toMatchObject({ from: events.length - 1, count: 1 });
    for (const piece of pieces.slice(0, -1))
      expect(storedByteLength(piece.encoded.data)).toBeLessThanOrEqual(ROW_MAX_STORED_BYTES);
  });
});
