import { describe, expect, it } from 'vitest';
import { describeArgs, describeValue } from '../../shared/signals/describe-value';

describe('describeValue', () => {
  it('shows primitives, errors, arrays and shallow objects', () => {
    expect(describeArgs(['failed', 42, true, null, undefined])).toBe(
      'failed 42 true null undefined',
    );
    expect(describeValue(new TypeError('x is undefined'))).toBe('TypeError: x is undefined');
    expect(describeValue([1, 2, 3])).toBe('[Array(3)]');
    expect(describeValue({ status: 500, body: { nested: true } })).toBe('{status: 500, body: {…}}');
  });

  it("runs none of the page's code: no getters, toString or toJSON", () => {
    let ran = 0;
    const hostile = {
      get secret() {
        ran += 1;
        return 'x';
      },
      toString() {
        ran += 1;
        return 'y';
      },
      toJSON() {
        ran += 1;
        return 'z';
      },
    };
    expect(describeValue(hostile)).toBe('{secret: …, toString: [function], toJSON: [function]}');
    expect(ran).toBe(0);
  });
});
