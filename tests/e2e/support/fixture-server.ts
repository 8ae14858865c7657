import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

export const FIXTURE_PAGES = resolve(import.meta.dirname, '../../fixtures/pages');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

export interface FixtureServer {
  origin: string;
  url: (path: string) => string;
  /** Every path requested so far, in order: for "nothing was fetched" checks. */
  requested: string[];
  close: () => Promise<void>;
}

/** `/api/status/500` answers 500 (any 100–599 code): an API call that fails on the server. */
const STATUS_ROUTE = /^\/api\/status\/([1-5]\d\d)$/;

/**
 * Serves tests/fixtures/pages on 127.0.0.1 at a free port, and the routes above. `host` lets two
 * servers differ in origin. `mounts` serves more folders under a path prefix (`/standalone/` →
 * dist/standalone).
 */
export async function startFixtureServer(
  host = '127.0.0.1',
  mounts: Record<string, string> = {},
): Promise<FixtureServer> {
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    requested.push(pathname);
    const status = STATUS_ROUTE.exec(pathname)?.[1];
    if (status) {
      req.resume(); // drain a POST body
      res
        .writeHead(Number(status), {
          'content-type': 'application/json',
          'cache-control': 'no-store',
        })
        .end(JSON.stringify({ status: Number(status) }));
      return;
    }
    const mount = Object.keys(mounts).find((prefix) => pathname.startsWith(prefix));
    const root = mount ? resolve(mounts[mount]!) : FIXTURE_PAGES;
    const path = normalize(decodeURIComponent(mount ? pathname.slice(mount.length - 1) : pathname));
    const file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'cache-control': 'no-store',
      // Browsers load a web font from another origin only with CORS, as real font CDNs send it.
      ...(type.startsWith('font/') ? { 'access-control-allow-origin': '*' } : {}),
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, host, done));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  return {
    origin,
    url: (path) => `${origin}/${path.replace(/^\//, '')}`,
    requested,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        // Chromium keeps connections alive; close() alone would wait for them forever.
        server.closeAllConnections();
      }),
  };
}

/** An origin on 127.0.0.1 where nothing listens (a port just bound and released): connecting is refused. */
export async function refusedOrigin(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((done) => probe.close(() => done()));
  return `http://127.0.0.1:${port}`;
}
