import { describe, expect, it } from 'vitest';
import {
  describeSegment,
  matchesSegment,
  parseSegments,
  type Segment,
} from '../../shared/metrics/segment';
import { toCsv } from '../../shared/metrics/to-csv';
import { reasonKey } from '../../shared/metrics/reason-key';
import { sessionRow } from '../fixtures/session-rows';
import { analyzed } from '../fixtures/analyzed-sessions';

describe('segments', () => {
  const segments: Segment[] = [
    { kind: 'range', field: 'wallMs', min: 60_000, max: 120_000 },
    { kind: 'analyzed' },
    { kind: 'goal', goal: { id: 'g', name: 'Cart', kind: 'url', pattern: '/cart' } },
    { kind: 'step', index: 0, route: 'shop.example/', next: null },
  ];

  it('round-trip through a link’s JSON', () => {
    expect(parseSegments(JSON.stringify(segments))).toEqual(segments);
  });

  it('refuse a forged or broken link with a message, never half of it', () => {
    expect(() => parseSegments('{')).toThrow(/not valid JSON/);
    expect(() => parseSegments('{"kind":"bounce"}')).toThrow(/not a list/);
    expect(() => parseSegments('[{"kind":"bounce"},{"kind":"eval","code":"x"}]')).toThrow(
      /Segment 2/,
    );
    expect(() => parseSegments('[{"kind":"range","field":"title","min":0,"max":null}]')).toThrow();
  });

  it('never match a session without a summary; describe themselves in a line', () => {
    const open = sessionRow({ id: 'open', summary: null, endedAt: null });
    expect(matchesSegment(open, { kind: 'bounce' })).toBe(false);
    expect(matchesSegment(open, { kind: 'analyzed' })).toBe(false);
    expect(matchesSegment(analyzed('x', { summary: { bounce: true } }), { kind: 'bounce' })).toBe(
      true,
    );
    expect(segments.map(describeSegment)).toEqual([
      'Duration: 1 min – 2 min',
      'Analysed',
      'Converted: Cart',
      'Step 1: shop.example/ → exit',
    ]);
  });

  it('name an end reason as the overview does, a stop of recording included', () => {
    const paused = sessionRow({ id: 'p', endReason: 'paused' });
    expect(matchesSegment(paused, { kind: 'endReason', reason: 'paused' })).toBe(true);
    expect(matchesSegment(paused, { kind: 'endReason', reason: 'inactivity' })).toBe(false);
    expect(
      (['paused', 'storage-full', 'tab-closed'] as const).map((reason) =>
        describeSegment({ kind: 'endReason', reason }),
      ),
    ).toEqual(['Ended by: Recording paused', 'Ended by: Disk full', 'Ended by: Tab closed']);
  });
});

describe('toCsv', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(
      toCsv([
        ['route', 'count'],
        ['a,"b"', 3],
        ['=HYPERLINK("x")', null],
      ]),
    ).toBe('route,count\r\n"a,""b""",3\r\n"\'=HYPERLINK(""x"")",\r\n');
  });
});

describe('reasonKey', () => {
  it('groups health reasons without their numbers, pages by route pattern', () => {
    expect(reasonKey('1 uncaught error')).toBe('uncaught error');
    expect(reasonKey('3 uncaught errors')).toBe('uncaught error');
    expect(reasonKey('2 failed page or API requests')).toBe('failed page or API request');
    expect(reasonKey('Poor LCP (4.1 s) on /order/12')).toBe('Poor LCP on /order/:id');
    expect(reasonKey('Poor CLS (0.31) on /')).toBe('Poor CLS on /');
  });
});
