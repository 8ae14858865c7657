import { EventType } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { customTag, TABREEL_TAG } from '../../shared/events/tabreel-events';
import { openOptions, saveOptions } from './support/extension-pages';
import { startFixtureServer } from './support/fixture-server';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitFor } from './support/stored-sessions';

const env = useRecordingBrowser();

describe('session splitting', () => {
  it('splits on inactivity set through the options page; the new session starts with a full snapshot', async () => {
    const options = await openOptions(env.browser);
    await options.getByLabel('End a session after no activity for').fill('5');
    await options.getByLabel('Inactivity unit').selectOption('seconds');
    await saveOptions(options);
    await options.screenshot({ path: 'test-results/options-inactivity.png', fullPage: true });

    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('basic.html'));
    await page.click('#go');
    await page.waitForTimeout(6500);
    await page.click('#go');

    const viewer = await env.browser.extensionPage();
    const data = await waitFor(async () => {
      const stored = await readStored(viewer);
      return stored.sessions.length === 2 && eventsOf(stored, stored.sessions[1]!.id).length > 0
        ? stored
        : undefined;
    }, 'two sessions');
    const [first, second] = [...data.sessions].sort((a, b) => a.startedAt - b.startedAt);
    expect(first!.endReason).toBe('inactivity');
    expect(first!.endedAt).toBeLessThanOrEqual(second!.startedAt);
    expect(second!.tabId).toBe(first!.tabId);
    expect(second!.startReason).toBe('activity');

    const events = eventsOf(data, second!.id);
    // The recorder's cut marker, then the snapshot pair, then the click that woke the session.
    expect(customTag(events[0]!)).toBe(TABREEL_TAG.sessionStart);
    expect(events[1]!.type).toBe(EventType.Meta);
    expect(events[2]!.type).toBe(EventType.FullSnapshot);
    expect(JSON.stringify(events[2])).toContain('basic-page-text');
    expect(second!.startedAt).toBe(events[0]!.timestamp);
    await page.close();

    await options.getByLabel('End a session after no activity for').fill('30');
    await options.getByLabel('Inactivity unit').selectOption('minutes');
    await saveOptions(options);
    await options.close();
  });

  it('re-snapshots a cross-origin frame when a session is cut, so the new session holds its content', async () => {
    const other = await startFixtureServer('127.0.0.2');
    const options = await openOptions(env.browser);
    await options.getByLabel('End a session after no activity for').fill('5');
    await options.getByLabel('Inactivity unit').selectOption('seconds');
    await saveOptions(options);
    try {
      const page = await env.browser.context.newPage();
      await page.goto(env.server.url(`iframes.html?cross=${encodeURIComponent(other.origin)}`));
      await page.frameLocator('#cross').locator('#go').click();
      await page.waitForTimeout(6500);
      await page.mouse.click(5, 5);
      const viewer = await env.browser.extensionPage();
      const data = await waitFor(async () => {
        const stored = await readStored(viewer);
        const mine = stored.sessions.filter((s) => s.firstUrl.includes('iframes.html'));
        if (mine.length < 2) return undefined;
        const second = mine.sort((a, b) => a.startedAt - b.startedAt)[1]!;
        const json = JSON.stringify(eventsOf(stored, second.id));
        return json.includes('frame-child-cross-marker') ? { second, json } : undefined;
      }, 'the cut session with the cross-origin frame content');
      expect(data.second.startReason).toBe('activity');
      expect(data.second.firstUrl).toContain('iframes.html');
      expect(data.json).toContain('frame-child-same-marker');
      await page.close();
    } finally {
      await options.getByLabel('End a session after no activity for').fill('30');
      await options.getByLabel('Inactivity unit').selectOption('minutes');
      await saveOptions(options);
      await options.close();
      await other.close();
    }
  });

  it('applies a stricter privacy level to an open tab at once, as a new session with all text masked', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('basic.html?privacy-switch'));
    await page.click('#go');
    const options = await openOptions(env.browser);
    await options.getByLabel('Masking').selectOption('mask-all-text');
    await saveOptions(options);
    await page.click('#go');
    const viewer = await env.browser.extensionPage();
    const data = await waitFor(async () => {
      const stored = await readStored(viewer);
      const mine = stored.sessions.filter((s) => s.firstUrl.endsWith('?privacy-switch'));
      return mine.length === 2 && mine.every((s) => s.eventCount > 0) ? stored : undefined;
    }, 'a second session after the privacy change');
    const [before, after] = data.sessions
      .filter((s) => s.firstUrl.endsWith('?privacy-switch'))
      .sort((a, b) => a.startedAt - b.startedAt);
    expect(before!.privacy.level).toBe('mask-inputs');
    expect(after!.privacy.level).toBe('mask-all-text');
    expect(JSON.stringify(eventsOf(data, before!.id))).toContain('basic-page-text');
    expect(JSON.stringify(eventsOf(data, after!.id))).not.toContain('basic-page-text');
    await options.getByLabel('Masking').selectOption('mask-inputs');
    await saveOptions(options);
    await options.close();
    await page.close();
  });

  it('refuses an inactivity timeout under 5 seconds with a message next to the field', async () => {
    const options = await openOptions(env.browser);
    await options.getByLabel('End a session after no activity for').fill('2');
    await options.getByLabel('Inactivity unit').selectOption('seconds');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect(options.locator('#inactivity-error').textContent()).resolves.toContain(
      'at least 5 seconds',
    );
    await options.screenshot({ path: 'test-results/options-invalid.png', fullPage: true });
    const stored = await options.evaluate(() => chrome.storage.local.get('settings'));
    expect(
      (stored.settings as { inactivityTimeoutMs?: number } | undefined)?.inactivityTimeoutMs,
    ).not.toBe(2000);
    await options.close();
  });
});
