// A site excluded while a tab is on it, then allowed again: from the popup and from the options
// page, in the open page and across a reload made while it was excluded. Nothing of that tab is
// stored while excluded (no click, no DOM change, no typing, no page view; passwords never), the
// popup says Excluded, and once allowed the tab records again with a new full snapshot (on the
// reloaded page, rrweb is first asked for then), its clicks are stored and replay in the viewer.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { customTag, TABREEL_TAG } from '../../shared/events/tabreel-events';
import { openOptions, saveOptions } from './support/extension-pages';
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
import { readStored, waitFor } from './support/stored-sessions';
import { openViewer, playUntilText, readReplayedPage } from './support/viewer-page';

const SHOTS = '/tmp/shots-stops';
const env = useRecordingBrowser();

/** Types the list of never-recorded sites in the options page, as a person would, and saves. */
async function setExcludedSites(options: Page, sites: string): Promise<void> {
  await options.getByLabel('Never record these sites (one per line)').fill(sites);
  await saveOptions(options);
}

/** Opens the fixture, waits until rrweb records it, clicks once and waits for that click's change. */
async function recordingPage(query: string): Promise<{ page: Page; tabId: number }> {
  const viewer = await env.browser.extensionPage();
  const page = await env.browser.context.newPage();
  await page.goto(env.server.url(`stops.html?${query}`));
  const tabId = await tabIdOf(env.browser, page);
  await waitForFullSnapshot(viewer, tabId);
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByLabel('Password').fill('recorded-pw-1111');
  await waitFor(async () => {
    const events = eventsOfTab(await readStored(viewer), tabId);
    return events.some((e) => changeCarries(e, 'Item 1')) ? true : undefined;
  }, 'the first click’s DOM change');
  return { page, tabId };
}

describe('a site excluded while a tab is on it, then allowed again', () => {
  it('in the open page: excluded from the popup, allowed in the options; records again and replays', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const options = await openOptions(env.browser);
    // Whatever happens here, the next test records this site again.
    onTestFinished(async () => {
      await setExcludedSites(options, '');
      await options.close();
    });
    const viewer = await env.browser.extensionPage();
    const { page, tabId } = await recordingPage('exclude-open');

    const excludedText = await clickInPopup(
      env.browser,
      page,
      'Exclude this site',
      /Excluded[\s\S]*never recorded/,
      `${SHOTS}/exclude-1-excluded.png`,
    );
    expect(excludedText).toContain('Include this site');
    const stopped = await waitForCommands(page, 'stop', 1);
    // The options page shows the site in its list.
    await options.reload();
    const host = new URL(env.server.origin).host;
    await expectFieldValue(options, host);

    await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator('#item-2').waitFor();
    await page.getByLabel('Name').fill('typed while excluded');
    await page.getByLabel('Password').fill('excluded-pw-2222');
    const excluded = await expectEndedByStop(env.browser, viewer, tabId, stopped.at, {
      reason: 'excluded-site',
      listLabel: 'Site excluded',
      pageText: 'Its site was excluded from recording',
      shot: `${SHOTS}/exclude-1b-ended`,
    });

    await setExcludedSites(options, '');
    const started = await waitForCommands(page, 'start', 2);
    await popupShows(env.browser, page, /● Recording/, `${SHOTS}/exclude-2-allowed.png`);
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator('#item-3').waitFor();
    const { session, data } = await waitForRestartedRecording(viewer, tabId, started.at, 'Item 3');

    expectNothingStoredBetween(data, tabId, stopped.at, started.at);
    expect(eventsOfTab(data, tabId).some((e) => changeCarries(e, 'Item 2'))).toBe(false);
    expect(data.everything).not.toContain('typed while excluded');
    expect(data.everything).not.toContain('excluded-pw-2222');
    expect(data.everything).not.toContain('recorded-pw-1111');
    const sessions = sessionsOfTab(data, tabId);
    expect(sessions.length).toBe(2);
    expect([sessions[0]!.id, sessions[0]!.endReason]).toEqual([excluded.id, 'excluded-site']);
    expect(sessions[1]!.id).toBe(session.id);

    const replay = await openViewer(env.browser, `#/session/${session.id}`);
    await playUntilText(replay, '#item-3', 'Item 3');
    expect(await readReplayedPage(replay, (doc) => doc.querySelector('#item-2')?.textContent)).toBe(
      'Item 2',
    );
    await replay.screenshot({ path: `${SHOTS}/exclude-3-replayed.png` });
    await replay.close();
    await page.close();
  });

  it('across a reload: excluded in the options, reloaded, allowed from the popup; rrweb starts then', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const options = await openOptions(env.browser);
    onTestFinished(async () => {
      await setExcludedSites(options, '');
      await options.close();
    });
    const viewer = await env.browser.extensionPage();
    const { page, tabId } = await recordingPage('exclude-reload');
    const host = new URL(env.server.origin).host;

    await setExcludedSites(options, host);
    const stopped = await waitForCommands(page, 'stop', 1);
    const before = await readStored(viewer);
    const sessionsBefore = sessionsOfTab(before, tabId).map((s) => s.id);

    // Reloaded while excluded: the new page is never started, so rrweb is never asked for.
    await page.reload();
    await waitForCommands(page, 'stop', 1);
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator('#item-1').waitFor();
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator('#item-2').waitFor();
    await page.getByLabel('Name').fill('typed after the reload');
    await page.getByLabel('Password').fill('reloaded-pw-3333');
    const excludedText = await popupShows(
      env.browser,
      page,
      /Excluded[\s\S]*never recorded/,
      `${SHOTS}/exclude-4-reloaded-excluded.png`,
    );
    expect(excludedText).toContain(host);

    await clickInPopup(
      env.browser,
      page,
      'Include this site',
      /● Recording/,
      `${SHOTS}/exclude-5-included.png`,
    );
    const started = await waitForCommands(page, 'start', 1);
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator('#item-3').waitFor();
    const { session, data } = await waitForRestartedRecording(viewer, tabId, started.at, 'Item 3');

    // Nothing from the excluded stretch, the reloaded page's first minutes included.
    expectNothingStoredBetween(data, tabId, stopped.at, started.at);
    expect(sessionsBefore).not.toContain(session.id);
    // The session of the page recorded before the exclusion ended at it, not at the restart.
    expect(sessionsOfTab(data, tabId)[0]!.endReason).toBe('excluded-site');
    expect(data.everything).not.toContain('typed after the reload');
    expect(data.everything).not.toContain('reloaded-pw-3333');
    expect(data.everything).not.toContain('recorded-pw-1111');
    // The reloaded page's view is stored from the start on, and not before it.
    const views = eventsOfTab(data, tabId).filter((e) => customTag(e) === TABREEL_TAG.page);
    expect(views.length).toBe(2);
    expect(views[1]!.timestamp).toBeGreaterThanOrEqual(started.at);

    const replay = await openViewer(env.browser, `#/session/${session.id}`);
    await playUntilText(replay, '#item-3', 'Item 3');
    await replay.screenshot({ path: `${SHOTS}/exclude-6-reloaded-replayed.png` });
    await replay.close();

    // And a reload once allowed records from its own start, as any page.
    await page.reload();
    const reloadStarted = await waitForCommands(page, 'start', 1);
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator('#item-1').waitFor();
    await waitForRestartedRecording(viewer, tabId, reloadStarted.at, 'Item 1');
    await page.close();
  });
});

async function expectFieldValue(options: Page, text: string): Promise<void> {
  const field = options.getByLabel('Never record these sites (one per line)');
  await waitFor(
    async () => ((await field.inputValue()).includes(text) ? true : undefined),
    `the options page to list ${text}`,
  );
}
