// The one way into the service worker's database (shared/storage/database-gate.ts): opened only
// with room on the disk, a fresh worker's first call included, and never reopened by Dexie itself
// after the browser closed it. Dexie over fake-indexeddb, with the room answer scripted.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { openTabreelDb, type TabreelDb } from '../../shared/db/schema';
import { emptyTabState } from '../../shared/session/session-types';
import {
  createDatabaseGate,
  NO_ROOM_TO_OPEN,
  type DatabaseGate,
} from '../../shared/storage/database-gate';

let factory: IDBFactory;
let db: TabreelDb;
let room: boolean;
let roomAsked: number;
let gate: DatabaseGate;

/** The worker's connection: never opened by Dexie itself. */
const workerDb = () => openTabreelDb({ autoOpen: false, indexedDB: factory, IDBKeyRange });

beforeEach(() => {
  factory = new IDBFactory();
  db = workerDb();
  room = true;
  roomAsked = 0;
  gate = createDatabaseGate({
    db,
    roomToOpen: async () => {
      roomAsked += 1;
      return room;
    },
  });
});

/** Chromium closing the connection under the page (a write that found the disk full). */
function closedByTheBrowser(connection: TabreelDb): void {
  const native = connection.backendDB();
  native.onclose?.call(native, new Event('close'));
}

async function databaseNames(): Promise<string[]> {
  return (await factory.databases()).map((d) => d.name ?? '');
}

describe('createDatabaseGate', () => {
  it('does not open the database without room: the caller is told why, and nothing is created', async () => {
    room = false;
    expect(await gate.ready()).toEqual({ open: false, noRoom: true, why: NO_ROOM_TO_OPEN });
    expect(db.isOpen()).toBe(false);
    expect(await databaseNames()).toEqual([]);
    // A call past the gate fails rather than open it.
    await expect(db.sessions.count()).rejects.toMatchObject({ name: 'DatabaseClosedError' });
    expect(await databaseNames()).toEqual([]);
  });

  it('opens with room, and once open answers without asking the disk again', async () => {
    expect(await gate.ready()).toEqual({ open: true });
    await db.tabs.put(emptyTabState(7));
    room = false; // a reading would refuse now: none is taken while open
    for (let i = 0; i < 5; i++) expect(await gate.ready()).toEqual({ open: true });
    expect(roomAsked).toBe(1);
    expect(await db.tabs.count()).toBe(1);
  });

  it('callers at once share one reading and one open', async () => {
    const answers = await Promise.all([gate.ready(), gate.ready(), gate.ready()]);
    expect(answers).toEqual([{ open: true }, { open: true }, { open: true }]);
    expect(roomAsked).toBe(1);
  });

  it('a connection the browser closed is not reopened by a call, only by the gate with room', async () => {
    await gate.ready();
    await db.tabs.put(emptyTabState(7));
    closedByTheBrowser(db);
    expect(db.isOpen()).toBe(false);
    await expect(db.tabs.count()).rejects.toMatchObject({ name: 'DatabaseClosedError' });

    room = false;
    expect(await gate.ready()).toMatchObject({ open: false, noRoom: true });
    expect(db.isOpen()).toBe(false);

    room = true;
    expect(await gate.ready()).toEqual({ open: true });
    expect(await db.tabs.get(7)).toMatchObject({ tabId: 7 });
    expect(roomAsked).toBe(3);
  });

  it('an open that fails says why, and is tried again at the next call', async () => {
    // The browser's backing store refusing to open once (Chromium on a disk it cannot write).
    let failing = true;
    const flaky = {
      open: (name: string, version?: number) => {
        if (failing)
          throw new DOMException('Internal error opening backing store', 'InvalidStateError');
        return factory.open(name, version);
      },
      deleteDatabase: (name: string) => factory.deleteDatabase(name),
      databases: () => factory.databases(),
      cmp: (a: unknown, b: unknown) => factory.cmp(a, b),
    } as unknown as IDBFactory;
    const flakyDb = openTabreelDb({ autoOpen: false, indexedDB: flaky, IDBKeyRange });
    const flakyGate = createDatabaseGate({ db: flakyDb, roomToOpen: async () => true });
    const answer = await flakyGate.ready();
    expect(answer).toMatchObject({ open: false, noRoom: false });
    expect(answer.open ? '' : answer.why).toMatch(/could not be opened: .*backing store/);
    expect(flakyDb.isOpen()).toBe(false);
    failing = false;
    expect(await flakyGate.ready()).toEqual({ open: true });
    await flakyDb.tabs.put(emptyTabState(3));
    expect(await flakyDb.tabs.count()).toBe(1);
  });

  it('runs the work that waited for the open after each open, before any caller goes on', async () => {
    const done: string[] = [];
    let failing = true;
    const waiting = createDatabaseGate({
      db,
      roomToOpen: async () => true,
      afterOpen: async () => {
        done.push('after open');
        // A browser start recorded there: in the database, before the callers use it.
        await db.tabs.put(emptyTabState(done.length));
        if (failing) throw new Error('a storage hiccup');
      },
    });
    const [first, second] = await Promise.all([waiting.ready(), waiting.ready()]);
    // Its failure is reported, not the open's: the callers go on with the database.
    expect([first, second]).toEqual([{ open: true }, { open: true }]);
    expect(await db.tabs.count()).toBe(1);
    await waiting.ready();
    expect(done).toEqual(['after open']);
    closedByTheBrowser(db);
    failing = false;
    await waiting.ready();
    expect(done).toEqual(['after open', 'after open']);
    expect(await db.tabs.count()).toBe(2);
  });
});
