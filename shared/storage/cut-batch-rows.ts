import type { TimedEvent } from '../events/tabreel-events';
import { encodeBatchText, isAscii, isLatin1, type EncodedChunk } from './chunk-codec';
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COMMA,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from './json-char-codes';

/**
 * A chunk row's largest value, in the bytes IndexedDB serializes it to (text: one byte a character
 * while all are Latin-1, else two). Chromium wraps a value of 64 KiB or more into a Blob that the
 * commit writes as a file of its own (`kIDBWrapThreshold`): in the extension's worker a 400 KB row
 * committed in 6.5 ms, the same text as 7 rows in 3.8 (15.3 vs 8.0 with S1 producing; bench S1,
 * fifth step). The rest of the 64 KiB is left for the row's other fields.
 */
export const ROW_MAX_STORED_BYTES = 60 * 1024;

/** One row's share of a batch: `count` events from the batch's `from`-th on, as a JSON array. */
export interface ChunkPiece {
  from: number;
  count: number;
  encoded: EncodedChunk;
}

/**
 * A batch's JSON array text, as it arrived, cut at event boundaries into rows below
 * ROW_MAX_STORED_BYTES (an event larger than that is a row alone), without parsing or stringifying
 * it again: one scan for the top-level commas, jumping from quote to quote inside strings. null when
 * a text to cut is not an array of `count` items (the caller stringifies the parsed events instead);
 * a text small enough for one row is that row, unchecked (the batch was parsed already).
 */
export function cutBatchRows(
  json: string,
  count: number,
  maxStoredBytes = ROW_MAX_STORED_BYTES,
): ChunkPiece[] | null {
  // Recorded text is nearly always ASCII: one scan then answers every row's sizes.
  const ascii = isAscii(json);
  const maxChars = ascii || isLatin1(json) ? maxStoredBytes : maxStoredBytes >> 1;
  // An ASCII batch's pieces are ASCII: no scan of each again.
  const encode = (text: string) => (ascii ? encodeBatchText(text, true) : encodeBatchText(text));
  if (json.length <= maxChars) return [{ from: 0, count, encoded: encode(json) }];
  const ends = itemEnds(json);
  if (!ends || ends.length !== count) return null;
  const pieces: ChunkPiece[] = [];
  let start = 1; // the row's first character after `[`
  let from = 0;
  for (let i = 0; i < ends.length; i += 1) {
    const next = ends[i + 1];
    // Close the row before an item that would take it past the limit (`[` and `]` included).
    if (next !== undefined && next - start + 2 <= maxChars) continue;
    const text = start === 1 && i === ends.length - 1 ? json : `[${json.slice(start, ends[i])}]`;
    pieces.push({ from, count: i + 1 - from, encoded: encode(text) });
    start = ends[i]! + 1;
    from = i + 1;
  }
  return pieces;
}

/**
 * Where each top-level item of a JSON array's text ends (the index of the comma or `]` after it),
 * or null when the text is not one array starting at its first character. The text was parsed
 * already, so it is valid JSON.
 */
function itemEnds(json: string): number[] | null {
  // The relay sends `[` first; anything else (white space) is left to the parsed events' path.
  if (json.charCodeAt(0) !== OPEN_BRACKET) return null;
  const ends: number[] = [];
  let depth = 0;
  let items = false;
  for (let at = 1; at < json.length; at += 1) {
    const code = json.charCodeAt(at);
    if (code === QUOTE) {
      at = stringEnd(json, at);
      if (at < 0) return null;
      items = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      items = true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      if (depth === 0) {
        if (items) ends.push(at);
        return json.slice(at + 1).trim() === '' ? ends : null;
      }
      depth -= 1;
    } else if (code === COMMA && depth === 0) {
      ends.push(at);
    } else if (code > 0x20) {
      items = true; // a number, true, false or null
    }
  }
  return null;
}

/** The index of the quote closing the string opened at `open` (skipping escaped quotes), or -1. */
function stringEnd(json: string, open: number): number {
  let close = json.indexOf('"', open + 1);
  while (close > 0) {
    let backslashes = 0;
    while (json.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return close;
    close = json.indexOf('"', close + 1);
  }
  return -1;
}

/**
 * Parsed events → rows below ROW_MAX_STORED_BYTES, each event stringified once (a batch the write
 * path could not store as it came: part of it a resend, or it spans two sessions).
 */
export function cutEventRows(
  events: readonly TimedEvent[],
  maxStoredBytes = ROW_MAX_STORED_BYTES,
): ChunkPiece[] {
  const texts = events.map((event) => JSON.stringify(event));
  const maxChars = texts.some((text) => !isLatin1(text)) ? maxStoredBytes >> 1 : maxStoredBytes;
  const pieces: ChunkPiece[] = [];
  let from = 0;
  let chars = 2;
  const close = (to: number) => {
    if (to === from) return;
    pieces.push({
      from,
      count: to - from,
      encoded: encodeBatchText(`[${texts.slice(from, to).join(',')}]`),
    });
    from = to;
    chars = 2;
  };
  texts.forEach((text, i) => {
    if (i > from && chars + text.length + 1 > maxChars) close(i);
    chars += text.length + 1;
  });
  close(texts.length);
  return pieces;
}
