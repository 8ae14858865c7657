import { TABREEL_TAG } from '../events/tabreel-events';

/**
 * Whether a marker adds a page to a session: a page view always; the cut a session began with (New
 * session, inactivity, a resume, in the middle of a page) only as its first page, since no page
 * view names the page it was cut on. The live count (commit-batch.ts) and the analysis
 * (collect-signals.ts) count by this one rule, so the popup agrees with the ended session.
 */
export function countsAsPage(tag: string | undefined, url: unknown, pagesSoFar: number): boolean {
  if (tag === TABREEL_TAG.page) return true;
  return (
    tag === TABREEL_TAG.sessionStart && pagesSoFar === 0 && typeof url === 'string' && url !== ''
  );
}
