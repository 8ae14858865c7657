import { deflateRawSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type { SessionRow } from '../../shared/db/schema';
import { EventType } from '@rrweb/types';
import { readStored, waitFor } from '../../tests/e2e/support/stored-sessions';
import type { Arm } from './arms';
import type { BenchServer } from './bench-server';
import { waitForDeflatedChunks } from './stored-sessions';

export interface SteadyStorage {
  recordedMs: number;
  events: number;
  eventsByType: Record<string, number>;
  /** Raw JSON bytes by kind of event: where the bytes go. */
  rawBytesByType: Record<string, number>;
  chunks: number;
  rawBytes: number;
  /** Compressed bytes of the session's chunks, as read from IndexedDB. */
  storedBytes: number;
  /** The session row's own count of them (should be the same). */
  sessionRowStoredBytes: number;
  /** The full snapshot alone (deflated here, level 6): a one-off cost per page load. */
  fullSnapshot: { rawBytes: number; deflatedBytes: number };
  /** CPU of the extension's process (its service worker) while recording, delivery included. */
  extensionCpuMs: number;
  /** What deflate (level 6) makes of the whole session's events as one stream: the chunking cost. */
  oneStreamBytes: number;
}

const EVENT_TYPE_NAMES: Record<number, string> = {
  [EventType.DomContentLoaded]: 'DomContentLoaded',
  [EventType.Load]: 'Load',
  [EventType.FullSnapshot]: 'FullSnapshot',
  [EventType.IncrementalSnapshot]: 'Incremental',
  [EventType.Meta]: 'Meta',
  [EventType.Custom]: 'Custom',
  [EventType.Plugin]: 'Plugin',
};
const INCREMENTAL_SOURCES = [
  'Mutation',
  'MouseMove',
  'MouseInteraction',
  'Scroll',
  'ViewportResize',
  'Input',
  'TouchMove',
  'MediaInteraction',
  'StyleSheetRule',
  'CanvasMutation',
  'Font',
  'Log',
  'Drag',
  'StyleDeclaration',
  'Selection',
  'AdoptedStyleSheet',
  'CustomElement',
];

const PAGE = 'steady.html';

/**
 * Records bench/pages/steady.html (a dashboard that changes at a steady rate) in the extension arm
 * for `seconds`, with scripted mouse moves, clicks, typing and scrolls, then reads what was stored.
 */
export async function measureSteadyStorage(
  arm: Arm,
  server: BenchServer,
  seconds: number,
): Promise<SteadyStorage> {
  const cpuBefore = arm.cpuMs().extension;
  const page = await arm.browser.context.newPage();
  try {
    await page.goto(arm.pageUrl(server.url(PAGE)));
    // The page never stops changing: do not wait for a silence in deliveries.
    await page.evaluate('window.__bench.ready({ silenceMs: 0 })');
    await interact(page, seconds * 1000);
    await page.evaluate('window.__dashboard.stop()');
    await page.evaluate('window.__bench.settle({ expectDelivery: true, silenceMs: 1200 })');
  } finally {
    await page.close(); // the tab closes: its session ends
  }
  // The closed tab ends its session (its last chunks merged). Read the CPU before an extension
  // page opens: extension pages may share the service worker's process.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const extensionCpuMs = arm.cpuMs().extension - cpuBefore;
  const viewer = await arm.browser.extensionPage();
  await waitFor(async () => {
    const { sessions } = await readStored(viewer);
    return sessions.find((s) => s.firstUrl.includes(PAGE) && s.endedAt !== null);
  }, `the ${PAGE} session to end`);
  // Stored sizes once the worker's background deflate has been through the raw chunks.
  await waitForDeflatedChunks(viewer);
  const stored = await readStored(viewer);
  const session = stored.sessions
    .filter((s) => s.firstUrl.includes(PAGE))
    .sort((a, b) => b.startedAt - a.startedAt)[0];
  if (!session) throw new Error(`No stored session for ${PAGE}.`);
  const chunks = stored.chunks
    .filter((c) => c.sessionId === session.id)
    .sort((a, b) => a.firstTs - b.firstTs || a.fromSeq - b.fromSeq);
  const sizes = await storedChunkSizes(viewer);
  // The viewer follows the database live: left open, it would work during later measurements.
  await viewer.close();
  const events = chunks.flatMap((c) => c.events);
  const snapshot = events.find((e) => e.type === EventType.FullSnapshot);
  if (!snapshot) throw new Error(`No full snapshot stored for ${PAGE}.`);
  const snapshotJson = JSON.stringify(snapshot);
  const eventsByType: Record<string, number> = {};
  const rawBytesByType: Record<string, number> = {};
  for (const event of events) {
    const name =
      event.type === EventType.IncrementalSnapshot
        ? (INCREMENTAL_SOURCES[(event.data as { source: number }).source] ?? 'Incremental')
        : (EVENT_TYPE_NAMES[event.type] ?? String(event.type));
    eventsByType[name] = (eventsByType[name] ?? 0) + 1;
    rawBytesByType[name] = (rawBytesByType[name] ?? 0) + JSON.stringify(event).length + 1;
  }
  return {
    recordedMs: session.lastEventAt - session.startedAt,
    events: session.eventCount,
    eventsByType,
    rawBytesByType,
    extensionCpuMs,
    chunks: chunks.length,
    rawBytes: session.rawBytes,
    storedBytes: chunks.reduce((sum, c) => sum + (sizes.get(c.id) ?? NaN), 0),
    sessionRowStoredBytes: session.storedBytes,
    fullSnapshot: {
      rawBytes: Buffer.byteLength(snapshotJson),
      deflatedBytes: deflateRawSync(snapshotJson, { level: 6 }).byteLength,
    },
    oneStreamBytes: deflateRawSync(JSON.stringify(events), { level: 6 }).byteLength,
  };
}

async function interact(page: Page, durationMs: number): Promise<void> {
  const end = Date.now() + durationMs;
  for (let step = 0; Date.now() < end; step += 1) {
    const x = 100 + ((step * 137) % 800);
    const y = 120 + ((step * 89) % 500);
    await page.mouse.move(x, y, { steps: 12 });
    if (step % 3 === 1) await page.click('#toggle');
    if (step % 4 === 2) await page.mouse.wheel(0, step % 8 === 2 ? 600 : -600);
    if (step % 10 === 5) await page.locator('#search').pressSequentially('bill', { delay: 120 });
    if (step % 10 === 8) await page.locator('#search').fill('');
    await page.waitForTimeout(Math.max(0, Math.min(900, end - Date.now())));
  }
}

/** Compressed size of every stored chunk, read straight from the extension's IndexedDB. */
async function storedChunkSizes(viewer: Page): Promise<Map<string, number>> {
  const rows = await viewer.evaluate<Array<{ id: string; bytes: number }>>(`(async () => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('tabreel');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const rows = await new Promise((resolve, reject) => {
      const request = db.transaction('chunks').objectStore('chunks').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return rows.map((row) => ({
      id: row.id,
      bytes: typeof row.data === 'string' ? new TextEncoder().encode(row.data).byteLength : row.data.byteLength,
    }));
  })()`);
  return new Map(rows.map((r) => [r.id, r.bytes]));
}

/** What the extension stored for one bench page's sessions: session rows only, no chunk is read. */
export async function storedTotals(arm: Arm, page: string) {
  const viewer = await arm.browser.extensionPage();
  const sessions = await viewer.evaluate<SessionRow[]>(`(async () => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('tabreel');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const rows = await new Promise((resolve, reject) => {
      const request = db.transaction('sessions').objectStore('sessions').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return rows;
  })()`);
  const mine = sessions.filter((s) => s.firstUrl.includes(page));
  return {
    sessions: mine.length,
    events: mine.reduce((sum, s) => sum + s.eventCount, 0),
    rawBytes: mine.reduce((sum, s) => sum + s.rawBytes, 0),
    storedBytes: mine.reduce((sum, s) => sum + s.storedBytes, 0),
  };
}
