import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitFor, type StoredData } from './support/stored-sessions';
import { openViewer, playUntilText, readReplayedPage } from './support/viewer-page';

const env = useRecordingBrowser();
const SHOTS = '/tmp/shots-writepath';

describe('background deflate of the chunks the write path stored raw', () => {
  it('deflates a closed session’s chunks, through a worker stop, losing and duplicating nothing; the viewer replays it', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('shop.html'));
    await page.waitForTimeout(300);
    for (let i = 0; i < 3; i++) {
      await page.getByRole('button', { name: 'Add item' }).click();
      await page.waitForTimeout(300);
    }
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.getByText('Payment failed (500)').waitFor();
    await page.waitForTimeout(600);

    const viewer = await env.browser.extensionPage();
    const sessionOf = (data: StoredData) =>
      data.sessions.find((s) => s.firstUrl.endsWith('shop.html'));
    // While the tab records, its small batches wait raw in the session's tail, to be merged.
    const open = await waitFor(async () => {
      const data = await readStored(viewer);
      const session = sessionOf(data);
      const chunks = data.chunks.filter((c) => c.sessionId === session?.id);
      return chunks.length > 1 && chunks.every((c) => c.encoding === 'raw') ? data : undefined;
    }, 'the open session’s raw chunks');
    expect(sessionOf(open)!.endedAt).toBeNull();

    await page.close();
    const ended = await waitFor(async () => {
      const data = await readStored(viewer);
      return sessionOf(data)?.endedAt ? data : undefined;
    }, 'the session to end');
    const id = sessionOf(ended)!.id;
    const events = eventsOf(ended, id);
    expect(events.length).toBeGreaterThan(10);

    // The worker dies wherever the deflate job is (before, during or after it); it starts again
    // on the next message and the job picks up what is still raw.
    const cdp = await env.browser.context.newCDPSession(viewer);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await viewer.evaluate(() => chrome.runtime.sendMessage({ type: 'get-status' }));

    const deflated = await waitFor(async () => {
      const data = await readStored(viewer);
      const chunks = data.chunks.filter((c) => c.sessionId === id);
      return chunks.length > 0 && chunks.every((c) => c.encoding === undefined) ? data : undefined;
    }, 'every chunk of the session deflated');
    // The same events, once each, and the session counts the bytes its chunks now take.
    expect(eventsOf(deflated, id)).toEqual(events);
    const session = sessionOf(deflated)!;
    const chunks = deflated.chunks.filter((c) => c.sessionId === id);
    expect(session.storedBytes).toBe(chunks.reduce((sum, c) => sum + c.storedBytes, 0));
    expect(session.storedBytes).toBeLessThan(session.rawBytes);
    expect(chunks.reduce((sum, c) => sum + c.count, 0)).toBe(session.eventCount);

    // A person opens it: the list shows it and the replay reaches the failed payment.
    const list = await openViewer(env.browser);
    await list.locator(`a[href="#/session/${id}"]`).first().click();
    await list.getByRole('heading', { name: 'Shop basket' }).waitFor();
    await playUntilText(list, '#status', 'Payment failed (500)');
    const replayed = await readReplayedPage(
      list,
      (doc) => doc.querySelector('#count')?.textContent,
    );
    expect(replayed).toBe('3 items');
    await list.screenshot({ path: `${SHOTS}/deflated-session-replay.png` });
  });
});
