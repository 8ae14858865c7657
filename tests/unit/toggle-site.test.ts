import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings/settings';
import { recordingDecision } from '../../shared/site/recording-decision';
import { sitePatternOf, withSiteRecorded } from '../../shared/site/toggle-site';

const page = new URL('https://shop.example.com/cart');
const recorded = (settings: Settings) =>
  recordingDecision({ url: page.href, incognito: false }, settings).record;

describe('withSiteRecorded', () => {
  it('names a site by its host, with a port only when it is not the default', () => {
    expect(sitePatternOf(page)).toBe('shop.example.com');
    expect(sitePatternOf(new URL('http://localhost:3000/a'))).toBe('localhost:3000');
  });

  it('excludes this site and includes it again, removing every pattern that matched it', () => {
    const excluded = withSiteRecorded(
      { ...DEFAULT_SETTINGS, excludedSites: ['other.org'] },
      page,
      false,
    );
    expect(excluded.excludedSites).toEqual(['other.org', 'shop.example.com']);
    expect(recorded(excluded)).toBe(false);
    const broad = { ...excluded, excludedSites: ['example.com', 'other.org', '*.example.com'] };
    const included = withSiteRecorded(broad, page, true);
    expect(included.excludedSites).toEqual(['other.org']);
    expect(recorded(included)).toBe(true);
  });

  it('in only-listed mode, lists and unlists the site', () => {
    const only: Settings = { ...DEFAULT_SETTINGS, siteMode: 'only-listed', includedSites: [] };
    expect(recorded(only)).toBe(false);
    const listed = withSiteRecorded(only, page, true);
    expect(listed.includedSites).toEqual(['shop.example.com']);
    expect(recorded(listed)).toBe(true);
    const unlisted = withSiteRecorded(listed, page, false);
    expect(unlisted.includedSites).toEqual([]);
    expect(recorded(unlisted)).toBe(false);
  });

  it('in only-listed mode, listing a site also lifts an exclusion that would still block it', () => {
    const blocked: Settings = {
      ...DEFAULT_SETTINGS,
      siteMode: 'only-listed',
      excludedSites: ['example.com'],
    };
    expect(recorded(withSiteRecorded(blocked, page, true))).toBe(true);
  });
});
