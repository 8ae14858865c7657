// A browser whose profile is on a small disk of its own (small-disk.ts), for the full-disk tests:
// each test, a retry included, gets a fresh disk and browser (a retry in the last attempt's
// full-then-freed profile would not test the same thing), and a failure prints what happened.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from '../../support/chromium';
import { startFixtureServer, type FixtureServer } from './fixture-server';
import type { SmallDisk } from './small-disk';
import { pageLog, summary } from './stops-page';

/** What a filled disk keeps free: under the worker's MIN_FREE_BYTES (16 MB), so it pauses, but enough that the browser itself goes on. */
export const LEFT_FREE_BYTES = 1024 * 1024;

export interface SmallDiskEnvironment {
  browser: ExtensionBrowser;
  server: FixtureServer;
  /** The recorded page, whose log a failure's message shows. */
  page?: Page;
}

export interface SmallDiskBrowser {
  env: SmallDiskEnvironment;
  /** A step for the failure's message: the worker's console, the disk, each step. */
  note(line: string): void;
  /** Registers the set-up and clean-up in the calling `describe`. */
  useInTests(): void;
}

export function smallDiskBrowser(disk: SmallDisk): SmallDiskBrowser {
  const env = {} as SmallDiskEnvironment;
  const trace: string[] = [];
  return {
    env,
    note: (line) => void trace.push(`${new Date().toISOString().slice(11, 23)} ${line}`),
    useInTests() {
      beforeEach(async () => {
        const failed = disk.mount();
        if (failed) throw new Error(`The small disk could not be mounted: ${failed}`);
        env.server = await startFixtureServer();
        env.browser = await launchWithExtension({ profileParent: disk.dir });
      });
      afterEach(async ({ task }) => {
        if (task.result?.state === 'fail') {
          const log = env.page ? await pageLog(env.page).catch(() => []) : [];
          console.error(`What happened:\n${trace.join('\n')}\npage: ${summary(log)}`);
        }
        trace.length = 0;
        env.page = undefined;
        disk.free();
        await env.browser?.close();
        await env.server?.close();
        // The mount point stays for a retry's fresh disk (removed here, a retry could not mount).
        disk.unmount();
      });
      afterAll(() => disk.remove());
    },
  };
}
