import { describe, expect, it } from 'vitest';
import { countWriteFailure } from '../../shared/storage/count-write-failure';
import { EMPTY_STATUS } from '../../shared/messages/popup-to-background';

const NO_ROOM = 'Not written: only 0 B free on the disk, and Tabreel keeps 16.0 MB free.';

describe('countWriteFailure', () => {
  it('counts a refusal for room once until events are stored again, across worker lives', () => {
    let status = countWriteFailure(EMPTY_STATUS, NO_ROOM, 1000, true);
    // A new worker life refuses again: its own memory of having counted is gone.
    status = countWriteFailure(status, NO_ROOM, 5000, true);
    status = countWriteFailure(status, NO_ROOM, 9000, true);
    expect(status.failedWrites).toBe(1);
    expect(status.lastError).toEqual({ at: 9000, message: NO_ROOM, noRoom: true });
  });

  it('counts a refusal again once events were stored in between', () => {
    const refused = countWriteFailure(EMPTY_STATUS, NO_ROOM, 1000, true);
    const stored = { ...refused, recoveredAt: 2000 };
    const again = countWriteFailure(stored, NO_ROOM, 3000, true);
    expect(again.failedWrites).toBe(2);
    expect(again.recoveredAt).toBeNull();
  });

  it('counts every write that failed, and the first refusal after one', () => {
    let status = countWriteFailure(EMPTY_STATUS, 'UnknownError: disk I/O', 1000);
    status = countWriteFailure(status, 'UnknownError: disk I/O', 2000);
    expect(status.failedWrites).toBe(2);
    status = countWriteFailure(status, NO_ROOM, 3000, true);
    status = countWriteFailure(status, NO_ROOM, 4000, true);
    expect(status.failedWrites).toBe(3);
    // A failed write after refusals is counted, and the refusal after it is again.
    status = countWriteFailure(status, 'UnknownError: disk I/O', 5000);
    status = countWriteFailure(status, NO_ROOM, 6000, true);
    expect(status.failedWrites).toBe(5);
    expect(status.lastError?.noRoom).toBe(true);
  });
});
