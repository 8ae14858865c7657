import { RangeSet } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../shared/db/schema';
import { createExtensionSource } from '../../viewer/sources/extension-source';
import type { SessionQuery } from '../../viewer/sources/session-source';
import { changedSessionIds } from '../../viewer/sources/watch-session-rows';
import { sessionRow, T0 } from '../fixtures/session-rows';
import { freshDb } from '../fixtures/tabreel-db';

describe('changedSessionIds', () => {
  const part = (index = '') => `idb://tabreel/sessions/${index}`;

  it('lists the ids of the sessions a change touched', () => {
    const ids = changedSessionIds(
      { [part()]: new RangeSet().addKeys(['b', 'a']), [part(':dels')]: new RangeSet().addKey('c') },
      'tabreel',
    );
    expect(ids).toEqual(new Set(['a', 'b', 'c']));
  });

  it('says "all" for a change over a range of ids', () => {
    expect(changedSessionIds({ [part()]: new RangeSet('a', 'z') }, 'tabreel')).toBe('all');
    expect(changedSessionIds({ all: new RangeSet(-Infinity, [[]]) }, 'tabreel')).toBe('all');
  });

  it('ignores changes to other tables and databases', () => {
    expect(
      changedSessionIds({ 'idb://tabreel/chunks/': new RangeSet().addKey('x') }, 'tabreel'),
    ).toBeNull();
    expect(
      changedSessionIds({ 'idb://other/sessions/': new RangeSet().addKey('x') }, 'tabreel'),
    ).toBeNull();
  });
});

/** Watches the list through the extension source; `next()` waits for its next answer. */
function watchList(query: SessionQuery = {}) {
  const db = freshDb();
  const source = createExtensionSource(db);
  const answers: SessionRow[][] = [];
  let wake: (() => void) | null = null;
  const stop = source.watchSessions(
    query,
    (rows) => {
      answers.push(rows);
      wake?.();
    },
    (error) => {
      throw error;
    },
  );
  const next = async () => {
    const seen = answers.length;
    while (answers.length === seen) await new Promise<void>((done) => (wake = done));
    return answers.at(-1)!.map((row) => row.id);
  };
  return { db, source, stop, next, answers };
}

describe('watchSessions (extension source)', () => {
  it('answers newest first, then again after each change, reading only what changed', async () => {
    const list = watchList();
    await list.db.sessions.bulkPut([
      sessionRow({ id: 'old', startedAt: T0 }),
      sessionRow({ id: 'new', startedAt: T0 + 1000 }),
    ]);
    expect(await list.next()).toEqual(['new', 'old']);

    const reads: string[] = [];
    list.db.sessions.hook('reading', (row) => (row && reads.push(row.id), row));
    await list.source.update('old', { label: 'Renamed' });
    expect(await list.next()).toEqual(['new', 'old']);
    expect(list.answers.at(-1)!.find((row) => row.id === 'old')!.label).toBe('Renamed');
    // The update's own read of the row, then the list's: not the other rows.
    expect(reads.filter((id) => id === 'new')).toEqual([]);

    await list.source.deleteSessions(['new']);
    expect(await list.next()).toEqual(['old']);
    list.stop();
  });

  it('keeps to its query: a row that stops matching leaves, one that starts matching comes in', async () => {
    const list = watchList({ pinned: true });
    await list.db.sessions.bulkPut([
      sessionRow({ id: 'a', pinned: 1 }),
      sessionRow({ id: 'b', startedAt: T0 + 1 }),
    ]);
    expect(await list.next()).toEqual(['a']);
    await list.source.setPinned(['b'], true);
    expect(await list.next()).toEqual(['b', 'a']);
    await list.source.setPinned(['a'], false);
    expect(await list.next()).toEqual(['b']);
    list.stop();
  });
});
