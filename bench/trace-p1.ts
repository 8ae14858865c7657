// Where the viewer's main thread goes from navigation start to a session's first replay frame (P1):
//   npx tsx bench/trace-p1.ts [<extension dir>] [--size EVENTS] [--opens N] [--min MS]
//   npx tsx bench/trace-p1.ts --file /tmp/trace-p1.json [--min MS]   (the last trace again)
// Opens the generated session N times in fresh tabs (the first a warm-up) under a Chrome trace and
// prints, for the last open, the renderer main thread's tasks of at least --min ms (default 1)
// with what they ran, the marks of the viewer and its replay frame, and the busy and idle time
// before the first frame. The frame is a data: document in the viewer's own process and thread.
import { readFileSync, writeFileSync } from 'node:fs';
import { EXTENSION_DIR, launchWithExtension } from '../tests/support/chromium';
import { startBenchServer } from './support/bench-server';
import { recordTrace, threadSpans, type TraceEvent } from './support/chrome-trace';
import { openUntilLoaded, prepareSessions, viewerUrl } from './support/viewer-bench';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i < 0 ? fallback : Number(argv.splice(i, 2)[1]);
};
const SIZE = option('--size', 10_000);
const OPENS = option('--opens', 3);
const MIN_MS = option('--min', 1);
const dir = argv[0] ?? EXTENSION_DIR;

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'loading',
  'navigation',
  'blink',
].join(',');

const short = (url: unknown) =>
  String(url ?? '')
    .replace(/^chrome-extension:\/\/[a-z]+\//, 'ext:')
    .replace(/^data:.*$/, 'data:(frame)');

function label(e: TraceEvent): string {
  const d = e.args?.data ?? {};
  const url = d.url ?? e.args?.fileName ?? e.args?.beginData?.url;
  if (url) return `${e.name} ${short(url)}`;
  if (d.type) return `${e.name} ${String(d.type)}`;
  if (d.functionName) return `${e.name} ${String(d.functionName)}`;
  return e.name;
}

function summarize(events: TraceEvent[]): void {
  const marks = events.filter(
    (e) => e.cat.includes('blink.user_timing') && e.name.startsWith('tabreel:'),
  );
  const loaded = marks.find((e) => e.name === 'tabreel:replay-loaded');
  const parse = events.find(
    (e) =>
      e.name === 'ParseHTML' && String(e.args?.beginData?.url ?? '').includes('viewer/index.html'),
  );
  const nav = events
    .filter(
      (e) =>
        e.name === 'navigationStart' &&
        String(e.args?.data?.documentLoaderURL ?? '').includes('viewer/index.html'),
    )
    .at(-1);
  if (!loaded || !parse || !nav) {
    console.log('  no first frame, no page parse or no navigation start in this trace');
    return;
  }
  const start = nav.ts;
  const end = loaded.ts;
  const ms = (us: number) => (us / 1000).toFixed(1);
  const all = threadSpans(events, parse.pid, parse.tid).filter(
    (e) => e.ts + e.dur >= start && e.ts <= end,
  );
  const top = all.filter((e) => e.depth === 0);
  const busy = top.reduce((sum, e) => sum + Math.min(e.ts + e.dur, end) - Math.max(e.ts, start), 0);
  console.log(
    `first frame at ${ms(end - start)} ms; main thread busy ${ms(busy)} ms, idle ${ms(end - start - busy)} ms before it`,
  );
  const lines: Array<{ ts: number; text: string }> = [];
  for (const m of marks)
    if (m.ts >= start && m.ts <= end + 1) lines.push({ ts: m.ts, text: `      ◆ ${m.name}` });
  for (const e of events)
    if (
      e.pid === parse.pid &&
      e.ts >= start &&
      e.ts <= end &&
      /^(ResourceSendRequest|ResourceFinish)$/.test(e.name)
    )
      lines.push({ ts: e.ts, text: `      · ${label(e)}` });
  for (let i = 0; i < all.length; i += 1) {
    const e = all[i]!;
    if (e.depth !== 0 || e.dur < MIN_MS * 1000) continue;
    const inner: string[] = [];
    for (let j = i + 1; j < all.length && all[j]!.ts < e.ts + e.dur; j += 1) {
      const c = all[j]!;
      if (
        c.depth >= 1 &&
        c.depth <= 3 &&
        c.dur >= 500 &&
        !/^(RunTask|ThreadControllerImpl::RunTask)$/.test(c.name)
      )
        inner.push(`${'  '.repeat(c.depth)}${label(c)} ${ms(c.dur)}`);
    }
    lines.push({
      ts: e.ts,
      text: `+${ms(e.dur).padStart(5)} ${label(e)}${
        inner.length
          ? `\n${inner
              .slice(0, 8)
              .map((t) => `               ${t}`)
              .join('\n')}`
          : ''
      }`,
    });
  }
  lines.sort((a, b) => a.ts - b.ts);
  for (const line of lines) console.log(`${ms(line.ts - start).padStart(7)} ${line.text}`);
}

async function main(): Promise<void> {
  const file = argv.indexOf('--file');
  if (file >= 0) {
    summarize(JSON.parse(readFileSync(argv[file + 1]!, 'utf8')) as TraceEvent[]);
    return;
  }
  const server = await startBenchServer();
  const browser = await launchWithExtension({ extensionDir: dir });
  try {
    const [session] = await prepareSessions(browser, server, [SIZE]);
    for (let i = 1; i <= OPENS; i += 1) {
      const page = await browser.context.newPage();
      await new Promise((done) => setTimeout(done, 500));
      const cdp = await page.context().newCDPSession(page);
      let loadedMs = 0;
      const { events } = await recordTrace(cdp, CATEGORIES, async () => {
        loadedMs = (await openUntilLoaded(page, viewerUrl(browser, session!.id))).loadedMs;
      });
      console.log(`open ${i}: first frame ${loadedMs.toFixed(0)} ms`);
      if (i === OPENS) {
        writeFileSync('/tmp/trace-p1.json', JSON.stringify(events));
        summarize(events);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
