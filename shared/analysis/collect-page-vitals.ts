import type { VitalName, VitalPayload, VitalRating } from '../signals/signal-events';
import { worseRating } from '../signals/vital-thresholds';
import type { SessionSignals } from './collect-signals';
import type { PageVisit } from './build-flow';

export interface VitalValue {
  value: number;
  rating: VitalRating;
  /** When the rating first reached its final value: where the replay shows the problem. */
  timestamp: number;
  attribution: VitalPayload['attribution'];
}

/** The final web vitals of one page load (web-vitals measures per document, not per route). */
export interface PageVitals {
  url: string;
  enteredAt: number;
  vitals: Partial<Record<VitalName, VitalValue>>;
  worst: VitalRating | null;
}

/**
 * Final vitals per page load. LCP, CLS and INP are reported again as they change: the last report
 * of a metric id is its value, and it belongs to the load that was current at its first report.
 */
export function collectPageVitals(
  signals: SessionSignals,
  pages: readonly PageVisit[],
): PageVitals[] {
  const loads = pages.filter((p) => p.kind === 'load');
  const byLoad = new Map<PageVisit, PageVitals>();
  const loadOfId = new Map<string, PageVisit | undefined>();
  for (const report of signals.vitals) {
    if (!loadOfId.has(report.id))
      loadOfId.set(report.id, latestAtOrBefore(loads, report.timestamp) ?? loads[0]);
    const load = loadOfId.get(report.id);
    if (!load) continue;
    let entry = byLoad.get(load);
    if (!entry) {
      entry = { url: load.url, enteredAt: load.enteredAt, vitals: {}, worst: null };
      byLoad.set(load, entry);
    }
    const previous = entry.vitals[report.name];
    const sameRating = previous?.rating === report.rating;
    entry.vitals[report.name] = {
      value: report.value,
      rating: report.rating,
      timestamp: sameRating ? previous.timestamp : report.timestamp,
      attribution: report.attribution,
    };
  }
  const result = [...byLoad.values()];
  for (const entry of result) {
    entry.worst = Object.values(entry.vitals).reduce<VitalRating | null>(
      (worst, v) => worseRating(worst, v.rating),
      null,
    );
  }
  return result.sort((a, b) => a.enteredAt - b.enteredAt);
}

function latestAtOrBefore(pages: readonly PageVisit[], t: number): PageVisit | undefined {
  let found: PageVisit | undefined;
  for (const page of pages) {
    if (page.enteredAt > t) break;
    found = page;
  }
  return found;
}
