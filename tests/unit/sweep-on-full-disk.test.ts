// The worker's sweep (extension/background/tab-lifecycle.ts) on a disk all but full whose database
// is still open (the estimate found it full before any write failed, so Chromium never closed it):
// the page keeps its batches meanwhile, and they must still find their session open once there is
// room, so the sweep ends no session there.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TabreelDb } from '../../shared/db/schema';
import { DEFAULT_SETTINGS } from '../../shared/settings/settings';
import { commitBatch } from '../../shared/storage/commit-batch';
import { sequentialIds } from '../fixtures/ids';
import { DEFAULT_RULES, freshDb } from '../fixtures/tabreel-db';
import { T0, timeline } from '../fixtures/timeline';

const worker = vi.hoisted(() => ({ db: null as TabreelDb | null, room: true }));

vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('../../extension/background/open-database', () => ({
  openDatabase: () => Promise.resolve({ db: worker.db }),
}));
vi.mock('../../extension/background/storage-guard', () => ({
  storageGuard: {
    roomToOpen: () => Promise.resolve(worker.room),
    sweep: () => Promise.resolve({ count: 0, bytes: 0 }),
  },
}));
vi.mock('../../extension/background/settings', () => ({
  loadSettings: () => Promise.resolve(DEFAULT_SETTINGS),
}));
vi.mock('../../extension/background/browser-start', () => ({}));
vi.mock('../../extension/background/analyze-sessions', () => ({ scheduleAnalysis: vi.fn() }));
vi.mock('../../extension/background/capture-assets', () => ({ scheduleAssetCapture: vi.fn() }));
vi.mock('../../extension/background/deflate-chunks', () => ({ scheduleChunkDeflate: vi.fn() }));
const badges = vi.hoisted(() => ({ updateAllBadges: vi.fn(() => Promise.resolve()) }));
vi.mock('../../extension/background/badge', () => badges);

const { onSweep } = await import('../../extension/background/tab-lifecycle');

let db: TabreelDb;

beforeEach(async () => {
  badges.updateAllBadges.mockClear();
  db = freshDb();
  worker.db = db;
  // A session whose last event is long past the inactivity timeout (T0 is in the past).
  await commitBatch(db, {
    tabId: 1,
    incognito: false,
    streamId: 'stream-a',
    fromSeq: 0,
    events: timeline`load(/a)@0s click@1s`,
    rules: DEFAULT_RULES,
    privacyLevel: 'mask-inputs',
    now: T0,
    newId: sequentialIds(),
  });
});
afterEach(() => db.close());

describe('onSweep', () => {
  it('ends no session on a disk all but full, though its database is open', async () => {
    worker.room = false;
    await onSweep();
    expect((await db.sessions.get('s1'))?.endedAt).toBeNull();
    expect(badges.updateAllBadges).not.toHaveBeenCalled();
  });

  it('ends an idle session once the disk has room', async () => {
    worker.room = true;
    await onSweep();
    expect((await db.sessions.get('s1'))?.endedAt).not.toBeNull();
    // Its tab's badge counted that session's failed actions: redrawn without them.
    expect(badges.updateAllBadges).toHaveBeenCalledOnce();
  });
});
