import { Dexie, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { SessionRow, TabreelDb } from '../../shared/db/schema';
import { matchesQuery } from '../state/filter-sessions';
import type { SessionQuery } from './session-source';

/** More changed rows than this at once are read again as a whole list. */
const MAX_ROWS_READ_ONE_BY_ONE = 200;

/**
 * The ids of the sessions a committed change touched, from Dexie's `storagemutated` parts: a Set
 * of ids, `'all'` when the change spans a range (a clear, a bulk write), or null when no session
 * changed.
 */
export function changedSessionIds(
  parts: ObservabilitySet,
  dbName: string,
): Set<string> | 'all' | null {
  if ('all' in parts) return 'all';
  const ids = new Set<string>();
  let touched = false;
  for (const part of ['', ':dels']) {
    const tree = parts[`idb://${dbName}/sessions/${part}`];
    if (!tree) continue;
    touched = true;
    if (!collectKeys(tree, ids)) return 'all';
  }
  return touched && ids.size > 0 ? ids : touched ? 'all' : null;
}

/** Adds the tree's single keys to `into`; false when it holds a real range. */
function collectKeys(tree: IntervalTree, into: Set<string>): boolean {
  const stack: IntervalTree[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('from' in node)) continue; // an empty tree
    if (typeof node.from !== 'string' || node.from !== node.to) return false;
    into.add(node.from);
    if (node.l) stack.push(node.l);
    if (node.r) stack.push(node.r);
  }
  return true;
}

/**
 * The sessions matching `query`, newest first, again after every committed change. Read once
 * whole, then only the rows a change touched: a session being recorded changes every second, and
 * reading 10,000 rows again each time would block the page for a tenth of a second or more.
 * Changes made in the service worker arrive through Dexie's cross-context `storagemutated` event.
 */
export function watchSessionRows(
  db: TabreelDb,
  query: SessionQuery,
  readAll: () => Promise<SessionRow[]>,
  onRows: (rows: SessionRow[]) => void,
  onError: (error: unknown) => void,
): () => void {
  let rows: Map<string, SessionRow> | null = null;
  let pending: Set<string> | 'all' = 'all';
  let running = false;
  let stopped = false;

  // A function, not an inline test: `pending` changes while a read is awaited.
  const hasPending = () => pending === 'all' || pending.size > 0;
  const emit = () => {
    const list = [...rows!.values()].sort((a, b) => b.startedAt - a.startedAt);
    onRows(list);
  };
  const run = async () => {
    if (running) return;
    running = true;
    try {
      while (!stopped && hasPending()) {
        const todo = pending;
        pending = new Set();
        if (todo === 'all' || rows === null || todo.size > MAX_ROWS_READ_ONE_BY_ONE) {
          const all = await readAll();
          rows = new Map(all.map((row) => [row.id, row]));
        } else {
          const ids = [...todo];
          const fresh = await db.sessions.bulkGet(ids);
          ids.forEach((id, i) => {
            const row = fresh[i];
            if (row && matchesQuery(row, query)) rows!.set(id, row);
            else rows!.delete(id);
          });
        }
        // Changes that came in meanwhile are read first: one answer for them all.
        if (!stopped && !hasPending()) emit();
      }
    } catch (error) {
      if (!stopped) onError(error);
    } finally {
      running = false;
    }
  };
  const onMutated = (parts: ObservabilitySet) => {
    const changed = changedSessionIds(parts, db.name);
    if (changed === null) return;
    if (changed === 'all' || pending === 'all') pending = 'all';
    else for (const id of changed) pending.add(id);
    void run();
  };
  // Listening before the first read: a change committed meanwhile is read again after it.
  Dexie.on('storagemutated', onMutated);
  void run();
  return () => {
    stopped = true;
    Dexie.on.storagemutated.unsubscribe(onMutated);
  };
}
