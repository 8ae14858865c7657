import type { SessionSummary } from '../analysis/summarize-session';
import type { SessionRow } from '../db/schema';

/** A session row with its analysis summary: what every aggregation reads. */
export type AnalyzedSession = SessionRow & { summary: SessionSummary };

export function isAnalyzed(row: SessionRow): row is AnalyzedSession {
  return row.summary !== null && row.summary !== undefined;
}

/** part / whole, 0 for an empty whole. */
export function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
