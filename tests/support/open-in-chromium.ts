// `npm start`: after the build, opens Chromium with the extension loaded and the viewer in a tab,
// and the standalone viewer (the page that opens .tabreel files without the extension) in another.
// Uses a persistent profile in .tmp/profile so recordings survive between runs. Where no browser can
// open (no display, no Chromium), prints how to load the extension by hand instead.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_FLAGS, EXTENSION_DIR, findChromium } from './chromium';

const PROFILE_DIR = resolve(import.meta.dirname, '../../.tmp/profile');
const STANDALONE_VIEWER = resolve(import.meta.dirname, '../../dist/standalone/tabreel-viewer.html');

function printManualSteps(reason: string): void {
  console.log(`
Tabreel is built: ${EXTENSION_DIR}
${reason}

Load it by hand in Chrome or Chromium:
  1. Open chrome://extensions
  2. Turn on "Developer mode" (top right)
  3. Click "Load unpacked" and choose ${EXTENSION_DIR}
  4. Browse any http(s) site, then click the Tabreel toolbar button (puzzle-piece menu) to open
     the viewer with the recorded sessions. Settings: the extension's Details → Extension options.

Standalone viewer (opens .tabreel files without the extension; copy it anywhere):
  ${STANDALONE_VIEWER}
  Open it from disk and drop a bundle on it, or serve it next to bundles and open
  tabreel-viewer.html?bundle=name.tabreel
`);
}

const executable = findChromium();
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (!executable) {
  printManualSteps('No Chromium found (set CHROMIUM_PATH, or apt-get install -y chromium).');
} else if (!hasDisplay) {
  printManualSteps('No display here (DISPLAY is not set), so no browser window can open.');
} else {
  mkdirSync(PROFILE_DIR, { recursive: true });
  const context = await chromium.launchPersistentContext(PROFILE_DIR, {
    executablePath: executable,
    headless: false,
    viewport: null,
    args: [
      ...CHROMIUM_FLAGS,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`chrome-extension://${extensionId}/viewer/index.html`);
  const standalone = await context.newPage();
  await standalone.goto(pathToFileURL(STANDALONE_VIEWER).href);
  await page.bringToFront();
  console.log(
    `Chromium is open with Tabreel (${extensionId}). Profile: ${PROFILE_DIR}. Close the window to quit.
The second tab is the standalone viewer (${STANDALONE_VIEWER}): drop a .tabreel file on it.`,
  );
  await new Promise<void>((done) => context.on('close', () => done()));
  if (!existsSync(PROFILE_DIR)) console.log('Profile removed.');
}
