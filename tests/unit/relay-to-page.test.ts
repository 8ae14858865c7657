import { describe, expect, it } from 'vitest';
import {
  pageBatchDetail,
  readPageBatch,
  MAX_HAND_OVER_CHARS,
  MAX_PAGE_BATCH_EVENTS,
  MIN_EVENT_CHARS,
} from '../../shared/messages/relay-to-page';

describe('a hand-over from the recorder to the relay', () => {
  it('carries its event count and the events as one JSON array text', () => {
    const text = JSON.stringify([
      { type: 4, data: { href: 'https://example.com/' }, timestamp: 1 },
      { type: 2, data: {}, timestamp: 2 },
    ]);
    expect(readPageBatch(pageBatchDetail(2, text))).toEqual({ count: 2, arrayText: text });
  });

  it('takes the shortest text that could hold its count of events', () => {
    const event = '{"type":0,"timestamp":0}';
    expect(event).toHaveLength(MIN_EVENT_CHARS);
    const text = `[${event},${event}]`;
    expect(readPageBatch(pageBatchDetail(2, text))).toEqual({ count: 2, arrayText: text });
  });

  it.each([
    ['no count', '[{"type":4}]'],
    ['a count of zero', pageBatchDetail(0, '[]')],
    ['a count past the limit', pageBatchDetail(MAX_PAGE_BATCH_EVENTS + 1, '[{}]')],
    ['a count that is not a whole number', '1.5\n[{}]'],
    ['text that is not an array', pageBatchDetail(1, '{"type":4}')],
    [
      'text too short to hold its count of events',
      pageBatchDetail(2, '[{"type":0,"timestamp":0},{"type":0,"timestamp":}]'),
    ],
    ['a count of one over two numbers', pageBatchDetail(1, '[1,2]')],
    ['an empty detail', ''],
    [
      'text longer than a message may carry',
      pageBatchDetail(1, `["${'x'.repeat(MAX_HAND_OVER_CHARS)}"]`),
    ],
  ])('is not read from %s (a page firing an event of that name)', (_, detail) => {
    expect(readPageBatch(detail)).toBeNull();
  });
});
