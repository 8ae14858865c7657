import type { Settings } from '../settings/settings';
import { siteMatches } from './site-pattern';

/** The pattern that names a page's site: its host, with the port when it is not the default. */
export function sitePatternOf(url: URL): string {
  return url.host.toLowerCase();
}

/**
 * The settings with this page's site recorded or not, in whichever site mode is on: in
 * `all-except` mode by the excluded list, in `only-listed` mode by the listed one. Turning a site
 * off removes nothing else; turning it on removes every pattern that matched it.
 */
export function withSiteRecorded(settings: Settings, url: URL, recorded: boolean): Settings {
  const pattern = sitePatternOf(url);
  const without = (list: readonly string[]) => list.filter((p) => !siteMatches(p, url));
  if (settings.siteMode === 'only-listed') {
    const includedSites = recorded
      ? [...without(settings.includedSites), pattern]
      : without(settings.includedSites);
    const excludedSites = recorded ? without(settings.excludedSites) : settings.excludedSites;
    return { ...settings, includedSites, excludedSites };
  }
  return {
    ...settings,
    excludedSites: recorded
      ? without(settings.excludedSites)
      : [...without(settings.excludedSites), pattern],
  };
}
