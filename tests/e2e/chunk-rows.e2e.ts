import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROW_MAX_STORED_BYTES } from '../../shared/storage/cut-batch-rows';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitFor, type StoredData } from './support/stored-sessions';
import { openViewer, playUntilText, readReplayedPage } from './support/viewer-page';

const env = useRecordingBrowser();
const SHOTS = '/tmp/shots-s1rows';

describe('large batches stored as rows below IndexedDB’s value-wrapping size', () => {
  it('stores a burst of large DOM text in rows of ≤ 60 KB cut at events, deflates them together once the session ends, and replays it whole', async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Every chunk row the write path puts, as it puts it (the background deflate rewrites rows
    // 250 ms after the last batch, before a read of the store could see them as written).
    const worker = await env.browser.worker();
    await worker.evaluate(() => {
      const written: [number, number, number][] = [];
      (globalThis as { __chunkPuts?: typeof written }).__chunkPuts = written;
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key) {
        const row = value as { streamId?: unknown; fromSeq: number; count: number; data?: unknown };
        if (this.name === 'chunks' && typeof row.data === 'string')
          written.push([row.fromSeq, row.count, row.data.length]);
        return put.call(this, value, key);
      };
    });
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('notebook.html'));
    await page.waitForTimeout(300);
    const write = page.getByRole('button', { name: 'Write 24 notes' });
    await write.click();
    await page.getByText('24 notes', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Paste a long text' }).click();
    await page.getByText('24 notes and a long text').waitFor();

    const viewer = await env.browser.extensionPage();
    const sessionOf = (data: StoredData) =>
      data.sessions.find((s) => s.firstUrl.endsWith('notebook.html'));
    const holding = (text: string) => (c: StoredData['chunks'][number]) =>
      c.events.some((e) => JSON.stringify(e).includes(text));
    const open = await waitFor(async () => {
      const data = await readStored(viewer);
      const id = sessionOf(data)?.id;
      const chunks = data.chunks.filter((c) => c.sessionId === id);
      return chunks.some(holding('Note 24:')) && chunks.some(holding('Long text:'))
        ? data
        : undefined;
    }, 'the notes and the long text stored');
    const id = sessionOf(open)!.id;
    const puts = await worker.evaluate(
      () => (globalThis as { __chunkPuts?: [number, number, number][] }).__chunkPuts ?? [],
    );
    // Every row the write path stored is below the size, or one event alone (the long text).
    const sizes = puts.map(([, count, chars]) => ({ count, chars }));
    for (const { count, chars } of sizes)
      if (count > 1) expect(chars).toBeLessThanOrEqual(ROW_MAX_STORED_BYTES);
    expect(sizes.some((row) => row.count === 1 && row.chars > 150_000)).toBe(true);
    // The notes came a few at a time (24 of ~20 KB): rows of several whole events.
    expect(sizes.some((row) => row.count > 1 && row.chars > 40_000)).toBe(true);

    await page.close();
    const deflated = await waitFor(async () => {
      const data = await readStored(viewer);
      const session = sessionOf(data);
      const chunks = data.chunks.filter((c) => c.sessionId === id);
      return session?.endedAt && chunks.every((c) => c.encoding === undefined) ? data : undefined;
    }, 'the session ended and every chunk deflated');
    // The same events, once each, in fewer rows: consecutive rows were deflated together.
    const events = eventsOf(open, id);
    expect(eventsOf(deflated, id).slice(0, events.length)).toEqual(events);
    const chunks = deflated.chunks.filter((c) => c.sessionId === id);
    expect(chunks.length).toBeLessThan(puts.length);
    const session = sessionOf(deflated)!;
    expect(chunks.reduce((sum, c) => sum + c.count, 0)).toBe(session.eventCount);
    expect(session.storedBytes).toBe(chunks.reduce((sum, c) => sum + c.storedBytes, 0));
    const sorted = [...chunks].sort((a, b) => a.fromSeq - b.fromSeq);
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i]!.streamId === sorted[i - 1]!.streamId)
        expect(sorted[i]!.fromSeq).toBe(sorted[i - 1]!.toSeq + 1);

    // A person opens it: the replay reaches the end, with every note and the long text.
    const list = await openViewer(env.browser);
    await list.locator(`a[href="#/session/${id}"]`).first().click();
    await list.getByRole('heading', { name: 'Notebook' }).waitFor();
    await playUntilText(list, '#status', '24 notes and a long text');
    const replayed = await readReplayedPage(list, (doc) =>
      Array.from(doc.querySelectorAll('#notes p'), (p) => p.textContent?.split(':')[0]),
    );
    expect(replayed).toEqual([
      ...Array.from({ length: 24 }, (_, i) => `Note ${i + 1}`),
      'Long text',
    ]);
    await list.screenshot({ path: `${SHOTS}/notebook-replay.png` });
  });
});
