import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import {
  chunkJson,
  decodeChunk,
  encodeBatchText,
  encodeChunk,
  encodeRawChunk,
  storedByteLength,
  utf8ByteLength,
} from '../../shared/storage/chunk-codec';
import { timeline } from '../fixtures/timeline';

describe('chunk codec', () => {
  it('decodes exactly the events it encoded', () => {
    const events = timeline`load(/café?q=日本)@0s click@1s input@2s mutation@3s mark:manual@4s`;
    expect(decodeChunk(encodeChunk(events))).toEqual(events);
  });

  it('counts raw bytes as the UTF-8 size of the JSON', () => {
    const events = timeline`load(/é)@0s`;
    const json = JSON.stringify(events);
    expect(encodeChunk(events).rawBytes).toBe(Buffer.byteLength(json, 'utf8'));
    expect(encodeChunk(events).rawBytes).toBeGreaterThan(json.length);
  });

  it('compresses a repetitive 100 KB event array at least 5×', () => {
    const events: TimedEvent[] = [];
    while (JSON.stringify(events).length < 100 * 1024) {
      events.push(...timeline`mutation@0s..1m/1s click@1m`);
    }
    const { data, rawBytes } = encodeChunk(events);
    expect(rawBytes).toBeGreaterThanOrEqual(100 * 1024);
    expect(rawBytes / data.byteLength).toBeGreaterThanOrEqual(5);
  });

  it('refuses a chunk that does not hold an event array', () => {
    expect(() => decodeChunk({ data: deflateSync(strToU8('{"type":3}')) })).toThrow(
      /not an event array/,
    );
    expect(() => decodeChunk({ data: new Uint8Array([1, 2, 3]) })).toThrow();
    expect(() => decodeChunk({ data: strToU8('{"type":3}'), encoding: 'raw' })).toThrow(
      /not an event array/,
    );
  });
});

describe('a batch stored raw on the write path', () => {
  it('is its text as it came, counted in UTF-8 bytes, read back like any chunk', () => {
    const events = [{ type: 3, timestamp: 1, data: { source: 0, texts: ['ü'.repeat(5000)] } }];
    const json = JSON.stringify(events);
    const encoded = encodeBatchText(json);
    expect(encoded).toMatchObject({ encoding: 'raw', rawBytes: Buffer.byteLength(json) });
    expect(encoded.data, 'no encoding pass on the write path').toBe(json);
    // Stored as the browser keeps a string: Latin-1 (ü is) one byte a character.
    expect(storedByteLength(encoded.data)).toBe(json.length);
    expect(decodeChunk(encoded)).toEqual(events);
    expect(new TextDecoder().decode(chunkJson(encoded))).toBe(json);
  });

  it('counts stored text as the browser keeps it: one byte a character in Latin-1, else two', () => {
    expect(storedByteLength('plain ascii')).toBe(11);
    expect(storedByteLength('caf\u00e9')).toBe(4);
    // One curly quote makes the whole string two bytes a character.
    const mostlyAscii = `${'a'.repeat(1000)}\u201c`;
    expect(storedByteLength(mostlyAscii)).toBe(2002);
    expect(storedByteLength(new Uint8Array(7))).toBe(7);
  });

  it('counts UTF-8 bytes as TextEncoder would, without encoding', () => {
    for (const text of [
      '',
      'plain ascii',
      'ü é',
      '日本語',
      '😀 emoji',
      'lone \ud800 high',
      'lone \udc00 low',
      'end \ud83d',
    ])
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(
        new TextEncoder().encode(text).byteLength,
      );
  });

  it('reads a raw chunk stored as bytes (merged tails, rows from before) the same way', () => {
    const events = timeline`load(/é)@0s click@1s`;
    const bytes = strToU8(JSON.stringify(events));
    expect(decodeChunk({ data: bytes, encoding: 'raw' })).toEqual(events);
    expect(storedByteLength(bytes)).toBe(bytes.byteLength);
  });

  it('refuses text in a chunk that says it is deflated', () => {
    expect(() => decodeChunk({ data: '[]' })).toThrow('A deflated chunk holds text.');
  });

  it('stores events raw too when a batch is split into runs', () => {
    const events = timeline`load(/é)@0s click@1s`;
    const encoded = encodeRawChunk(events);
    expect(encoded.encoding).toBe('raw');
    expect(decodeChunk(encoded)).toEqual(events);
  });
});
