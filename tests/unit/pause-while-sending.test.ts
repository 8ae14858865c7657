import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { receiveBatch } from '../../shared/delivery/receive-batch';
import { DEFAULT_SETTINGS } from '../../shared/settings/settings';
import { sequentialIds } from '../fixtures/ids';
import { freshDb, storedEvents } from '../fixtures/tabreel-db';
import { describeTimeline, T0, timeline } from '../fixtures/timeline';

// A batch the page sent before it heard of the pause reaches the worker after the settings changed.
describe('a batch on its way when recording is paused', () => {
  it('is kept by the page and stored with the stop marker that follows it, not lost', async () => {
    const db = freshDb();
    const newId = sequentialIds();
    const send = async (fromSeq: number, texts: string[], paused: boolean) => {
      const counts = texts.map((text) => (JSON.parse(text) as unknown[]).length);
      const joined =
        texts.length === 1 ? texts[0]! : `[${texts.map((t) => t.slice(1, -1)).join(',')}]`;
      const result = await receiveBatch(db, {
        message: {
          type: 'batch',
          streamId: 'stream-pause',
          fromSeq,
          count: counts.reduce((a, b) => a + b, 0),
          events: joined,
          ...(texts.length > 1 ? { parts: texts.map((t, i) => [counts[i]!, t.length]) } : {}),
        },
        sender: { tabId: 1, frameId: 0, url: 'https://shop.example/', incognito: false },
        settings: { ...DEFAULT_SETTINGS, paused },
        now: T0,
        newId,
        sleep: async () => {},
      });
      return result.reply;
    };
    const first = JSON.stringify(timeline`load@0s`);
    const before = JSON.stringify(timeline`click@1s`);
    const stop = JSON.stringify(timeline`click@2s stop:paused@2s200ms`);
    const seq = (JSON.parse(first) as unknown[]).length;

    expect((await send(0, [first], false)).ok).toBe(true);
    // Sent before the pause, read after it: not stored, and the page is told to send it again.
    expect(await send(seq, [before], true)).toMatchObject({ ok: false, retry: true });
    // The stop's last flush: everything unacked, then what the recorder held and the marker.
    expect((await send(seq, [before, stop], true)).ok).toBe(true);

    const [session] = await db.sessions.toArray();
    expect(session!.endReason).toBe('paused');
    expect(describeTimeline(await storedEvents(db, session!.id))).toBe(
      'load@0s click@1s click@2s stop:paused@2s200ms',
    );
  });
});
