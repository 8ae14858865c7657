import { EventType } from '@rrweb/types';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SessionRow } from '../../../shared/db/schema';
import {
  customPayload,
  customTag,
  TABREEL_TAG,
  type RecordingStoppedPayload,
  type TimedEvent,
} from '../../../shared/events/tabreel-events';
import type { EndReason } from '../../../shared/session/session-types';
import type { ExtensionBrowser } from '../../support/chromium';
import { openPopup } from './popup-driver';
import { eventsOf, readStored, waitFor, type StoredData } from './stored-sessions';
import { openViewer } from './viewer-page';

/** What tests/fixtures/pages/stops.html logged: the relay's starts and stops, on the page's clock. */
export interface RelayCommand {
  kind: 'start' | 'stop';
  at: number;
}

export function relayCommands(page: Page): Promise<RelayCommand[]> {
  return page.evaluate(() => (window as unknown as { commands: RelayCommand[] }).commands);
}

/** Waits until the page has seen `count` commands of `kind` from the relay. */
export async function waitForCommands(
  page: Page,
  kind: RelayCommand['kind'],
  count: number,
  timeoutMs = 30_000,
): Promise<RelayCommand> {
  await page.waitForFunction(
    ([k, n]) =>
      (window as unknown as { commands: RelayCommand[] }).commands.filter((c) => c.kind === k)
        .length >= n,
    [kind, count] as const,
    { timeout: timeoutMs },
  );
  return (await relayCommands(page)).filter((c) => c.kind === kind)[count - 1]!;
}

/** The browser's id for the tab showing `page` (the sessions' `tabId`). */
export async function tabIdOf(browser: ExtensionBrowser, page: Page): Promise<number> {
  const worker = await browser.worker();
  return worker.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    if (tab?.id === undefined) throw new Error(`No tab shows ${url}.`);
    return tab.id;
  }, page.url());
}

export function sessionsOfTab(data: StoredData, tabId: number): SessionRow[] {
  return data.sessions.filter((s) => s.tabId === tabId).sort((a, b) => a.startedAt - b.startedAt);
}

/** Every stored event of the tab, whichever session holds it. */
export function eventsOfTab(data: StoredData, tabId: number): TimedEvent[] {
  return sessionsOfTab(data, tabId).flatMap((s) => eventsOf(data, s.id));
}

/** Whether an rrweb DOM change (not a full snapshot) carries `text`: a click's added node, say. */
export function changeCarries(event: TimedEvent, text: string): boolean {
  return event.type === EventType.IncrementalSnapshot && JSON.stringify(event.data).includes(text);
}

/**
 * Waits for the tab's recording after a restart at `since`: a session holding a full snapshot
 * taken then or later, followed by a DOM change that carries `text` (a click after the restart).
 * Returns that session and the stored data it was found in.
 */
export async function waitForRestartedRecording(
  viewer: Page,
  tabId: number,
  since: number,
  text: string,
): Promise<{ session: SessionRow; data: StoredData }> {
  return waitFor(
    async () => {
      const data = await readStored(viewer);
      const session = sessionsOfTab(data, tabId).find((s) => {
        const events = eventsOf(data, s.id);
        const snapshotAt = events.findIndex(
          (e) => e.type === EventType.FullSnapshot && e.timestamp >= since,
        );
        return snapshotAt >= 0 && events.slice(snapshotAt).some((e) => changeCarries(e, text));
      });
      return session ? { session, data } : undefined;
    },
    `a full snapshot after the restart, then a change with "${text}"`,
    30_000,
  );
}

/** Waits until the tab has a stored full snapshot (rrweb records there) and returns its time. */
export async function waitForFullSnapshot(viewer: Page, tabId: number): Promise<number> {
  return waitFor(async () => {
    const snapshot = eventsOfTab(await readStored(viewer), tabId).find(
      (e) => e.type === EventType.FullSnapshot,
    );
    return snapshot?.timestamp;
  }, 'a first full snapshot of the tab');
}

/**
 * Nothing of the tab is stored with a time inside the stopped stretch (after the stop reached the
 * page, before the start did): no event, no click, no DOM change, no signal.
 */
export function expectNothingStoredBetween(
  data: StoredData,
  tabId: number,
  stoppedAt: number,
  startedAt: number,
): void {
  expect(startedAt).toBeGreaterThan(stoppedAt);
  const inside = eventsOfTab(data, tabId).filter(
    (e) => e.timestamp > stoppedAt && e.timestamp < startedAt,
  );
  expect(inside.map((e) => JSON.stringify(e).slice(0, 200))).toEqual([]);
}

/**
 * Opens the toolbar popup on `page`'s tab, waits until its text matches `state`, saves a
 * screenshot and returns the text.
 */
export async function popupShows(
  browser: ExtensionBrowser,
  page: Page,
  state: RegExp,
  shot: string,
): Promise<string> {
  await page.bringToFront();
  const popup = await openPopup(browser);
  try {
    const text = await popup.waitForText(state);
    await popup.screenshot(shot);
    return text;
  } finally {
    await popup.close();
  }
}

/** Clicks a button in the toolbar popup of `page`'s tab and waits for the popup to show `after`. */
export async function clickInPopup(
  browser: ExtensionBrowser,
  page: Page,
  button: string,
  after: RegExp,
  shot?: string,
): Promise<string> {
  await page.bringToFront();
  const popup = await openPopup(browser);
  try {
    await popup.click(button);
    const text = await popup.waitForText(after);
    if (shot) await popup.screenshot(shot);
    return text;
  } finally {
    await popup.close();
  }
}

/**
 * After a stop at `stoppedAt` (the page's clock), the tab's session from before it has ended by
 * itself, without a restart: at its last event, the recorder's stop marker for `reason`, and it is
 * analysed. Then checks it the way a person sees it: in the list its row's badge no longer says Recording
 * and its duration's tooltip names the end (`listLabel`); its page shows no "● Recording" and its
 * Duration panel says why it ended (`pageText`). Screenshots of both, `${shot}-list.png` and
 * `${shot}-session.png`. Returns the session.
 */
export async function expectEndedByStop(
  browser: ExtensionBrowser,
  viewer: Page,
  tabId: number,
  stoppedAt: number,
  expected: { reason: EndReason; listLabel: string; pageText: string; shot: string },
): Promise<SessionRow> {
  const { session, data } = await waitFor(
    async () => {
      const data = await readStored(viewer);
      const session = sessionsOfTab(data, tabId)
        .filter((s) => s.startedAt <= stoppedAt)
        .pop();
      const analysed = session && session.endedAt !== null && session.analysisPending === 0;
      return analysed && session.summary ? { session, data } : undefined;
    },
    'the session from before the stop, ended and analysed',
    30_000,
  );
  expect(session.endReason).toBe(expected.reason);
  const last = eventsOf(data, session.id).at(-1)!;
  expect(customTag(last)).toBe(TABREEL_TAG.recordingStopped);
  expect(customPayload<RecordingStoppedPayload>(last)?.reason).toBe(expected.reason);
  // It ends at the stop: its marker, stamped as the page heard the stop, is its last event.
  expect(session.endedAt).toBe(last.timestamp);
  expect(session.endedAt!).toBeLessThanOrEqual(stoppedAt);

  const list = await openViewer(browser, '#/');
  const row = list.locator(`[role="row"][data-session-id="${session.id}"]`);
  await row.waitFor();
  const health = row.locator('.cell-health');
  await expect.poll(() => health.textContent()).toMatch(/^(Tolerable|Abnormal)$/);
  // (The fixture's title says "Recording" too: the badge is what tells.)
  expect(await row.locator('.health-badge.recording').count()).toBe(0);
  const duration = row.locator('[title^="Ended "]');
  expect(await duration.getAttribute('title')).toContain(`· ${expected.listLabel}`);
  await list.screenshot({ path: `${expected.shot}-list.png` });
  await list.close();

  const shown = await openViewer(browser, `#/session/${session.id}`);
  await shown.getByRole('tab', { name: 'Duration' }).click();
  const panel = shown.getByRole('tabpanel');
  await expect.poll(() => panel.textContent()).toContain(expected.pageText);
  expect(await shown.locator('.session-header').textContent()).not.toContain('● Recording');
  await shown.screenshot({ path: `${expected.shot}-session.png` });
  await shown.close();
  return session;
}
