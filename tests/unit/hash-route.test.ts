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
});
