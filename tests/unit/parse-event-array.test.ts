import { describe, expect, it } from 'vitest';
import { parseEventArray } from '../../shared/events/parse-event-array';
import { timeline } from '../fixtures/timeline';

describe('parseEventArray', () => {
  it('accepts a JSON array of rrweb events of the announced length', () => {
    const events = timeline`load@0s click@1s mark:manual@2s`;
    expect(parseEventArray(JSON.stringify(events), events.length)).toEqual({ ok: true, events });
  });

  it('refuses a batch whose count does not match', () => {
    const text = JSON.stringify(timeline`click@0s click@1s`);
    expect(parseEventArray(text, 3)).toEqual({
      ok: false,
      error: 'Batch says 3 events but holds 2.',
    });
  });

  it('refuses text that is not JSON', () => {
    expect(parseEventArray('[{"type":3,', 1)).toEqual({
      ok: false,
      error: 'Batch events are not valid JSON.',
    });
  });

  it('refuses JSON that is not an array', () => {
    expect(parseEventArray('{"type":3,"timestamp":1}', 1)).toEqual({
      ok: false,
      error: 'Batch events are not an array.',
    });
  });

  it.each([
    ['no timestamp', { type: 3, data: {} }],
    ['a string timestamp', { type: 3, timestamp: '1736931600000' }],
    ['type 99', { type: 99, timestamp: 1 }],
    ['a negative type', { type: -1, timestamp: 1 }],
    ['a fractional type', { type: 2.5, timestamp: 1 }],
    ['no type', { timestamp: 1 }],
    ['null', null],
    ['a number', 7],
  ])('names the first element that is not an rrweb event (%s)', (_, bad) => {
    const text = JSON.stringify([...timeline`click@0s`, bad]);
    expect(parseEventArray(text, 2)).toEqual({
      ok: false,
      error: 'Batch event 1 is not an rrweb event.',
    });
  });

  it('refuses a non-finite timestamp', () => {
    // JSON cannot write Infinity, but a number too large for a double parses to it.
    expect(parseEventArray('[{"type":3,"timestamp":1e400}]', 1)).toMatchObject({ ok: false });
  });
});
