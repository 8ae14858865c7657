import { describe, expect, it } from 'vitest';
import type { ChunkRow } from '../../shared/db/schema';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import {
  encodeBatchText,
  encodeChunk,
  encodeRawChunk,
  type ChunkData,
} from '../../shared/storage/chunk-codec';
import { inflateChunkRowsAsync } from '../../shared/storage/inflate-chunk-rows-async';
import { inflateChunkRows } from '../../shared/storage/read-session-events';

const T0 = 1_700_000_000_000;

function row(
  id: string,
  encoded: { data: ChunkData; rawBytes: number; encoding?: 'raw' },
): ChunkRow {
  return {
    id,
    sessionId: 's1',
    streamId: 's1-stream',
    fromSeq: 0,
    toSeq: 0,
    firstTs: T0,
    lastTs: T0,
    count: 1,
    ...encoded,
  };
}

const events = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    type: 3,
    timestamp: T0 + i,
    data: { source: 1, text: 'café — ünïcode' },
  })) as unknown as TimedEvent[];

describe('inflateChunkRowsAsync', () => {
  it('gives the same JSON as fflate for deflated and raw chunks, in the order given', async () => {
    const rows = [
      row('a', encodeChunk(events(300))),
      row('b', encodeRawChunk(events(2))),
      // The write path keeps a batch's text as it came (a string) until the background deflate.
      row('c', encodeBatchText(JSON.stringify(events(4)))),
    ];
    const native = await inflateChunkRowsAsync(rows);
    expect(native).toEqual(inflateChunkRows(rows));
    expect(typeof rows[2]!.data).toBe('string');
    expect(JSON.parse(new TextDecoder().decode(native.arrays[2]))).toHaveLength(4);
    expect(JSON.parse(new TextDecoder().decode(native.arrays[0]))).toHaveLength(300);
  });

  it('names a corrupt chunk or one that is not an array, and reads the others', async () => {
    const notArray = encodeChunk([] as TimedEvent[]);
    const object = { ...notArray, data: encodeChunk(events(1)).data.slice(0, 3) };
    const rows = [
      row('bad', { data: new Uint8Array([0xde, 0xad, 0xbe, 0xef]), rawBytes: 4 }),
      row('good', encodeChunk(events(3))),
      row('cut', object),
      row('text', { data: new TextEncoder().encode('{"a":1}'), rawBytes: 7, encoding: 'raw' }),
    ];
    const native = await inflateChunkRowsAsync(rows);
    expect(native.unreadableChunks).toEqual(['bad', 'cut', 'text']);
    expect(native.arrays).toHaveLength(1);
  });
});
