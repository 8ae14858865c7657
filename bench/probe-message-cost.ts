// What one relay-sized message costs to send to the service worker, for two builds side by side:
//   npx tsx bench/probe-message-cost.ts <extension dir A> <extension dir B> [KB, default 380] [tries, default 30]
// From an extension page of each build, sends `{ type, events: <S1-like JSON text> }` with
// `chrome.runtime.sendMessage` (a type the worker ignores, so its reply is immediate) and times the
// call's synchronous part (the serialization on the sender's thread: for the relay, the page's
// main thread) and the round trip (serialize, route, deserialize in the worker, reply). Builds
// alternate in blocks of five; medians and p90s per build.
import { launchWithExtension, type ExtensionBrowser } from '../tests/support/chromium';
import { median, round } from './support/stats';

const [dirA = '', dirB = '', kbArg, triesArg] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error('usage: probe-message-cost.ts <dir A> <dir B> [KB] [tries]');
const KB = Number(kbArg ?? 380);
const TRIES = Number(triesArg ?? 30);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

// S1-like rrweb events: a mutation adding a text node of generated words (quotes to escape in JSON).
const SEND = `(async (kb) => {
  const words = 'tabreel records every tab into local replayable sessions nothing leaves the machine'.split(' ');
  const events = [];
  let size = 2;
  for (let i = 0; size < kb * 1024; i += 1) {
    let text = '';
    while (text.length < 64 * 1024) text += words[(text.length * 7 + i) % words.length] + ' ';
    const event = JSON.stringify({ type: 3, timestamp: 1700000000000 + i, data: { source: 0, adds: [{ parentId: 5, nextId: null, node: { type: 3, textContent: text, id: 1000 + i } }], removes: [], texts: [], attributes: [] } });
    events.push(event);
    size += event.length + 1;
  }
  const message = { type: 'probe:message-cost', events: '[' + events.join(',') + ']' };
  const t0 = performance.now();
  const reply = chrome.runtime.sendMessage(message);
  const t1 = performance.now();
  await reply.catch(() => undefined);
  return [t1 - t0, performance.now() - t0];
})`;

async function main(): Promise<void> {
  const browsers: ExtensionBrowser[] = [
    await launchWithExtension({ extensionDir: dirA }),
    await launchWithExtension({ extensionDir: dirB }),
  ];
  const sync: number[][] = [[], []];
  const trip: number[][] = [[], []];
  try {
    const pages = await Promise.all(browsers.map((b) => b.extensionPage()));
    for (const page of pages) await page.evaluate(`${SEND}(${KB})`); // warm-up
    for (let block = 0; block < TRIES / 5; block += 1)
      for (const i of block % 2 === 0 ? [0, 1] : [1, 0])
        for (let k = 0; k < 5; k += 1) {
          const [s, t] = await pages[i]!.evaluate<[number, number]>(`${SEND}(${KB})`);
          sync[i]!.push(s);
          trip[i]!.push(t);
        }
    console.log(`${KB} KB messages, ${TRIES} each, alternating in blocks of five (A | B):`);
    console.log(`A = ${dirA}\nB = ${dirB}`);
    const line = (name: string, values: number[][]) =>
      console.log(
        `${name}: median ${values.map((v) => round(median(v), 2)).join(' | ')} ms; p90 ${values.map((v) => round(percentile(v, 90), 2)).join(' | ')} ms`,
      );
    line('sendMessage call (sender thread)', sync);
    line('round trip', trip);
  } finally {
    for (const browser of browsers) await browser.close().catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
