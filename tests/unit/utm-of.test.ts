import { describe, expect, it } from 'vitest';
import { isFailedStatus, utmOf } from '../../shared/signals/signal-events';

describe('utmOf', () => {
  it('reads the five UTM parameters and nothing else', () => {
    expect(
      utmOf('https://shop.example/?utm_source=mail&utm_medium=email&utm_campaign=Spring&ref=x'),
    ).toEqual({
      utm_source: 'mail',
      utm_medium: 'email',
      utm_campaign: 'Spring',
    });
  });

  it('is empty for a URL without them, and for a string that is no URL', () => {
    expect(utmOf('https://shop.example/a')).toEqual({});
    expect(utmOf('not a url')).toEqual({});
  });
});

describe('isFailedStatus', () => {
  it.each([
    [200, false],
    [304, false],
    [399, false],
    [400, true],
    [404, true],
    [500, true],
  ])('%i → %s', (status, failed) => expect(isFailedStatus(status)).toBe(failed));
});
