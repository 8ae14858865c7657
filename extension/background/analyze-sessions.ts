import { analyzePendingSessions } from '../../shared/storage/analyze-pending-sessions';
import { db } from './database';

let running: Promise<void> | null = null;
let again = false;

/**
 * Analyzes ended sessions in the background (shared/storage/analyze-pending-sessions.ts). One pass
 * at a time; a request during a pass runs one more after it. Losing this state with the worker is
 * harmless: the pending flags are in IndexedDB and the next start or sweep picks them up.
 */
export function scheduleAnalysis(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      do {
        again = false;
        while ((await analyzePendingSessions(db)) > 0) {
          // Next batch of pending sessions.
        }
      } while (again);
    } catch (error) {
      console.warn('Tabreel: session analysis failed', error);
    } finally {
      running = null;
    }
  })();
  return running;
}
