// What tests/fixtures/pages/stops.html logged, and clicking in it until recording stops.
import type { Page } from 'playwright-core';
import type { TimedEvent } from '../../../shared/events/tabreel-events';
import { readPageBatch } from '../../../shared/messages/relay-to-page';
import { waitForCommands } from './recording-stops';
import { waitFor } from './stored-sessions';

/** What the page logged, in its own order. */
export type PageLogEntry =
  | { kind: 'item'; item: number }
  | { kind: 'hand-over'; text: string }
  | { kind: 'start' | 'stop' | 'session' | 'config' | 'new-session' | 'marker' };

export function pageLog(page: Page): Promise<PageLogEntry[]> {
  return page.evaluate(() => (window as unknown as { log: PageLogEntry[] }).log);
}

/** What the page had done when recording stopped: the items it added, the events handed over. */
export function beforeTheStop(log: readonly PageLogEntry[]): {
  items: number[];
  events: TimedEvent[];
} {
  const stop = log.findIndex((entry) => entry.kind === 'stop');
  if (stop < 0) throw new Error('The page was never told to stop.');
  const items: number[] = [];
  const events: TimedEvent[] = [];
  for (const entry of log.slice(0, stop)) {
    if (entry.kind === 'item') items.push(entry.item);
    if (entry.kind !== 'hand-over') continue;
    const batch = readPageBatch(entry.text);
    if (batch) events.push(...(JSON.parse(batch.arrayText) as TimedEvent[]));
  }
  return { items, events };
}

/** The page's log in short, for a failure's message. */
export function summary(log: readonly PageLogEntry[]): string {
  return log
    .map((entry) => {
      if (entry.kind === 'item') return `item ${entry.item}`;
      if (entry.kind !== 'hand-over') return entry.kind;
      const items = [...new Set(entry.text.match(/Item \d+/g) ?? [])];
      return `hand-over ${entry.text.split('\n')[0]} events${items.length ? ` (${items.join(', ')})` : ''}`;
    })
    .join('; ');
}

export function itemCount(page: Page): Promise<number> {
  return page.locator('#items li').count();
}

/** An item's text as it stands in a stored DOM change (`"Item 1"`, not a prefix of `"Item 12"`). */
export const quoted = (item: number) => JSON.stringify(`Item ${item}`);

/** Clicks Add item and waits until the batch holding it is acked (stored). */
export async function addStoredItem(page: Page): Promise<number> {
  const item = (await itemCount(page)) + 1;
  const acks = () => page.evaluate(() => (window as unknown as { acks?: number }).acks ?? 0);
  const before = await acks();
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.locator(`#item-${item}`).waitFor();
  await waitFor(async () => ((await acks()) > before ? true : undefined), `Item ${item} stored`);
  return item;
}

/**
 * With the disk filled (`fill`), clicks Add item until the page is told to stop, which comes once
 * a batch was refused. Returns the last item clicked and when the stop reached the page. Which
 * batch was refused is not known here: it may be a click's, or the page's own passive events sent
 * between two clicks, and its refusal may stop the page before the click that was waiting for its
 * ack is recorded (CI once took that click for the refused one: it was never recorded, so never
 * stored). The page's log says what came before the stop. No read of the database while the disk
 * is full. `state` describes the disk and status for a failure's message.
 */
export async function clickIntoFullDisk(
  page: Page,
  fill: () => void,
  state: () => Promise<string>,
  note: (line: string) => void,
): Promise<{ lastClicked: number; stoppedAt: number }> {
  fill();
  note(`filled: ${await state()}`);
  const progress = () =>
    page.evaluate(() => {
      const w = window as unknown as { acks?: number; commands: { kind: string }[] };
      return { acks: w.acks ?? 0, stopped: w.commands.some((c) => c.kind === 'stop') };
    });
  for (let item = (await itemCount(page)) + 1; item < 5000; item++) {
    const before = await progress();
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator(`#item-${item}`).waitFor();
    // An ack (a batch stored), or the page told to stop: one or the other comes.
    const stopped = await waitFor(
      async () => {
        const now = await progress();
        if (now.stopped) return true;
        return now.acks > before.acks ? false : undefined;
      },
      `Item ${item} stored or recording stopped`,
      30_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message} (${await state()})`);
    });
    if (stopped) {
      note(`stopped after clicking item ${item}: ${await state()}`);
      return { lastClicked: item, stoppedAt: (await waitForCommands(page, 'stop', 1)).at };
    }
  }
  throw new Error(`The disk never filled (${await state()}).`);
}
