import type { Settings } from '../settings/settings';
import { siteMatches } from './site-pattern';

export type NotRecordedReason =
  'paused' | 'incognito' | 'unsupported-page' | 'excluded-site' | 'not-listed' | 'storage-full';

export type RecordingDecision = { record: true } | { record: false; reason: NotRecordedReason };

export interface PageContext {
  url: string;
  incognito: boolean;
  /** The disk is full: recording waits until there is room again. */
  storageFull?: boolean;
}

/**
 * Whether a page is recorded. Used by the relay before the recorder starts and again by the service
 * worker for every batch, so a page cannot talk its way past the user's choices.
 */
export function recordingDecision(page: PageContext, settings: Settings): RecordingDecision {
  let url: URL;
  try {
    url = new URL(page.url);
  } catch {
    return { record: false, reason: 'unsupported-page' };
  }
  // Only web pages: never extension pages, chrome://, file://, data: or the like.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { record: false, reason: 'unsupported-page' };
  }
  if (settings.paused) return { record: false, reason: 'paused' };
  if (page.incognito && !settings.recordIncognito) return { record: false, reason: 'incognito' };
  if (settings.excludedSites.some((pattern) => siteMatches(pattern, url))) {
    return { record: false, reason: 'excluded-site' };
  }
  if (
    settings.siteMode === 'only-listed' &&
    !settings.includedSites.some((pattern) => siteMatches(pattern, url))
  ) {
    return { record: false, reason: 'not-listed' };
  }
  if (page.storageFull) return { record: false, reason: 'storage-full' };
  return { record: true };
}
