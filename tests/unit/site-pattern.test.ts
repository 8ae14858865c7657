import { describe, expect, it } from 'vitest';
import { isValidSitePattern, siteMatches } from '../../shared/site/site-pattern';

const matches = (pattern: string, url: string) => siteMatches(pattern, new URL(url));

describe('siteMatches', () => {
  it('matches a host and its subdomains', () => {
    expect(matches('example.com', 'https://example.com/')).toBe(true);
    expect(matches('example.com', 'https://sub.example.com/page')).toBe(true);
    expect(matches('example.com', 'http://a.b.example.com:8080/')).toBe(true);
  });

  it('does not match a host that merely ends the same way', () => {
    expect(matches('example.com', 'https://notexample.com/')).toBe(false);
    expect(matches('example.com', 'https://example.com.evil.test/')).toBe(false);
  });

  it('matches only subdomains with *.', () => {
    expect(matches('*.example.com', 'https://sub.example.com/')).toBe(true);
    expect(matches('*.example.com', 'https://example.com/')).toBe(false);
  });

  it('matches a port pattern on that port only', () => {
    expect(matches('localhost:8080', 'http://localhost:8080/')).toBe(true);
    expect(matches('localhost:8080', 'http://localhost:3000/')).toBe(false);
    expect(matches('localhost:8080', 'http://localhost/')).toBe(false);
    expect(matches('localhost', 'http://localhost:3000/')).toBe(true);
  });

  it("matches a scheme's default port when the pattern names it", () => {
    expect(matches('example.com:443', 'https://example.com/')).toBe(true);
    expect(matches('example.com:80', 'http://example.com/')).toBe(true);
    expect(matches('example.com:443', 'http://example.com/')).toBe(false);
  });

  it('ignores case and surrounding spaces in the pattern', () => {
    expect(matches('  Example.COM ', 'https://www.example.com/')).toBe(true);
  });

  it('matches nothing with an invalid pattern', () => {
    expect(matches('https://example.com', 'https://example.com/')).toBe(false);
  });
});

describe('isValidSitePattern', () => {
  it.each([
    'example.com',
    '*.example.com',
    'localhost',
    'localhost:8080',
    '127.0.0.1:3000',
    'a-b.c0.io',
  ])('%s is valid', (pattern) => expect(isValidSitePattern(pattern)).toBe(true));

  it.each([
    '',
    'https://example.com',
    'example.com/path',
    '*example.com',
    '*.*.example.com',
    'exa mple.com',
    '-example.com',
    'example..com',
    'example.com:0',
    'example.com:65536',
    'example.com:',
  ])('%j is not', (pattern) => expect(isValidSitePattern(pattern)).toBe(false));
});
