import type { Page } from 'playwright-core';

/** bench/pages/grid.html: 10,000 orders in a virtualized grid. */
export const GRID_PAGE = 'grid.html';

const center = (page: Page, expression: string) =>
  page.evaluate<{ x: number; y: number }>(expression);

/**
 * One pass of the grid flow, as a person does it with the mouse and keyboard: sort by customer
 * (twice: both directions), then by amount; filter by typing; scroll down through the rows; clear
 * the filter; scroll back up. Each step waits for the page's next painted frame.
 */
export async function runGridFlow(page: Page, { typingDelayMs = 60 } = {}): Promise<void> {
  const painted = () => page.evaluate('window.__grid.painted()');
  for (const key of ['customer', 'customer', 'amount']) {
    const at = await center(page, `window.__grid.headerCenter(${JSON.stringify(key)})`);
    await page.mouse.click(at.x, at.y);
    await painted();
  }
  await page.getByRole('searchbox', { name: 'Filter orders' }).click();
  await page.keyboard.type('ber', { delay: typingDelayMs });
  await painted();
  const middle = await center(page, 'window.__grid.viewportCenter()');
  await page.mouse.move(middle.x, middle.y);
  for (let i = 0; i < 15; i += 1) {
    await page.mouse.wheel(0, 640);
    await painted();
  }
  await page.getByRole('searchbox', { name: 'Filter orders' }).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await painted();
  await page.mouse.move(middle.x, middle.y);
  for (let i = 0; i < 15; i += 1) {
    await page.mouse.wheel(0, 1280);
    await painted();
  }
  await page.mouse.wheel(0, -1_000_000);
  await painted();
}
