import { afterAll, beforeAll } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from '../../support/chromium';
import { startFixtureServer, type FixtureServer } from './fixture-server';

export interface RecordingEnvironment {
  browser: ExtensionBrowser;
  server: FixtureServer;
}

/**
 * One Chromium with the built extension and one fixture server for a test file, started before
 * its tests and closed after them. Read the fields inside tests, not at import time.
 */
export function useRecordingBrowser(): RecordingEnvironment {
  const env = {} as RecordingEnvironment;
  beforeAll(async () => {
    env.server = await startFixtureServer();
    env.browser = await launchWithExtension();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
