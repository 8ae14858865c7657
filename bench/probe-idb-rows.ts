// Does a batch stored as several rows below IndexedDB's value-wrapping size commit faster than one
// row? Chromium wraps a serialized value of 64 KiB or more (`kIDBWrapThreshold`, after an attempt
// to compress it) into a Blob that the commit writes as a file of its own. After a build:
//   npx tsx bench/probe-idb-rows.ts [repetitions, default 24] [--burst]
// Runs in the extension's real service worker (a throwaway database beside Tabreel's), each layout
// in a one-store transaction of its own, layouts alternating, and prints per layout the synchronous
// put cost (the value's copy) and the time from the transaction's start to `complete`, median and
// p95. `--burst`: the same while S1's burst page produces in another tab of the same browser
// (the machine as loaded as during S1's commits).
import { RELAY_COMMAND, PAGE_EVENT, PAGE_URGENT_EVENT } from '../shared/messages/relay-to-page';
import { launchWithExtension } from '../tests/support/chromium';
import { startBenchServer } from './support/bench-server';

const REPS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 24);
const UNDER_BURST = process.argv.includes('--burst');
const KB = 1024;

/** Layouts: row sizes in KB (their sum is one batch) and the kind of text. */
const LAYOUTS: { name: string; rows: number[]; text?: 'random' }[] = [
  { name: '1 × 400 KB', rows: [400] },
  { name: '7 × 57 KB', rows: [57, 57, 57, 57, 57, 57, 58] },
  { name: '4 × 100 KB', rows: [100, 100, 100, 100] },
  { name: '6 × 66.6 KB (S1 events)', rows: [66.6, 66.6, 66.6, 66.6, 66.6, 66.6] },
  { name: '1 × 60 KB', rows: [60] },
  { name: '1 × 70 KB', rows: [70] },
  { name: '1 × 60 KB random', rows: [60], text: 'random' },
  { name: '1 × 70 KB random', rows: [70], text: 'random' },
  { name: '1 × 400 KB random', rows: [400], text: 'random' },
  { name: '7 × 57 KB random', rows: [57, 57, 57, 57, 57, 57, 58], text: 'random' },
];

// Runs inside the worker: plain JS in a string, so no bundler helper leaks into it.
const PROBE = `async ({ layouts, reps, kb }) => {
  const open = () => new Promise((resolve, reject) => {
    const req = indexedDB.open('tabreel-probe-rows', 1);
    req.onupgradeneeded = () => {
      // The chunk store's shape: the same indexes, so each row costs what a chunk row costs.
      const store = req.result.createObjectStore('chunks', { keyPath: 'id' });
      store.createIndex('sessionId', 'sessionId');
      store.createIndex('sessionId_firstTs', ['sessionId', 'firstTs']);
      store.createIndex('streamId', 'streamId');
      store.createIndex('encoding', 'encoding');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const db = await open();
  const words = ('order shipped invoice refund customer warehouse parcel courier address payment card ' +
    'pending delivered returned ticket status update note priority region stock item total').split(' ');
  let seed = 7;
  const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  // S1's text: the burst page's words and ids inside rrweb-like JSON; or characters with little to compress.
  const makeText = (chars, kind) => {
    const parts = [];
    let length = 0;
    while (length < chars) {
      const piece = kind === 'random'
        ? Math.floor(random() * 2 ** 52).toString(36) + Math.floor(random() * 2 ** 52).toString(36)
        : words[Math.floor(random() * words.length)] + ' #' + Math.floor(random() * 1e6) + ' ';
      parts.push(piece);
      length += piece.length;
    }
    return parts.join('').slice(0, chars);
  };
  let next = 0;
  const runOnce = (layout) => new Promise((resolve, reject) => {
    const sizes = layout.rows.map((k) => Math.round(k * kb));
    // One flat batch text, rows cut from it (as the write path would cut the arriving text).
    const text = makeText(sizes.reduce((a, b) => a + b, 0), layout.text) ;
    const flat = JSON.parse(JSON.stringify(text));
    const rows = [];
    let at = 0;
    const batch = next++;
    for (const size of sizes) {
      rows.push({ id: 'probe:' + batch + ':' + at, sessionId: 's' + (batch % 3), streamId: 'probe',
        fromSeq: at, toSeq: at + size, firstTs: Date.now(), lastTs: Date.now(), count: 1,
        rawBytes: size, data: sizes.length === 1 ? flat : flat.slice(at, at + size), encoding: 'raw' });
      at += size;
    }
    const t0 = performance.now();
    const tx = db.transaction('chunks', 'readwrite');
    const store = tx.objectStore('chunks');
    for (const row of rows) store.put(row);
    const t1 = performance.now();
    tx.oncomplete = () => resolve({ put: t1 - t0, complete: performance.now() - t0 });
    tx.onerror = () => reject(tx.error);
  });
  const out = layouts.map(() => []);
  for (let i = 0; i < 3; i++) for (const layout of layouts) await runOnce(layout); // warm-up
  for (let r = 0; r < reps; r++) {
    // Alternating: forward on even repetitions, backward on odd, so no layout always follows another.
    const order = layouts.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) {
      out[i].push(await runOnce(layouts[i]));
      await new Promise((done) => setTimeout(done, 20));
    }
  }
  db.close();
  await new Promise((done) => { const req = indexedDB.deleteDatabase('tabreel-probe-rows'); req.onsuccess = req.onerror = done; });
  return out;
}`;

const quantile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
};

async function main(): Promise<void> {
  const browser = await launchWithExtension();
  const server = UNDER_BURST ? await startBenchServer() : null;
  try {
    const worker = await browser.worker();
    let burst: Promise<unknown> | null = null;
    if (server) {
      const page = await browser.context.newPage();
      const query = `pushEvents=${encodeURIComponent(`${PAGE_EVENT},${PAGE_URGENT_EVENT}`)}&deliveryEvent=${encodeURIComponent(RELAY_COMMAND)}`;
      await page.goto(server.url(`burst.html?${query}`));
      await page.evaluate('window.__burst.ready()');
      // Long enough to outlast the probe: 400 MB at 15 MB/s.
      burst = page
        .evaluate(`window.__burst.run(${400 * KB * KB}, ${15 * KB * KB})`)
        .catch(() => {});
      await new Promise((r) => setTimeout(r, 1000));
    }
    const results = (await worker.evaluate(
      `(${PROBE})(${JSON.stringify({ layouts: LAYOUTS, reps: REPS, kb: KB })})`,
    )) as {
      put: number;
      complete: number;
    }[][];
    console.log(
      `${REPS} repetitions each, alternating${UNDER_BURST ? ', S1 burst page producing meanwhile' : ''}; ms`,
    );
    console.log('layout | put median | put p95 | complete median | complete p95');
    LAYOUTS.forEach((layout, i) => {
      const runs = results[i]!;
      const f = (v: number) => v.toFixed(2);
      const puts = runs.map((r) => r.put);
      const done = runs.map((r) => r.complete);
      console.log(
        `${layout.name} | ${f(quantile(puts, 0.5))} | ${f(quantile(puts, 0.95))} | ${f(quantile(done, 0.5))} | ${f(quantile(done, 0.95))}`,
      );
    });
    void burst;
  } finally {
    await browser.close();
    await server?.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
