// Trim and redact before sharing, as a person does it: on a recorded checkout, Export → "Trim and
// redact…", start the range a second in, mask the basket's items and the words "Payment failed",
// leave out the network, watch the preview say so, and export. The file holds only that (checked
// with the bundle reader); the session stored here is still whole; and the copy, imported, still
// replays (it starts from the page as it was 1.5 s in) to the failed payment, masked.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../shared/bundle/read-bundle';
import type { SessionRow } from '../../shared/db/schema';
import { customTag } from '../../shared/events/tabreel-events';
import { SIGNAL_TAG } from '../../shared/signals/signal-events';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitForAnalysis } from './support/stored-sessions';
import { openViewer, playUntilText, readReplayedPage } from './support/viewer-page';

const env = useRecordingBrowser();
const FILES = resolve(import.meta.dirname, '../../.tmp/shared-copies');
const SHOTS = '/tmp/shots-standalone';
let session: SessionRow;
let shared: { path: string; name: string };

beforeAll(async () => {
  mkdirSync(FILES, { recursive: true });
  mkdirSync(SHOTS, { recursive: true });
  const page = await env.browser.context.newPage();
  await page.goto(env.server.url('shop.html'));
  await page.waitForTimeout(300);
  for (let i = 0; i < 3; i++) {
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.waitForTimeout(300);
  }
  await page.waitForTimeout(700);
  await page.getByRole('button', { name: 'Pay now' }).click();
  await page.getByText('Payment failed (500)').waitFor();
  await page.waitForTimeout(1000);
  await page.close();
  ({ session } = await waitForAnalysis(await env.browser.extensionPage(), (url) =>
    url.endsWith('shop.html'),
  ));
}, 90_000);

describe('trim and redact before sharing', () => {
  it('previews and exports a copy with only the chosen range and nothing masked or left out', async () => {
    const viewer = await openViewer(env.browser, `#/session/${session.id}`);
    await viewer.getByRole('tab', { name: /Network/ }).waitFor();
    await viewer.getByText('Export', { exact: true }).click();
    await viewer.getByRole('menuitem', { name: /Trim and redact/ }).click();
    const dialog = viewer.getByRole('dialog', { name: 'Trim and redact before sharing' });
    const preview = dialog.getByTestId('share-preview');
    await expect.poll(async () => (await preview.textContent()) ?? '').toContain('Not paid');
    const untouched = (await preview.textContent()) ?? '';
    expect(untouched).toContain(`${session.eventCount} of ${session.eventCount} events`);

    await dialog.getByLabel('From (seconds)').fill('1.5');
    await dialog.getByLabel('Mask elements').fill('#items');
    await dialog.getByLabel('Mask text').fill('Payment failed\nNot paid');
    await dialog.getByLabel('Leave out network requests').check();
    // A selector it cannot apply is refused in words, and nothing can be exported meanwhile.
    await dialog.getByLabel('Mask elements').fill('#items > li');
    await dialog.getByRole('alert').filter({ hasText: 'is not a selector' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Export .tabreel' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Mask elements').fill('#items');

    await expect
      .poll(async () => (await preview.textContent()) ?? '')
      .toMatch(/Left out: 0 console, [1-9]\d* network/);
    const text = (await preview.textContent()) ?? '';
    expect(text).not.toContain('Not paid'); // masked in the page text shown
    expect(text).toContain('*** ****');
    expect(text).not.toMatch(/Item \d/); // the basket's items are in #items
    const kept = Number(/([\d,]+) of [\d,]+ events/.exec(text)![1]!.replace(/,/g, ''));
    expect(kept).toBeLessThan(session.eventCount);
    await viewer.screenshot({ path: join(SHOTS, 'share-dialog.png') });

    const [download] = await Promise.all([
      viewer.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Export .tabreel' }).click(),
    ]);
    shared = {
      name: download.suggestedFilename(),
      path: join(FILES, `${Date.now()}-shared.tabreel`),
    };
    await download.saveAs(shared.path);
    await viewer.close();

    const bundle = await readBundle(new Uint8Array(readFileSync(shared.path)));
    const [copy] = bundle.sessions;
    expect(copy!.events).toHaveLength(kept);
    expect(copy!.meta.startedAt).toBe(session.startedAt + 1500);
    expect(copy!.events.every((e) => e.timestamp >= session.startedAt + 1500)).toBe(true);
    expect(copy!.events.some((e) => e.type === 2)).toBe(true);
    expect(copy!.events.some((e) => customTag(e) === SIGNAL_TAG.request)).toBe(false);
    const json = JSON.stringify(copy!.events);
    expect(json).not.toMatch(/Payment failed|Not paid|Item \d/);

    // The session stored here is complete: the words, the items and the requests are all there.
    const stored = await readStored(await env.browser.extensionPage());
    const events = eventsOf(stored, session.id);
    expect(events).toHaveLength(session.eventCount);
    expect(JSON.stringify(events)).toMatch(/Payment failed/);
    expect(events.some((e) => customTag(e) === SIGNAL_TAG.request)).toBe(true);
  });

  it('imports the copy as a session that replays from its start to the masked failure', async () => {
    const viewer = await openViewer(env.browser);
    const [chooser] = await Promise.all([
      viewer.waitForEvent('filechooser'),
      viewer.getByRole('button', { name: 'Import', exact: true }).click(),
    ]);
    await chooser.setFiles({
      name: 'shared.tabreel',
      mimeType: '',
      buffer: readFileSync(shared.path),
    });
    await viewer.getByTestId('import-outcome').filter({ hasText: 'shared.tabreel' }).waitFor();
    await viewer
      .getByRole('row')
      .filter({ hasText: 'Imported · shared.tabreel' })
      .getByRole('link', { name: 'Shop basket' })
      .first()
      .click();
    await viewer.getByRole('heading', { name: 'Shop basket' }).waitFor();
    await playUntilText(viewer, '#status', '******* ****** (500)', 30_000);
    const basket = await readReplayedPage(viewer, (doc) => ({
      count: doc.querySelector('#count')?.textContent,
      items: [...doc.querySelectorAll('#items li')].map((li) => li.textContent),
    }));
    expect(basket).toEqual({ count: '3 items', items: ['**** *', '**** *', '**** *'] });
    await viewer.screenshot({ path: join(SHOTS, 'share-replay.png') });
    await viewer.close();
  });

  it('exports the same redacted copy as a self-contained page', async () => {
    const viewer = await openViewer(env.browser, `#/session/${session.id}`);
    await viewer.getByRole('tab', { name: /Network/ }).waitFor();
    await viewer.getByText('Export', { exact: true }).click();
    await viewer.getByRole('menuitem', { name: /Trim and redact/ }).click();
    const dialog = viewer.getByRole('dialog', { name: 'Trim and redact before sharing' });
    await dialog.getByLabel('Mask text').fill('Payment failed\nShop basket');
    await dialog.getByLabel('Leave out console messages and errors').check();
    await dialog.getByTestId('share-preview').waitFor();
    const [download] = await Promise.all([
      viewer.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Export .html page' }).click(),
    ]);
    const path = join(FILES, `${Date.now()}-shared.html`);
    await download.saveAs(path);
    await viewer.close();
    const html = readFileSync(path, 'utf8');
    // Its title is the session's, masked too; the bundle inside holds the masked copy, whole.
    expect(html).toContain('<title>**** ****** · Tabreel</title>');
    const base64 = /id="tabreel-bundle"[^>]*>([^<]*)<\/script>/.exec(html)![1]!;
    const bundle = await readBundle(new Uint8Array(Buffer.from(base64, 'base64')));
    const [copy] = bundle.sessions;
    expect(copy!.meta.title).toBe('**** ******');
    expect(copy!.events).toHaveLength(copy!.meta.eventCount);
    expect(JSON.stringify(copy!.events)).not.toMatch(/Payment failed|Shop basket/);
  });
});
