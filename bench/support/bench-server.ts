import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

export const BENCH_PAGES = resolve(import.meta.dirname, '../pages');
const RRWEB_DIST = resolve(import.meta.dirname, '../../node_modules/rrweb/dist');
/** rrweb's own builds, served as they are published. */
const VENDOR: Record<string, string> = {
  '/vendor/rrweb.umd.min.js': join(RRWEB_DIST, 'rrweb.umd.min.cjs'),
  '/vendor/rrweb.js': join(RRWEB_DIST, 'rrweb.js'),
  '/vendor/rrweb.css': join(RRWEB_DIST, 'style.css'),
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
};

/**
 * The bare-rrweb anchors: the page loads one of rrweb's own builds and starts `record()` itself.
 * `rrweb`: the UMD build (rrweb.umd.min.cjs), as a classic script. `rrweb-esm`: the ES module build
 * (rrweb.js), the one a bundler such as the extension's Vite build starts from.
 */
const ANCHOR_SCRIPTS: Record<string, string> = {
  rrweb: '<script src="/vendor/rrweb.umd.min.js"></script><script src="/bare-rrweb.js"></script>',
  'rrweb-esm':
    '<script src="/bare-rrweb.js"></script><script type="module" src="/bare-rrweb-esm.js"></script>',
};

export interface BenchServer {
  origin: string;
  url: (path: string) => string;
  /** Serves `body` at `path` from memory (a generated session's events, say) until closed. */
  serve: (path: string, body: string | Buffer) => void;
  close: () => Promise<void>;
}

/** The longest `?delay=` the server honours, in ms. */
const MAX_DELAY_MS = 5000;

/**
 * Serves bench/pages on 127.0.0.1. An HTML page asked for with `?anchor=rrweb` (or `rrweb-esm`)
 * gets an rrweb build and bench/pages/bare-rrweb.js as the first scripts of its <head>. Any
 * response asked for with `?delay=N` starts N ms late (a fixed server think time: V1's TTFB and
 * its LCP image).
 */
export async function startBenchServer(): Promise<BenchServer> {
  const generated = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, Number(url.searchParams.get('delay')) || 0));
    if (delay > 0) setTimeout(() => respond(res, url), delay);
    else respond(res, url);
  });
  const respond = (res: ServerResponse, url: URL) => {
    const path = normalize(decodeURIComponent(url.pathname));
    const held = generated.get(path);
    if (held) {
      res.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(held);
      return;
    }
    const vendor = VENDOR[path];
    const file = vendor ?? join(BENCH_PAGES, path);
    if (
      (!vendor && !file.startsWith(BENCH_PAGES)) ||
      !existsSync(file) ||
      !statSync(file).isFile()
    ) {
      res.writeHead(404).end('not found');
      return;
    }
    let body = readFileSync(file);
    const type = TYPES[extname(vendor ? path : file)];
    const anchor = ANCHOR_SCRIPTS[url.searchParams.get('anchor') ?? ''];
    if (extname(file) === '.html' && anchor) {
      body = Buffer.from(body.toString('utf8').replace('<head>', `<head>${anchor}`));
    }
    res.writeHead(200, {
      'content-type': type ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(body);
  };
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path) => `${origin}/${path.replace(/^\//, '')}`,
    serve: (path, body) => {
      generated.set(normalize(`/${path.replace(/^\//, '')}`), Buffer.from(body));
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
