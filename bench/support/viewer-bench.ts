// What P1 and P2 share: the two browsers, the generated sessions (seeded into the extension's
// database and served as JSON), and opening a session in a fresh tab until its first replay frame.
import type { Frame, Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from '../../tests/support/chromium';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import type { BenchServer } from './bench-server';
import { childPids, isChromium, treeCpuMs } from './process-cpu';
import { seedBenchSession } from './seed-bench-session';
import { syntheticSession } from './synthetic-session';

/** The mark both arms set when the first replay frame is up (viewer/state/player-store.ts). */
export const LOADED_MARK = 'tabreel:replay-loaded';
const DAY_MS = 86_400_000;
/**
 * Yesterday, 09:00 UTC: recent enough for the extension's retention sweep (90 days) to keep it.
 * The generator is deterministic from it: only the timestamps move from day to day.
 */
const startedAt = () => Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS + 9 * 3_600_000;
const OPEN_TIMEOUT_MS = 120_000;

export interface BenchSession {
  id: string;
  events: number;
  /** Where the bench server serves the same events as one JSON array. */
  jsonPath: string;
  rawBytes: number;
  storedBytes: number;
  chunks: number;
}

export const sessionIdOf = (events: number) => `bench-${events}`;

/**
 * Generates a session of each size, seeds it into the extension's database (`viewer` must have the
 * extension) and has the server serve it as JSON for the bare arm. Generated once per size.
 */
export async function prepareSessions(
  viewer: ExtensionBrowser,
  server: BenchServer,
  sizes: readonly number[],
): Promise<BenchSession[]> {
  const page = await viewer.extensionPage();
  const sessions: BenchSession[] = [];
  const start = startedAt();
  try {
    for (const size of sizes) {
      const events: TimedEvent[] = syntheticSession({ events: size, startedAt: start });
      const id = sessionIdOf(size);
      const stored = await seedBenchSession(page, id, `Bench session (${size} events)`, events);
      const jsonPath = `/sessions/${size}.json`;
      server.serve(jsonPath, JSON.stringify(events));
      sessions.push({ id, events: size, jsonPath, ...stored });
    }
  } finally {
    // The list follows the database live: left open, it would work during the measurements.
    await page.close();
  }
  return sessions;
}

/** A Chromium of one arm, and the CPU (ms) its processes have used so far, all kinds together. */
export interface ViewerArm {
  browser: ExtensionBrowser;
  cpuMs: () => number;
}

async function launchArm(withExtension: boolean): Promise<ViewerArm> {
  const before = new Set(childPids());
  const browser = await launchWithExtension({ withExtension });
  // Playwright spawns Chromium as our child; the new one is this arm's browser process.
  const pid = childPids().find((p) => !before.has(p) && isChromium(p));
  const cpuMs = () => {
    if (pid === undefined) return NaN;
    const byKind = treeCpuMs(pid);
    return Object.values(byKind).reduce((sum, ms) => sum + ms, 0);
  };
  return { browser, cpuMs };
}

/** The viewer arm (the built extension) and the bare arm (no extension): one Chromium each. */
export async function launchViewerArms(): Promise<{ viewer: ViewerArm; bare: ViewerArm }> {
  const viewer = await launchArm(true);
  try {
    return { viewer, bare: await launchArm(false) };
  } catch (error) {
    await viewer.browser.close();
    throw error;
  }
}

export interface Mark {
  name: string;
  /** ms since the viewer page's (or bare page's) navigation start. */
  at: number;
}

/** The viewer's URL for a session. */
export function viewerUrl(browser: ExtensionBrowser, sessionId: string): string {
  return `chrome-extension://${browser.extensionId}/viewer/index.html#/session/${sessionId}`;
}

/**
 * Navigates a fresh tab to `url` and waits for the first replay frame (`LOADED_MARK`). Returns the
 * page's marks, and those of its replay frame (the viewer's data: document) on the page's clock.
 */
export async function openUntilLoaded(
  page: Page,
  url: string,
): Promise<{ loadedMs: number; marks: Mark[] }> {
  await page.goto(url, { waitUntil: 'commit' });
  const marks = await page.evaluate<Mark[] | string>(
    `new Promise((resolve) => {
      const done = () => resolve(performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: m.startTime })));
      const failed = () => resolve(String(window.__benchError ?? document.body?.innerText ?? 'failed'));
      const check = () => {
        if (performance.getEntriesByName(${JSON.stringify(LOADED_MARK)}).length) done();
        else if (performance.getEntriesByName('tabreel:replay-failed').length) failed();
        else if (document.querySelector('.replay-state.error, .problem')) failed();
        else setTimeout(check, 25);
      };
      check();
      setTimeout(failed, ${OPEN_TIMEOUT_MS});
    })`,
  );
  if (typeof marks === 'string')
    throw new Error(`The session did not open: ${marks.slice(0, 300)}`);
  await addFrameMarks(page, marks);
  const loaded = marks.find((m) => m.name === LOADED_MARK)!;
  return { loadedMs: loaded.at, marks };
}

/**
 * After the first frame: waits until the page has set every mark of `names` (e.g. the panels are
 * up and the rest of the events has streamed into the frame); returns the page's and its frame's marks.
 */
export async function marksOnceSet(page: Page, names: readonly string[]): Promise<Mark[]> {
  const marks = await page.evaluate<Mark[]>(
    `new Promise((resolve) => {
      const check = () => {
        if (${JSON.stringify(names)}.every((name) => performance.getEntriesByName(name).length))
          resolve(performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: m.startTime })));
        else setTimeout(check, 25);
      };
      check();
    })`,
  );
  await addFrameMarks(page, marks);
  return marks;
}

/** Adds the replay frame's marks, moved onto the page's clock, in time order. */
async function addFrameMarks(page: Page, marks: Mark[]): Promise<void> {
  const frame = replayFrameOf(page);
  if (frame) {
    const origins = await Promise.all([
      page.evaluate<number>('performance.timeOrigin'),
      frame.evaluate<{ origin: number; marks: Mark[] }>(
        `({ origin: performance.timeOrigin, marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: m.startTime })) })`,
      ),
    ]);
    const [pageOrigin, frameMarks] = origins;
    const shift = frameMarks.origin - pageOrigin;
    for (const mark of frameMarks.marks) marks.push({ name: mark.name, at: mark.at + shift });
    marks.sort((a, b) => a.at - b.at);
  }
}

/** The viewer's isolated replay frame (the data: document hosting rrweb's Replayer), if any. */
export function replayFrameOf(page: Page): Frame | undefined {
  return page.frames().find((f) => f.url().startsWith('data:'));
}

/** The time from one mark to the next, by name; NaN when either is missing. */
export function between(marks: readonly Mark[], from: string, to: string): number {
  const a = marks.find((m) => m.name === from);
  const b = marks.find((m) => m.name === to);
  return a && b ? b.at - a.at : NaN;
}
