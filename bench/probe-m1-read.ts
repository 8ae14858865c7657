/**
 * Probe (not part of npm run bench): how long reading 10,000 busy session rows takes in Chromium
 * when the summary is stored as an object (as now) and as a JSON string parsed after the read.
 */
import http from 'node:http';
import { analyzeSession } from '../shared/analysis/analyze-session';
import { summarizeSession } from '../shared/analysis/summarize-session';
import { sessionRow } from '../tests/fixtures/session-rows';
import { syntheticSession } from './support/synthetic-session';
import { chromium } from 'playwright-core';

const events = syntheticSession({ events: 5000, startedAt: Date.now() - 86_400_000 });
const summary = summarizeSession(analyzeSession(events));
const rows = Array.from({ length: 10_000 }, (_, i) =>
  sessionRow({
    id: `heavy-${i}`,
    startedAt: Date.now() - i * 1000,
    summary,
    health: summary.health,
  }),
);
const server = http.createServer((req, res) => {
  if (req.url === '/rows') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(rows));
  } else {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>probe</title>');
  }
});
await new Promise<void>((r) => server.listen(0, r));
const port = (server.address() as { port: number }).port;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${port}/`);
await page.evaluate(async () => {
  const rows = (await (await fetch('/rows')).json()) as Array<Record<string, unknown>>;
  const db: IDBDatabase = await new Promise((ok, ko) => {
    const r = indexedDB.open('probe', 1);
    r.onupgradeneeded = () => {
      r.result.createObjectStore('obj', { keyPath: 'id' });
      r.result.createObjectStore('str', { keyPath: 'id' });
      r.result.createObjectStore('whole', { keyPath: 'id' });
      r.result.createObjectStore('slim', { keyPath: 'id' });
    };
    r.onsuccess = () => ok(r.result);
    r.onerror = () => ko(r.error);
  });
  const tx = db.transaction(['obj', 'str', 'whole', 'slim'], 'readwrite');
  for (const row of rows) {
    tx.objectStore('obj').put(row);
    tx.objectStore('str').put({ ...row, summary: JSON.stringify(row.summary) });
    tx.objectStore('whole').put({ id: row.id, json: JSON.stringify(row) });
    const summary = row.summary as Record<string, unknown>;
    tx.objectStore('slim').put({ ...row, summary: { ...summary, facts: undefined } });
  }
  await new Promise((ok) => (tx.oncomplete = ok));
  (globalThis as unknown as { probeDb: IDBDatabase }).probeDb = db;
});
const results: Record<string, number[]> = { obj: [], str: [], whole: [], slim: [] };
console.log(
  'summary bytes',
  JSON.stringify(summary).length,
  'row bytes',
  JSON.stringify(rows[0]).length,
);
for (let round = 0; round < 7; round++) {
  for (const store of ['obj', 'str', 'whole', 'slim'] as const) {
    const [ms, parseMs] = await page.evaluate(async (store) => {
      const db = (globalThis as unknown as { probeDb: IDBDatabase }).probeDb;
      const t0 = performance.now();
      const all: Array<Record<string, unknown>> = await new Promise((ok) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => ok(r.result as Array<Record<string, unknown>>);
      });
      const t1 = performance.now();
      if (store === 'str') for (const row of all) row.summary = JSON.parse(row.summary as string);
      if (store === 'whole')
        for (let i = 0; i < all.length; i++)
          all[i] = JSON.parse(all[i]!.json as string) as Record<string, unknown>;
      return [t1 - t0, performance.now() - t1];
    }, store);
    if (round > 0) {
      results[store]!.push(ms);
      (results[store + ' parse'] ??= []).push(parseMs);
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const [k, v] of Object.entries(results))
  console.log(k, 'median', median(v).toFixed(0), 'ms', v.map((x) => x.toFixed(0)).join(' '));
await browser.close();
server.close();
