import type { RecorderStatus } from '../messages/popup-to-background';

/**
 * The status after a write that failed, or a batch refused because the disk is all but full
 * (`noRoom`). A refusal is counted once until events are stored again: every tab resends every few
 * seconds while the disk is full, and each new worker life refuses again, so counting each would
 * only say how long the disk stayed full.
 */
export function countWriteFailure(
  status: RecorderStatus,
  message: string,
  now: number,
  noRoom = false,
): RecorderStatus {
  const lastError: RecorderStatus['lastError'] = noRoom
    ? { at: now, message, noRoom: true }
    : { at: now, message };
  const refusalCounted = noRoom && status.lastError?.noRoom === true && status.recoveredAt === null;
  return {
    ...status,
    failedWrites: refusalCounted ? status.failedWrites : status.failedWrites + 1,
    lastError,
    recoveredAt: null,
  };
}
