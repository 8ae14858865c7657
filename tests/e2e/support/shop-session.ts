import type { SessionAnalysis } from '../../../shared/analysis/analyze-session';
import type { SessionRow } from '../../../shared/db/schema';
import type { TimedEvent } from '../../../shared/events/tabreel-events';
import type { RecordingEnvironment } from './recording-browser';
import { eventsOf, waitForAnalysis } from './stored-sessions';

export interface ShopSession {
  session: SessionRow;
  analysis: SessionAnalysis;
  /** In time order, ties in stored order: what the viewer replays. */
  events: TimedEvent[];
}

/**
 * Records tests/fixtures/pages/shop.html as a person uses it: `items` items added, then a payment
 * that fails (500); the tab closes. Returns the ended session once its analysis is stored.
 */
export async function recordShopSession(
  env: RecordingEnvironment,
  { items = 3 } = {},
): Promise<ShopSession> {
  const page = await env.browser.context.newPage();
  await page.goto(env.server.url('shop.html'));
  await page.waitForTimeout(300);
  for (let i = 0; i < items; i++) {
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.waitForTimeout(300);
  }
  await page.getByRole('button', { name: 'Pay now' }).click();
  await page.getByText('Payment failed (500)').waitFor();
  await page.waitForTimeout(1000);
  await page.close();
  const { session, analysis, data } = await waitForAnalysis(
    await env.browser.extensionPage(),
    (url) => url.endsWith('shop.html'),
  );
  const events = [...eventsOf(data, session.id)].sort((a, b) => a.timestamp - b.timestamp);
  return { session, analysis, events };
}
