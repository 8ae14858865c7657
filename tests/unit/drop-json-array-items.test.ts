import { describe, expect, it } from 'vitest';
import { dropJsonArrayItems } from '../../shared/storage/drop-json-array-items';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (json: Uint8Array) => new TextDecoder().decode(json);
const drop = (json: string, count: number) => text(dropJsonArrayItems(bytes(json), count));

describe('dropJsonArrayItems', () => {
  it('drops the first items of an array of events, keeping the rest as they were', () => {
    const events = [{ a: 1 }, { b: [1, 2, { c: 3 }] }, { d: 'x' }];
    expect(JSON.parse(drop(JSON.stringify(events), 1))).toEqual(events.slice(1));
    expect(JSON.parse(drop(JSON.stringify(events), 2))).toEqual(events.slice(2));
  });

  it('is not fooled by commas, brackets, quotes and escapes inside strings', () => {
    const events = [
      { text: 'a, b], {c', quote: 'say "hi", [x]' },
      { path: 'C:\\dir\\', more: '\\"],' },
      { unicode: 'été, 日本, 😀' },
      { last: true },
    ];
    const json = JSON.stringify(events);
    for (let n = 0; n <= events.length; n++)
      expect(JSON.parse(drop(json, n))).toEqual(events.slice(n));
  });

  it('gives an empty array when every item is dropped, whitespace around or not', () => {
    expect(drop('[1,2]', 2)).toBe('[]');
    expect(drop(' [ {"a":1} , {"b":2} ] ', 2)).toBe('[]');
    expect(JSON.parse(drop(' [ {"a":1} , {"b":2} ] ', 1))).toEqual([{ b: 2 }]);
  });

  it('throws when the array holds fewer items than to drop, or is no array', () => {
    expect(() => drop('[1,2]', 3)).toThrow('fewer than the 3 events');
    expect(() => drop('[]', 1)).toThrow('fewer than the 1 events');
    expect(() => drop('{"a":1}', 1)).toThrow('not an event array');
  });
});
