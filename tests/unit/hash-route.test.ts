import { describe, expect, it } from 'vitest';
import { hashOf, parseHashRoute } from '../../viewer/state/hash-route';

describe('viewer hash routes', () => {
  it('reads the list, a session, and a session at a moment', () => {
    expect(parseHashRoute('')).toEqual({ name: 'list' });
    expect(parseHashRoute('#/')).toEqual({ name: 'list' });
    expect(parseHashRoute('#/session/abc-1')).toEqual({ name: 'session', id: 'abc-1', t: null });
    expect(parseHashRoute('#/session/abc-1?t=12.5')).toEqual({
      name: 'session',
      id: 'abc-1',
      t: 12.5,
    });
  });

  it('ignores a time that is not a time, and unknown places', () => {
    expect(parseHashRoute('#/session/a?t=soon')).toEqual({ name: 'session', id: 'a', t: null });
    expect(parseHashRoute('#/session/a?t=-3')).toEqual({ name: 'session', id: 'a', t: null });
    expect(parseHashRoute('#/settings')).toEqual({ name: 'list' });
  });

  it('writes what it reads, ids escaped and times to a tenth of a second', () => {
    expect(hashOf({ name: 'session', id: 'a/b c', t: 12.345 })).toBe('#/session/a%2Fb%20c?t=12.3');
    expect(parseHashRoute(hashOf({ name: 'session', id: 'a/b c', t: 3 }))).toEqual({
      name: 'session',
      id: 'a/b c',
      t: 3,
    });
    expect(hashOf({ name: 'list' })).toBe('#/');
  });

  it('carries the overview’s filters and segments to the list, and refuses a forged segment', () => {
    const linked = {
      from: 1000,
      to: 2000,
      host: 'shop.example',
      tag: 'qa',
      health: 'abnormal' as const,
      segments: [{ kind: 'range' as const, field: 'pages' as const, min: 5, max: null }],
    };
    expect(parseHashRoute(hashOf({ name: 'list', linked }))).toEqual({ name: 'list', linked });
    expect(parseHashRoute(hashOf({ name: 'overview', linked }))).toEqual({
      name: 'overview',
      linked,
    });
    const forged = parseHashRoute('#/?host=a.example&seg=%5B%7B%22kind%22%3A%22x%22%7D%5D');
    expect(forged).toMatchObject({
      name: 'list',
      linked: { host: 'a.example', segments: [] },
      error: 'Segment 1 of the link is not one the list knows.',
    });
  });
});
