import { analyzeSession, type SessionAnalysis } from '../analysis/analyze-session';
import { summarizeSession } from '../analysis/summarize-session';
import type { TabreelDb } from '../db/schema';
import { readSessionEvents } from './read-session-events';

/** Sessions analyzed per pass: bounds one pass's time in a service worker that may be stopped. */
export const ANALYSIS_BATCH = 20;

/**
 * Analyzes ended sessions whose analysis is missing or stale, and stores it (the full analysis in
 * `analyses`, its summary and health on the session row). Idempotent: a pass stopped halfway is
 * done again by the next; a session that grew meanwhile (late events) stays pending.
 * Returns how many sessions it analyzed.
 */
export async function analyzePendingSessions(
  db: TabreelDb,
  limit = ANALYSIS_BATCH,
): Promise<number> {
  const pending = await db.sessions.where('analysisPending').equals(1).limit(limit).toArray();
  let analyzed = 0;
  for (const row of pending) {
    let analysis: SessionAnalysis;
    try {
      const { events } = await readSessionEvents(db, row.id);
      analysis = analyzeSession(events, {
        startedAt: row.startedAt,
        endedAt: row.endedAt ?? row.lastEventAt,
      });
    } catch (error) {
      // One session that cannot be analysed must not block the queue: it stays without a summary.
      console.warn(`Tabreel could not analyse session ${row.id}:`, error);
      await db.sessions.update(row.id, { analysisPending: 0 });
      continue;
    }
    const summary = summarizeSession(analysis);
    const stored = await db.transaction('rw', [db.sessions, db.analyses], async () => {
      const current = await db.sessions.get(row.id);
      if (!current || current.eventCount !== row.eventCount || current.endedAt === null)
        return false;
      await db.analyses.put({ sessionId: row.id, eventCount: row.eventCount, analysis });
      await db.sessions.update(row.id, {
        summary,
        health: summary.health,
        analysisPending: 0,
      });
      return true;
    });
    if (stored) analyzed += 1;
  }
  return analyzed;
}
