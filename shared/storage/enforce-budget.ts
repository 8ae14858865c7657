import type { SessionRow, TabreelDb } from '../db/schema';
import { DAY_MS, type Settings } from '../settings/settings';
import { deleteSessionAssets } from './delete-session-assets';

/** The storage budget's megabyte: the options say MB, the code counts bytes. */
export const MB_BYTES = 1024 * 1024;

export interface StorageBudget {
  /** Ended, unpinned sessions that ended longer ago than this are deleted. */
  retentionMs: number;
  /** While all sessions together store more than this, the oldest ended unpinned ones go. */
  budgetBytes: number;
}

export function storageBudgetOf(
  settings: Pick<Settings, 'retentionDays' | 'storageBudgetMb'>,
): StorageBudget {
  return {
    retentionMs: settings.retentionDays * DAY_MS,
    budgetBytes: settings.storageBudgetMb * MB_BYTES,
  };
}

export interface Eviction {
  /** The deleted sessions, oldest first. */
  ids: string[];
  count: number;
  /** Their `storedBytes`, together, and the captured assets no remaining session uses. */
  bytes: number;
  /** How many of them were past the retention (the rest went for size). */
  expired: number;
  /** What every remaining session stores, together (pinned and open ones included), assets included. */
  remainingBytes: number;
}

const evictable = (row: SessionRow) => row.endedAt !== null && row.pinned !== 1;

/** An imported session ages from its import: a month-old recording opened today is not expired. */
const agedFrom = (row: SessionRow) => Math.max(row.endedAt!, row.imported?.at ?? -Infinity);
/** Sort key for eviction: open sessions (never evicted anyway) last. */
const ageKey = (row: SessionRow) => (row.endedAt === null ? Infinity : agedFrom(row));

/**
 * Applies the storage budget in one transaction: first every ended, unpinned session that ended
 * (or, imported, was imported) before `now - retentionMs`; then, while all sessions together store
 * more than `budgetBytes`, the oldest (by start) ended, unpinned ones. A pinned session and an open one (still recording) are
 * never deleted, even when they alone exceed the budget. Chunks and analyses go with their session.
 */
export async function enforceBudget(
  db: TabreelDb,
  budget: StorageBudget & { now: number },
): Promise<Eviction> {
  const cutoff = budget.now - budget.retentionMs;
  const tables = [db.sessions, db.chunks, db.analyses, db.assets, db.assetRefs];
  return db.transaction('rw', tables, async () => {
    // Oldest first by what ages a session (its end, or its import): a bundle imported today is not
    // the first thing a full store gives up.
    const rows = (await db.sessions.toArray()).sort((a, b) => ageKey(a) - ageKey(b));
    // Captured assets count once each, however many sessions use them; one is freed with the last
    // session that uses it. Sizes come from the refs, so no asset's bytes are read here.
    const assetsOf = new Map<string, string[]>();
    const users = new Map<string, number>();
    const sizeOf = new Map<string, number>();
    await db.assetRefs
      .where('status')
      .equals('stored')
      .each((ref) => {
        if (!ref.hash) return;
        const hashes = assetsOf.get(ref.sessionId) ?? [];
        hashes.push(ref.hash);
        assetsOf.set(ref.sessionId, hashes);
        users.set(ref.hash, (users.get(ref.hash) ?? 0) + 1);
        sizeOf.set(ref.hash, ref.size);
      });
    let total = rows.reduce((sum, row) => sum + row.storedBytes, 0);
    for (const size of sizeOf.values()) total += size;
    let freed = 0;
    const doomed = new Set<SessionRow>();
    const doom = (row: SessionRow) => {
      doomed.add(row);
      let bytes = row.storedBytes;
      for (const hash of assetsOf.get(row.id) ?? []) {
        const left = users.get(hash)! - 1;
        users.set(hash, left);
        if (left === 0) bytes += sizeOf.get(hash)!;
      }
      total -= bytes;
      freed += bytes;
    };
    let expired = 0;
    for (const row of rows) {
      if (evictable(row) && agedFrom(row) < cutoff) {
        doom(row);
        expired += 1;
      }
    }
    for (const row of rows) {
      if (total <= budget.budgetBytes) break;
      if (!evictable(row) || doomed.has(row)) continue;
      doom(row);
    }
    const victims = rows.filter((row) => doomed.has(row));
    const ids = victims.map((row) => row.id);
    if (ids.length > 0) {
      await db.chunks.where('sessionId').anyOf(ids).delete();
      await db.analyses.bulkDelete(ids);
      await db.sessions.bulkDelete(ids);
      await deleteSessionAssets(db, ids);
    }
    return {
      ids,
      count: ids.length,
      bytes: freed,
      expired,
      remainingBytes: total,
    };
  });
}
