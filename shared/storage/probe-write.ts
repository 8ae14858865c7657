import type { TabreelDb } from '../db/schema';
import { MAX_BYTES_IN_FLIGHT } from '../delivery/outbox';
import { isQuotaExceeded } from './is-quota-exceeded';

/**
 * A running page's largest message (the relay's window; a page's last flush can be larger), as
 * the browser may keep its text (two bytes a character): 1 MiB. If this fits, recording can go on
 * without tripping the full disk again at once.
 */
export const PROBE_BYTES = 2 * MAX_BYTES_IN_FLIGHT;
export const PROBE_CHUNK_ID = 'tabreel-probe';

/**
 * Whether a write of `bytes` goes through now: one transaction puts a chunk that belongs to no
 * session and deletes it again, so nothing stays behind, even if the worker dies. The browser
 * checks the space for the put at commit; the bytes are varied so they do not compress to nothing.
 * Resolves false when the disk is full; any other failure is thrown.
 */
export async function probeWrite(db: TabreelDb, bytes = PROBE_BYTES): Promise<boolean> {
  const data = new Uint8Array(bytes);
  let seed = 0x2545f491;
  for (let i = 0; i < bytes; i += 1) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    data[i] = seed >>> 24;
  }
  try {
    await db.transaction('rw', db.chunks, async () => {
      await db.chunks.put({
        id: PROBE_CHUNK_ID,
        sessionId: PROBE_CHUNK_ID,
        streamId: PROBE_CHUNK_ID,
        fromSeq: 0,
        toSeq: -1,
        firstTs: 0,
        lastTs: 0,
        count: 0,
        rawBytes: 0,
        data,
      });
      await db.chunks.delete(PROBE_CHUNK_ID);
    });
    return true;
  } catch (error) {
    if (isQuotaExceeded(error)) return false;
    throw error;
  }
}
