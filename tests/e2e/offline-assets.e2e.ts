// Offline fidelity, as a person meets it: a page whose stylesheet, web font and images come from
// another server is recorded with the built extension; the extension captures those assets; the
// session is exported; the asset server is STOPPED; the bundle is opened in a fresh browser
// profile, and the replay is still styled, in its font, with its images — having made no network
// request at all. The recorded copy replays from its captured assets too, the site being gone, and
// so does the session exported as a self-contained page opened from disk.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../shared/bundle/read-bundle';
import type { AssetRefRow, SessionRow } from '../../shared/db/schema';
import { launchWithExtension, type ExtensionBrowser } from '../support/chromium';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';
import { useRecordingBrowser } from './support/recording-browser';
import { stopWorkerRepeatedly } from './support/stop-worker';
import { readStored, waitFor } from './support/stored-sessions';
import { openViewer, readReplayedPage, replayFrame } from './support/viewer-page';

const env = useRecordingBrowser();
const FILES = resolve(import.meta.dirname, '../../.tmp/bundles');
const SHOTS = '/tmp/shots-assets';
const ASSET_FILES = ['site.css', 'brand.ttf', 'paper.png', 'stamp.png', 'logo.png'];

let assetServer: FixtureServer | null = null;
let fresh: ExtensionBrowser | null = null;

afterAll(async () => {
  await fresh?.close();
  await assetServer?.close();
});

/** The asset refs stored for a session, read with the raw IndexedDB API from an extension page. */
async function assetRefsOf(page: Page, sessionId: string): Promise<AssetRefRow[]> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const request = indexedDB.open('tabreel');
      request.onsuccess = () => done(request.result);
      request.onerror = () => fail(request.error);
    });
    const rows = await new Promise<unknown[]>((done, fail) => {
      const request = db
        .transaction('assetRefs')
        .objectStore('assetRefs')
        .index('sessionId')
        .getAll(id);
      request.onsuccess = () => done(request.result);
      request.onerror = () => fail(request.error);
    });
    db.close();
    return rows as AssetRefRow[];
  }, sessionId);
}

/** What the replayed page shows of its assets, once its font and images have settled. */
async function replayedFidelity(viewer: Page) {
  await waitFor(
    async () =>
      (await readReplayedPage(viewer, (doc) => doc.querySelector('#done')?.textContent).catch(
        () => undefined,
      )) === 'Ready'
        ? true
        : undefined,
    'the replayed page',
  );
  const frame = await replayFrame(viewer);
  return frame.evaluate(async () => {
    const doc = document.querySelector<HTMLIFrameElement>(
      '.replayer-wrapper iframe',
    )!.contentDocument!;
    const view = doc.defaultView!;
    const settle = async <T>(read: () => T | Promise<T>, ok: (value: T) => boolean) => {
      let value = await read();
      for (let i = 0; i < 100 && !ok(value); i++) {
        await new Promise((r) => setTimeout(r, 50));
        value = await read();
      }
      return value;
    };
    const title = doc.querySelector('#title')!;
    const logo = doc.querySelector<HTMLImageElement>('#logo')!;
    await settle(
      () => logo.complete && logo.naturalWidth,
      (w) => Number(w) > 0,
    );
    // Using the font is what loads it.
    await doc.fonts.ready;
    const fontStatus = await settle(
      () => [...doc.fonts].find((face) => face.family.replace(/"/g, '') === 'Brand Icons')?.status,
      (status) => status === 'loaded' || status === 'error',
    );
    const backgroundOf = (element: Element) => view.getComputedStyle(element).backgroundImage;
    /** Whether a CSS background image's URL loads as an image here. */
    const loads = async (css: string) => {
      const url = /url\("?(.*?)"?\)/.exec(css)?.[1];
      if (!url) return false;
      const image = new view.Image();
      image.src = url;
      return image.decode().then(
        () => image.naturalWidth > 0,
        () => false,
      );
    };
    const stampBackground = backgroundOf(doc.querySelector('#stamp')!);
    const bodyBackground = backgroundOf(doc.body);
    return {
      titleColor: view.getComputedStyle(title).color,
      titleSize: view.getComputedStyle(title).fontSize,
      logo: { src: logo.src.slice(0, 5), naturalWidth: logo.naturalWidth },
      fontStatus,
      fontChecks: doc.fonts.check('48px "Brand Icons"'),
      stamp: {
        scheme: /url\("?(\w+):/.exec(stampBackground)?.[1],
        loads: await loads(stampBackground),
      },
      paper: {
        scheme: /url\("?(\w+):/.exec(bodyBackground)?.[1],
        loads: await loads(bodyBackground),
      },
      stylesheets: [...doc.styleSheets].map((sheet) => sheet.href?.slice(0, 5) ?? 'inline'),
    };
  });
}

const FAITHFUL = {
  titleColor: 'rgb(200, 30, 90)',
  titleSize: '40px',
  logo: { src: 'blob:', naturalWidth: 120 },
  fontStatus: 'loaded',
  fontChecks: true,
  stamp: { scheme: 'blob', loads: true },
  paper: { scheme: 'blob', loads: true },
};

describe('offline fidelity', () => {
  it('replays a bundle styled, in its font, with its images, after the asset server is gone, with no request', async () => {
    mkdirSync(FILES, { recursive: true });
    mkdirSync(SHOTS, { recursive: true });
    assetServer = await startFixtureServer('localhost');
    const pageUrl = env.server.url(`offline-assets.html?assets=${assetServer.origin}`);

    // Record the page as a person visits it.
    const page = await env.browser.context.newPage();
    await page.goto(pageUrl);
    await page.locator('#logo').evaluate((img: HTMLImageElement) => img.decode());
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(SHOTS, 'offline-original.png') });
    await page.close();

    // The service worker captures what the replay needs, in the background.
    const extension = await env.browser.extensionPage();
    const session = await waitFor(async () => {
      const data = await readStored(extension);
      return data.sessions.find(
        (s) => s.firstUrl.includes('offline-assets.html') && s.endedAt !== null,
      );
    }, 'the recorded session to end');
    const refs = await waitFor(
      async () => {
        const rows = await assetRefsOf(extension, session.id);
        const stored = rows
          .filter((row) => row.status === 'stored')
          .map((row) => row.url.split('/').pop());
        return ASSET_FILES.every((file) => stored.includes(file)) ? rows : undefined;
      },
      'the stylesheet, font and images to be captured',
      30_000,
    );
    expect(refs.filter((row) => row.status !== 'stored')).toEqual([]);
    // Captured by the extension, not the page: each asset asked for once by the page, once by capture.
    for (const file of ASSET_FILES)
      expect(
        assetServer.requested.filter((path) => path === `/offline/${file}`).length,
      ).toBeGreaterThanOrEqual(1);

    // The options page counts them in the storage meter.
    const options = await env.browser.context.newPage();
    await options.goto(
      `chrome-extension://${env.browser.extensionId}/extension/options/options.html`,
    );
    const assetBytes = options.getByTestId('asset-bytes');
    await assetBytes.waitFor();
    expect(await assetBytes.textContent()).toMatch(/^\d+(\.\d+)? (KB|MB)$/);
    await assetBytes.scrollIntoViewIfNeeded();
    await options.screenshot({ path: join(SHOTS, 'offline-options-meter.png') });
    await options.close();

    // Export it from its page in the viewer, as a person would.
    const viewer = await openViewer(env.browser, `#/session/${session.id}`);
    await viewer.getByText('Export', { exact: true }).click();
    const [download] = await Promise.all([
      viewer.waitForEvent('download'),
      viewer.getByRole('menuitem', { name: /Tabreel bundle/ }).click(),
    ]);
    const file = join(FILES, `${Date.now()}-offline.tabreel`);
    await download.saveAs(file);
    const bundle = await readBundle(new Uint8Array(readFileSync(file)));
    expect(bundle.assets.size).toBe(ASSET_FILES.length);
    expect(bundle.sessions[0]!.assetRefs.map((ref) => ref.url.split('/').pop()).sort()).toEqual(
      [...ASSET_FILES].sort(),
    );

    // The site goes away.
    await assetServer.close();
    const origin = assetServer.origin;
    assetServer = null;
    await expect(fetch(`${origin}/offline/site.css`)).rejects.toThrow();

    // The recorded copy replays from its captured assets (it is not imported: live mode).
    await viewer.reload();
    expect(await replayedFidelity(viewer)).toMatchObject(FAITHFUL);
    await expect(viewer.getByTestId('asset-count').textContent()).resolves.toBe(
      '5 captured assets',
    );
    await viewer.screenshot({ path: join(SHOTS, 'offline-recorded-replay.png') });
    await viewer.close();

    // Another machine: a fresh profile opens the file. Every request it makes is watched.
    fresh = await launchWithExtension();
    const requests: string[] = [];
    fresh.context.on('request', (request) => requests.push(request.url()));
    const list = await openViewer(fresh);
    const [chooser] = await Promise.all([
      list.waitForEvent('filechooser'),
      list.getByRole('button', { name: 'Import', exact: true }).click(),
    ]);
    await chooser.setFiles(file);
    const imported: SessionRow = await waitFor(async () => {
      const data = await readStored(await fresh!.extensionPage());
      return data.sessions.find((s) => s.imported !== undefined);
    }, 'the bundle to be imported');
    const replay = await openViewer(fresh, `#/session/${imported.id}`);
    await expect(
      replay.getByLabel('Load missing assets from the network').isChecked(),
    ).resolves.toBe(false);
    expect(await replayedFidelity(replay)).toMatchObject(FAITHFUL);
    await replay.screenshot({ path: join(SHOTS, 'offline-imported-replay.png') });
    expect(
      requests.filter((url) => /^(https?|wss?):/.test(url)),
      'network requests made by the imported replay',
    ).toEqual([]);

    // The same session as a self-contained page, opened from disk in a browser with no extension
    // and no network: the captured assets travel inside it too.
    await replay.getByText('Export', { exact: true }).click();
    const [htmlDownload] = await Promise.all([
      replay.waitForEvent('download'),
      replay.getByRole('menuitem', { name: /Self-contained page/ }).click(),
    ]);
    const htmlPath = join(FILES, `${Date.now()}-offline.html`);
    await htmlDownload.saveAs(htmlPath);
    const reader = await launchWithExtension({ withExtension: false });
    try {
      await reader.context.setOffline(true);
      const fromDisk: string[] = [];
      await reader.context.route('http*://**', (route) => {
        fromDisk.push(route.request().url());
        return route.abort();
      });
      const opened = await reader.context.newPage();
      await opened.goto(pathToFileURL(htmlPath).href);
      expect(await replayedFidelity(opened)).toMatchObject(FAITHFUL);
      await opened.screenshot({ path: join(SHOTS, 'offline-html-export.png') });
      expect(fromDisk, 'requests made by the page opened from disk').toEqual([]);
    } finally {
      await reader.close();
    }
    await replay.close();
    await list.close();
  });

  it('captures every asset even when the service worker is stopped again and again in the middle of it', async () => {
    const server = await startFixtureServer('localhost');
    try {
      const page = await env.browser.context.newPage();
      await page.goto(env.server.url(`offline-stream.html?assets=${server.origin}`));
      const stopped = await stopWorkerRepeatedly(
        env.browser.context,
        page,
        8,
        (stop) => 30 + ((stop * 97) % 200),
      );
      const added = await page.evaluate(() => {
        (window as unknown as { stopAdding: () => void }).stopAdding();
        return (window as unknown as { added: number }).added;
      });
      expect(stopped).toBeGreaterThanOrEqual(8);

      const extension = await env.browser.extensionPage();
      const session = await waitFor(async () => {
        const data = await readStored(extension);
        return data.sessions.find((s) => s.firstUrl.includes('offline-stream.html'));
      }, 'the stream session');
      const refs = await waitFor(
        async () => {
          const rows = await assetRefsOf(extension, session.id);
          return rows.length >= added && rows.every((row) => row.status !== 'pending')
            ? rows
            : undefined;
        },
        `all ${added} images to be captured after the stops`,
        30_000,
      );
      expect(refs.filter((row) => row.status !== 'stored')).toEqual([]);
      // Every address, one content: stored once.
      expect(new Set(refs.map((row) => row.hash)).size).toBe(1);
      await page.close();
    } finally {
      await server.close();
    }
  });
});
