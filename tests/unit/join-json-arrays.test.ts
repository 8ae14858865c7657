import { describe, expect, it } from 'vitest';
import { joinJsonArrays } from '../../shared/storage/join-json-arrays';

const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('joinJsonArrays', () => {
  it('joins arrays into one holding every item in order, without parsing them', () => {
    const joined = joinJsonArrays([utf8('[{"a":"[x]"},1]'), utf8('[2]'), utf8('[{"é":"日本"}]')]);
    expect(text(joined)).toBe('[{"a":"[x]"},1,2,{"é":"日本"}]');
    expect(JSON.parse(text(joined))).toEqual([{ a: '[x]' }, 1, 2, { é: '日本' }]);
  });

  it('skips empty arrays and accepts whitespace around them', () => {
    expect(text(joinJsonArrays([utf8(' [ ] '), utf8('\n[1]\n'), utf8('[]')]))).toBe('[1]');
    expect(text(joinJsonArrays([utf8('[]')]))).toBe('[]');
  });

  it('refuses a part that is not an array', () => {
    expect(() => joinJsonArrays([utf8('[1]'), utf8('{"type":3}')])).toThrow(/not an event array/);
    expect(() => joinJsonArrays([utf8('[1] x')])).toThrow(/not an event array/);
  });
});
