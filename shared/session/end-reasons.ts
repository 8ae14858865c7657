import type { EndReason } from './session-types';

/**
 * What each end reason is called where a list or a chart names it. A Record, so a new stored
 * reason fails to compile until it has a name.
 */
export const END_REASON_LABELS: Readonly<Record<EndReason, string>> = {
  inactivity: 'Inactivity',
  'max-duration': 'Maximum length',
  'tab-closed': 'Tab closed',
  manual: 'New session by hand',
  campaign: 'New campaign',
  paused: 'Recording paused',
  'excluded-site': 'Site excluded',
  'not-listed': 'Site not listed',
  incognito: 'Incognito recording off',
  'storage-full': 'Disk full',
};

/** Every stored end reason (an imported bundle's is kept only when it is one of these). */
export const END_REASONS = Object.keys(END_REASON_LABELS) as EndReason[];

/** A stored end reason's name; an unknown one (a newer version's) as it is. */
export function endReasonLabel(reason: string): string {
  return (END_REASON_LABELS as Readonly<Record<string, string>>)[reason] ?? reason;
}
