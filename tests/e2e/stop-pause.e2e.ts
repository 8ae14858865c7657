// Recording paused from the toolbar popup once rrweb records a page, then resumed there: nothing
// the person does while paused is stored (no click, no DOM change, no typing), the popup says
// Paused, the tab's session ends at the pause (the list and its page stop saying Recording, it is
// analysed), and after the resume the tab starts a new session with a full snapshot, whose later
// clicks are stored and replay in the viewer. (A pause before rrweb arrived:
// restart-before-rrweb.e2e.ts.)
import { EventType } from '@rrweb/types';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  customPayload,
  customTag,
  TABREEL_TAG,
  type SessionStartPayload,
} from '../../shared/events/tabreel-events';
import {
  changeCarries,
  clickInPopup,
  eventsOfTab,
  expectEndedByStop,
  expectNothingStoredBetween,
  popupShows,
  sessionsOfTab,
  tabIdOf,
  waitForCommands,
  waitForFullSnapshot,
  waitForRestartedRecording,
} from './support/recording-stops';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitFor } from './support/stored-sessions';
import { openViewer, playUntilText, readReplayedPage } from './support/viewer-page';

const SHOTS = '/tmp/shots-stops';
const env = useRecordingBrowser();

describe('pause and resume from the popup', () => {
  it('stores nothing while paused; resumes into a new session that replays', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const viewer = await env.browser.extensionPage();
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('stops.html?pause'));
    const tabId = await tabIdOf(env.browser, page);
    await waitForFullSnapshot(viewer, tabId);
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.getByLabel('Password').fill('recorded-pw-1111');
    await waitFor(async () => {
      const events = eventsOfTab(await readStored(viewer), tabId);
      return events.some((e) => changeCarries(e, 'Item 1')) ? true : undefined;
    }, 'the first click’s DOM change');

    const recording = await popupShows(
      env.browser,
      page,
      /● Recording[\s\S]*Events/i,
      `${SHOTS}/pause-1-recording.png`,
    );
    expect(recording).toContain('127.0.0.1');
    const pausedText = await clickInPopup(
      env.browser,
      page,
      'Pause recording',
      /Recording is paused in every tab/,
      `${SHOTS}/pause-2-paused.png`,
    );
    expect(pausedText).toMatch(/Paused/);
    expect(pausedText).toContain('Resume recording');
    const stopped = await waitForCommands(page, 'stop', 1);

    // What a person does while paused: a click that changes the page, typing, a password.
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator('#item-2').waitFor();
    await page.getByLabel('Name').fill('typed while paused');
    await page.getByLabel('Password').fill('paused-pw-2222');
    // The popup, opened again, still says so.
    await popupShows(
      env.browser,
      page,
      /Recording is paused in every tab/,
      `${SHOTS}/pause-3-still-paused.png`,
    );
    // While still paused, the tab's session has ended at the pause and been analysed.
    const paused = await expectEndedByStop(env.browser, viewer, tabId, stopped.at, {
      reason: 'paused',
      listLabel: 'Recording paused',
      pageText: 'Recording was paused',
      shot: `${SHOTS}/pause-3b-ended`,
    });

    await clickInPopup(
      env.browser,
      page,
      'Resume recording',
      /● Recording/,
      `${SHOTS}/pause-4-resumed.png`,
    );
    const resumed = await waitForCommands(page, 'start', 2);
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator('#item-3').waitFor();
    const { session, data } = await waitForRestartedRecording(viewer, tabId, resumed.at, 'Item 3');

    // Everything the recording after the resume needs was stored; nothing from the pause.
    expectNothingStoredBetween(data, tabId, stopped.at, resumed.at);
    const all = eventsOfTab(data, tabId);
    expect(all.some((e) => changeCarries(e, 'Item 2'))).toBe(false);
    expect(data.everything).not.toContain('typed while paused');
    expect(data.everything).not.toContain('paused-pw-2222');
    expect(data.everything).not.toContain('recorded-pw-1111'); // passwords, never

    // The resume cut a new session: the paused one ended, the new one starts with the marker.
    const [first, ...rest] = sessionsOfTab(data, tabId);
    expect(rest.map((s) => s.id)).toContain(session.id);
    expect(first!.id).not.toBe(session.id);
    // Still as the pause ended it: the resume did not end it again.
    expect([first!.id, first!.endReason, first!.endedAt]).toEqual([
      paused.id,
      'paused',
      paused.endedAt,
    ]);
    const events = eventsOf(data, session.id);
    const marker = events.find((e) => customTag(e) === TABREEL_TAG.sessionStart);
    expect(customPayload<SessionStartPayload>(marker!)?.reason).toBe('resume');
    expect(events.some((e) => e.type === EventType.FullSnapshot)).toBe(true);

    // The popup shows the new session live.
    const after = await popupShows(
      env.browser,
      page,
      /● Recording[\s\S]*Events/i,
      `${SHOTS}/pause-5-new-session.png`,
    );
    expect(after).not.toContain('paused');

    const replay = await openViewer(env.browser, `#/session/${session.id}`);
    await playUntilText(replay, '#item-3', 'Item 3');
    // The snapshot shows the page as it was at the resume: the item added while paused is there.
    expect(await readReplayedPage(replay, (doc) => doc.querySelector('#item-2')?.textContent)).toBe(
      'Item 2',
    );
    await replay.screenshot({ path: `${SHOTS}/pause-6-replayed.png` });
    await replay.close();
    await page.close();
  });
});
