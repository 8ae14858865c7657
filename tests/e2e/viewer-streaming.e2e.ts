// Opening a session of many chunks: the first frame shows from the first chunk while the rest
// streams into the replay frame ("Loading the rest of the session…"); then the whole session is
// there: its full length, its end, and a deep link into a later chunk.
import { EventType, IncrementalSource } from '@rrweb/types';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import { useRecordingBrowser } from './support/recording-browser';
import { seedSession, type SeededChunk, seededPageLoad } from './support/seed-session';
import { waitFor } from './support/stored-sessions';
import { readReplayedPage, replayClock } from './support/viewer-page';

const env = useRecordingBrowser();
const SHOTS = '/tmp/shots-replay-open';
const CHUNKS = 60;
/** Each chunk after the first sets the counter once, a second apart, among mouse moves. */
const MOVES_PER_CHUNK = 400;

/** A page with one counter; chunk i (i ≥ 1) sets it to i at i seconds. */
function countingSession(t0: number): SeededChunk[] {
  const snapshot = seededPageLoad(t0, {
    type: 2,
    id: 3,
    tagName: 'body',
    attributes: {},
    childNodes: [
      {
        type: 2,
        id: 4,
        tagName: 'p',
        attributes: { id: 'n' },
        childNodes: [{ type: 3, id: 5, textContent: '0' }],
      },
    ],
  });
  const chunks: SeededChunk[] = [{ events: snapshot }];
  for (let i = 1; i < CHUNKS; i++) {
    const at = t0 + i * 1000;
    const events: TimedEvent[] = [
      {
        type: EventType.IncrementalSnapshot,
        timestamp: at,
        data: {
          source: IncrementalSource.Mutation,
          texts: [{ id: 5, value: String(i) }],
          attributes: [],
          removes: [],
          adds: [],
        },
      } as TimedEvent,
    ];
    for (let m = 1; m <= MOVES_PER_CHUNK; m++)
      events.push({
        type: EventType.IncrementalSnapshot,
        timestamp: at + m,
        data: {
          source: IncrementalSource.MouseMove,
          positions: [{ x: m % 800, y: 10, id: 4, timeOffset: 0 }],
        },
      } as TimedEvent);
    chunks.push({ events });
  }
  return chunks;
}

const counter = (doc: Document) => doc.getElementById('n')?.textContent;

describe('viewer: opening a long session', () => {
  it('shows the first frame while the rest streams in, then the whole session', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const t0 = Date.now() - 600_000;
    const seeder = await env.browser.extensionPage();
    const last = t0 + (CHUNKS - 1) * 1000 + MOVES_PER_CHUNK;
    await seedSession(
      seeder,
      { id: 'long', startedAt: t0, endedAt: last, lastEventAt: last, title: 'Counting to 59' },
      countingSession(t0),
    );
    await seeder.close();

    const viewer = await env.browser.context.newPage();
    // Slowed down so the person (and this test) can see the replay before the rest has arrived.
    const cdp = await viewer.context().newCDPSession(viewer);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
    // Whether the "loading the rest" note was ever on screen, seen from the page itself.
    await viewer.addInitScript(() => {
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="replay-streaming"]'))
          (window as { __sawStreaming?: boolean }).__sawStreaming = true;
      }).observe(document, { childList: true, subtree: true });
    });
    await viewer.goto(
      `chrome-extension://${env.browser.extensionId}/viewer/index.html#/session/long`,
    );
    const streaming = viewer.getByTestId('replay-streaming');
    await streaming
      .waitFor({ timeout: 15_000 })
      .then(() => viewer.screenshot({ path: `${SHOTS}/streaming.png` }))
      .catch(() => {}); // a picture only: the assertion is the page's own record below
    // The first frame is the first chunk's page.
    await waitFor(
      async () =>
        (await readReplayedPage(viewer, counter).catch(() => null)) === '0' ? true : undefined,
      'the first frame',
    );
    await streaming.waitFor({ state: 'detached', timeout: 30_000 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    expect(await viewer.evaluate('window.__sawStreaming === true')).toBe(true);
    // The whole length, not the first chunk's.
    expect(await replayClock(viewer)).toBe('0:00 / 0:59');

    // The end of the timeline is the last chunk's counter.
    const bar = viewer.locator('.timeline-bar');
    await bar.waitFor();
    const box = (await bar.boundingBox())!;
    await viewer.mouse.click(box.x + box.width - 0.5, box.y + box.height / 2);
    await waitFor(
      async () =>
        (await readReplayedPage(viewer, counter)) === String(CHUNKS - 1) ? true : undefined,
      'the replay at the end of the session',
    );
    await viewer.screenshot({ path: `${SHOTS}/streamed-end.png` });
    await viewer.close();

    // A deep link into a later chunk opens there: the first part holds every chunk up to it.
    const linked = await env.browser.context.newPage();
    await linked.goto(
      `chrome-extension://${env.browser.extensionId}/viewer/index.html#/session/long?t=25.5`,
    );
    await waitFor(
      async () =>
        (await readReplayedPage(linked, counter).catch(() => null)) === '25' ? true : undefined,
      'the replay at the linked moment',
    );
    await linked.getByTestId('replay-streaming').waitFor({ state: 'detached' });
    expect(await readReplayedPage(linked, counter)).toBe('25');
    expect(await replayClock(linked)).toBe('0:25 / 0:59');
    await linked.close();
  });
  it('a deep link into a quiet stretch opens at that moment, and plays on from there', async () => {
    // A page load, then nothing for 20 s but one change: the link's moment lies in the gap, after
    // the first part's last event (a tab left on a canvas page, a person reading).
    const t0 = Date.now() - 600_000;
    const seeder = await env.browser.extensionPage();
    const snapshot = countingSession(t0)[0]!;
    const change = {
      type: EventType.IncrementalSnapshot,
      timestamp: t0 + 20_000,
      data: {
        source: IncrementalSource.Mutation,
        texts: [{ id: 5, value: 'later' }],
        attributes: [],
        removes: [],
        adds: [],
      },
    } as TimedEvent;
    await seedSession(
      seeder,
      { id: 'quiet', startedAt: t0, endedAt: t0 + 20_000, lastEventAt: t0 + 20_000 },
      [snapshot, { events: [change] }],
    );
    await seeder.close();
    const linked = await env.browser.context.newPage();
    await linked.goto(
      `chrome-extension://${env.browser.extensionId}/viewer/index.html#/session/quiet?t=15`,
    );
    await linked.getByTestId('replay-clock').waitFor();
    await linked.getByTestId('replay-streaming').waitFor({ state: 'detached' });
    // It said 0:00 (the first part's length), and Play started over from there.
    await waitFor(
      async () => ((await replayClock(linked)) === '0:15 / 0:20' ? true : undefined),
      'the clock at the linked moment',
    );
    await linked.keyboard.press('Space');
    await linked.waitForTimeout(1500);
    const [at = ''] = (await replayClock(linked)).split(' / ');
    expect(['0:16', '0:17']).toContain(at);
    await linked.close();
  });
});
