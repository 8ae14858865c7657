import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

/** The built extension; `TABREEL_EXTENSION_DIR` points a bench at another build (before/after). */
export const EXTENSION_DIR = resolve(
  process.env.TABREEL_EXTENSION_DIR ?? resolve(import.meta.dirname, '../../dist/extension'),
);

/** Flags measured to work on this network (no background traffic, no QUIC). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => Boolean(p && existsSync(p))) ?? null;
}

export function chromiumPath(): string {
  const found = findChromium();
  if (found) return found;
  throw new Error(
    'Chromium not found: install it (apt-get install -y chromium) or set CHROMIUM_PATH.',
  );
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The profile folder (the user data dir). */
  profileDir: string;
  worker: () => Promise<Worker>;
  /** An extension page to read IndexedDB from (works while the service worker is stopped). */
  extensionPage: () => Promise<Page>;
  close: () => Promise<void>;
}

export async function launchWithExtension(
  options: {
    withExtension?: boolean;
    /** Another build than EXTENSION_DIR (a bench comparing two builds side by side). */
    extensionDir?: string;
    /** Where the profile folder is made (a small disk, for a full-disk test); the temp dir else. */
    profileParent?: string;
    /** A profile to start again (a browser restart): kept on close, its owner removes it. */
    profileDir?: string;
  } = {},
): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}: run npm run build first.`);
  }
  const userDataDir =
    options.profileDir ?? mkdtempSync(join(options.profileParent ?? tmpdir(), 'tabreel-e2e-'));
  const withExtension = options.withExtension ?? true;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1100, height: 800 },
    args: [
      ...CHROMIUM_FLAGS,
      ...(withExtension
        ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]
        : []),
    ],
  });
  const worker = async () =>
    context.serviceWorkers().at(-1) ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = withExtension ? new URL((await worker()).url()).host : '';
  let page: Page | null = null;
  return {
    context,
    extensionId,
    profileDir: userDataDir,
    worker,
    extensionPage: async () => {
      if (page && !page.isClosed()) return page;
      page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/viewer/index.html`);
      return page;
    },
    close: async () => {
      await context.close();
      if (!options.profileDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
