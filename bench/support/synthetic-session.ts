// A deterministic, realistic-looking recording for the viewer benchmarks (P1, P2): a support
// dashboard of ~600 nodes, then what a person using it for a while produces. The same seed and
// size give the same events, byte for byte.
import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import {
  makeCustomEvent,
  TABREEL_TAG,
  type PageViewPayload,
  type TimedEvent,
} from '../../shared/events/tabreel-events';
import {
  SIGNAL_TAG,
  type ActionPayload,
  type ActionTarget,
  type ConsolePayload,
  type EnvironmentPayload,
  type RequestPayload,
} from '../../shared/signals/signal-events';

export interface SyntheticSessionOptions {
  /** Exactly this many events. */
  events: number;
  /** First event's time, ms since the epoch. */
  startedAt: number;
  /** Time from the first event to the last. */
  durationMs?: number;
  seed?: number;
}

export const SYNTHETIC_DURATION_MS = 20 * 60_000;
export const SYNTHETIC_ORIGIN = 'https://support.example.test';
const VIEWPORT = { width: 1280, height: 800 };
const PAGE_HEIGHT = 3200;
/** Two stretches with no input (the dashboard keeps ticking): idle spans for the timeline. */
const IDLE_WINDOWS: ReadonlyArray<readonly [number, number]> = [
  [0.3, 0.38],
  [0.7, 0.75],
];
/** A person clicks about every 4 s while active, however dense the rest of the stream is. */
const CLICK_EVERY_MS = 4000;
const ROUTES = ['/tickets', '/tickets/4821', '/customers', '/reports', '/tickets?status=open'];

// rrweb-snapshot's serialized node types.
const DOCUMENT = 0;
const DOCTYPE = 1;
const ELEMENT = 2;
const TEXT = 3;

interface SerializedNode {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Record<string, string>;
  childNodes?: SerializedNode[];
  textContent?: string;
  name?: string;
  publicId?: string;
  systemId?: string;
}

/** mulberry32: small, fast, and the same numbers on every machine. */
function randomOf(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STYLE = Array.from(
  { length: 40 },
  (_, i) =>
    `.c${i}{display:flex;gap:${i % 8}px;padding:${i % 5}px ${i % 7}px;color:#${(0x203040 + i * 4099).toString(16).slice(0, 6)}}` +
    `.c${i}:hover{background:#f${i % 10}f${i % 10}f${i % 10}}`,
).join('\n');

const WORDS = [
  'refund',
  'order',
  'shipping',
  'invoice',
  'login',
  'password',
  'delayed',
  'damaged',
  'upgrade',
  'billing',
  'export',
  'urgent',
];

/** The page and the ids of the parts that later change. */
class DashboardPage {
  private nextId = 1;
  readonly textIds: number[] = [];
  readonly elementIds: number[] = [];
  readonly buttons: Array<{ id: number; target: ActionTarget; x: number; y: number }> = [];
  readonly inputIds: number[] = [];
  feedId = 0;
  clockTextId = 0;
  readonly tree: SerializedNode;

  constructor(random: () => number) {
    const word = () => WORDS[Math.floor(random() * WORDS.length)]!;
    const el = (
      tagName: string,
      attributes: Record<string, string>,
      childNodes: SerializedNode[] = [],
    ): SerializedNode => {
      const node = { type: ELEMENT, id: this.nextId++, tagName, attributes, childNodes };
      this.elementIds.push(node.id);
      return node;
    };
    const text = (textContent: string, changes = true): SerializedNode => {
      const node = { type: TEXT, id: this.nextId++, textContent };
      if (changes) this.textIds.push(node.id);
      return node;
    };
    const button = (label: string, x: number, y: number): SerializedNode => {
      const node = el('button', { type: 'button', class: 'c3 btn' }, [text(label, false)]);
      this.buttons.push({
        id: node.id,
        target: {
          role: 'button',
          name: label,
          selector: `button:nth-of-type(${this.buttons.length + 1})`,
        },
        x,
        y,
      });
      return node;
    };

    const doc: SerializedNode = { type: DOCUMENT, id: this.nextId++, childNodes: [] };
    const doctype = {
      type: DOCTYPE,
      id: this.nextId++,
      name: 'html',
      publicId: '',
      systemId: '',
    };
    const head = el('head', {}, [
      el('meta', { charset: 'utf-8' }),
      el('title', {}, [text('Support — tickets', false)]),
      el('style', {}, [text(STYLE, false)]),
    ]);
    const nav = el(
      'nav',
      { class: 'c1' },
      ['Tickets', 'Customers', 'Reports', 'Settings', 'Help', 'Sign out'].map((label, i) =>
        el('a', { href: `${SYNTHETIC_ORIGIN}/${label.toLowerCase()}`, class: 'c2' }, [
          text(label, i === 0),
        ]),
      ),
    );
    const clock = text('12:00:00');
    this.clockTextId = clock.id;
    const header = el('header', { class: 'c0' }, [nav, el('span', { class: 'clock' }, [clock])]);
    const sidebar = el(
      'ul',
      { class: 'c4 sidebar' },
      Array.from({ length: 20 }, (_, i) =>
        el('li', { class: 'c5' }, [
          el('a', { href: `${SYNTHETIC_ORIGIN}/queue/${i}` }, [text(`Queue ${i} (${i * 3})`)]),
        ]),
      ),
    );
    const rows = Array.from({ length: 40 }, (_, r) =>
      el('tr', { class: r % 2 ? 'c6 odd' : 'c6', 'data-id': String(4800 + r) }, [
        el('td', {}, [text(`#${4800 + r}`, false)]),
        el('td', {}, [text(`${word()} ${word()} for customer ${r}`)]),
        el('td', { class: 'status' }, [text(r % 3 ? 'open' : 'pending')]),
        el('td', {}, [text(`${(r * 7) % 60} min ago`)]),
        el('td', {}, [button('Assign', 900, 240 + r * 36)]),
      ]),
    );
    const table = el('table', { class: 'c7 tickets' }, [
      el('thead', {}, [
        el(
          'tr',
          {},
          ['Id', 'Subject', 'Status', 'Updated', ''].map((h) => el('th', {}, [text(h, false)])),
        ),
      ]),
      el('tbody', {}, rows),
    ]);
    const inputs = ['Search tickets', 'Reply', 'Internal note'].map((placeholder) => {
      const node = el('input', { type: 'text', placeholder, class: 'c8', value: '' });
      this.inputIds.push(node.id);
      return node;
    });
    const form = el('form', { class: 'c9' }, [
      ...inputs,
      button('Send reply', 300, 120),
      button('Save note', 420, 120),
      button('Refresh', 540, 120),
    ]);
    const feed = el('ul', { class: 'c10 feed' }, []);
    this.feedId = feed.id;
    const main = el('main', { class: 'c11' }, [form, table, el('aside', {}, [feed])]);
    const body = el('body', { class: 'c12' }, [
      header,
      el('div', { class: 'c13' }, [sidebar, main]),
    ]);
    doc.childNodes = [doctype, el('html', { lang: 'en' }, [head, body])];
    this.tree = doc;
  }

  newId(): number {
    return this.nextId++;
  }
}

/**
 * A support agent's 20 minutes on a dashboard: Meta and FullSnapshot (~600 nodes), then mouse
 * moves, text and attribute mutations, feed items added and removed, scrolls, typing, clicks (each
 * with our `tabreel.action`, some answered by a request that fails, some by nothing, one rage
 * burst), SPA page views (`tabreel.page`), console errors, and two idle stretches. Sorted by time.
 */
export function syntheticSession(options: SyntheticSessionOptions): TimedEvent[] {
  const { events: total, startedAt } = options;
  const durationMs = options.durationMs ?? SYNTHETIC_DURATION_MS;
  const random = randomOf(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const page = new DashboardPage(random);
  const out: TimedEvent[] = [];
  const incremental = (timestamp: number, data: Record<string, unknown>) =>
    out.push({ type: EventType.IncrementalSnapshot, timestamp, data });
  const mutation = (timestamp: number, change: Record<string, unknown>) =>
    incremental(timestamp, {
      source: IncrementalSource.Mutation,
      texts: [],
      attributes: [],
      removes: [],
      adds: [],
      ...change,
    });

  const pageView = (timestamp: number, path: string, kind: 'load' | 'route') =>
    out.push(
      makeCustomEvent<PageViewPayload>(
        TABREEL_TAG.page,
        {
          kind,
          url: `${SYNTHETIC_ORIGIN}${path}`,
          title: `Support — ${path.split('/')[1]}`,
          referrer: '',
          navigation: kind === 'load' ? 'navigate' : 'push',
        },
        timestamp,
      ),
    );

  out.push({
    type: EventType.Meta,
    timestamp: startedAt,
    data: { href: `${SYNTHETIC_ORIGIN}${ROUTES[0]}`, ...VIEWPORT },
  });
  out.push({
    type: EventType.FullSnapshot,
    timestamp: startedAt,
    data: { node: page.tree, initialOffset: { left: 0, top: 0 } },
  });
  pageView(startedAt, ROUTES[0]!, 'load');
  out.push(
    makeCustomEvent<EnvironmentPayload>(
      SIGNAL_TAG.environment,
      {
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0',
        browser: 'Chromium 156',
        os: 'Linux',
        viewport: VIEWPORT,
        screen: { width: 1920, height: 1080 },
        devicePixelRatio: 1,
        language: 'en-GB',
        timeZone: 'Europe/London',
        connection: '4g',
        deviceMemory: 8,
        referrer: '',
        utm: {},
      },
      startedAt,
    ),
  );

  /** The feed items' ids, oldest first. */
  const feedItems: number[] = [];
  let scrollY = 0;
  let mouse = { x: 400, y: 300 };
  let typed = '';
  let nextRoute = 1;
  let rageDone = false;
  const slots = Math.max(1, total - out.length);
  const stepMs = durationMs / slots;
  const clickChance = Math.min(0.05, stepMs / CLICK_EVERY_MS);

  /** A click: press, release, click and our action; the page usually answers. One rage burst. */
  const click = (t: number, at: number) => {
    const button = pick(page.buttons);
    const burst = !rageDone && at > 0.5 ? 4 : 1;
    rageDone ||= burst > 1;
    const point = { id: button.id, x: button.x, y: button.y, pointerType: 0 };
    for (let i = 0; i < burst && total - out.length >= 5; i += 1) {
      const ct = t + i * 150;
      for (const type of [
        MouseInteractions.MouseDown,
        MouseInteractions.MouseUp,
        MouseInteractions.Click,
      ])
        incremental(ct, { source: IncrementalSource.MouseInteraction, type, ...point });
      out.push(
        makeCustomEvent<ActionPayload>(
          SIGNAL_TAG.action,
          { kind: 'click', target: button.target, x: button.x, y: button.y },
          ct,
        ),
      );
    }
    const answer = random();
    if (answer < 0.75) {
      mutation(t + 120, { attributes: [{ id: button.id, attributes: { class: 'c3 btn busy' } }] });
    } else if (answer < 0.85) {
      out.push(
        makeCustomEvent<RequestPayload>(
          SIGNAL_TAG.request,
          {
            url: `${SYNTHETIC_ORIGIN}/api/tickets/assign`,
            method: 'POST',
            initiatorType: 'fetch',
            status: 500,
            startedAt: t + 20,
            durationMs: 180,
            transferSize: 312,
            failure: 'http',
            error: null,
          },
          t + 200,
        ),
      );
    } else if (answer < 0.9) {
      out.push(
        makeCustomEvent<ConsolePayload>(
          SIGNAL_TAG.console,
          {
            level: 'error',
            message: "TypeError: Cannot read properties of undefined (reading 'assignee')",
            stack: `at assign (${SYNTHETIC_ORIGIN}/assets/app.js:1:4821)`,
          },
          t + 30,
        ),
      );
    }
    // else: nothing happens, a dead click.
  };

  while (out.length < total) {
    const slot = total - out.length; // counts down to 1
    const t = startedAt + Math.round(durationMs - (slot - 1) * stepMs);
    const at = (t - startedAt) / durationMs;
    const idle = IDLE_WINDOWS.some(([from, to]) => at >= from && at < to);
    const left = total - out.length;
    // A route change every few minutes of activity.
    if (!idle && nextRoute < ROUTES.length && at >= nextRoute / ROUTES.length) {
      pageView(t, ROUTES[nextRoute]!, 'route');
      nextRoute += 1;
      continue;
    }
    const roll = idle ? 0.45 : random();
    if (!idle && random() < clickChance && left >= 5) {
      click(t, at);
    } else if (roll < 0.36) {
      // Mouse movement: rrweb batches positions, sampled every 50 ms.
      const count = 2 + Math.floor(random() * 6);
      const positions = Array.from({ length: count }, (_, i) => {
        mouse = {
          x: Math.max(0, Math.min(VIEWPORT.width, mouse.x + Math.round((random() - 0.5) * 80))),
          y: Math.max(0, Math.min(VIEWPORT.height, mouse.y + Math.round((random() - 0.5) * 60))),
        };
        return { ...mouse, id: pick(page.elementIds), timeOffset: (i - count + 1) * 50 };
      });
      incremental(t, { source: IncrementalSource.MouseMove, positions });
    } else if (roll < 0.58) {
      // Text changes: the clock, a status cell, a counter.
      const texts = [{ id: page.clockTextId, value: new Date(t).toISOString().slice(11, 19) }];
      if (random() < 0.5)
        texts.push({
          id: pick(page.textIds),
          value: `${pick(WORDS)} ${Math.floor(random() * 99)}`,
        });
      mutation(t, { texts });
    } else if (roll < 0.7) {
      const id = pick(page.elementIds);
      mutation(t, {
        attributes: [
          {
            id,
            attributes: {
              class: `c${Math.floor(random() * 40)}${random() < 0.3 ? ' active' : ''}`,
            },
          },
        ],
      });
    } else if (roll < 0.8) {
      // The activity feed: a new item appended (sometimes a larger card), the oldest removed.
      if (feedItems.length > 40 || (feedItems.length > 0 && random() < 0.4)) {
        const oldest = feedItems.shift()!;
        mutation(t, { removes: [{ parentId: page.feedId, id: oldest }] });
      } else {
        const li = page.newId();
        const text = page.newId();
        const card = random() < 0.2;
        const extra = card
          ? Array.from({ length: 8 }, (_, i) => {
              const id = page.newId();
              return {
                parentId: li,
                nextId: null,
                node: {
                  type: i % 2 ? TEXT : ELEMENT,
                  id,
                  ...(i % 2
                    ? { textContent: `${pick(WORDS)} ${pick(WORDS)}` }
                    : { tagName: 'span', attributes: { class: `c${i}` }, childNodes: [] }),
                },
              };
            })
          : [];
        mutation(t, {
          adds: [
            {
              parentId: page.feedId,
              nextId: null,
              node: {
                type: ELEMENT,
                id: li,
                tagName: 'li',
                attributes: { class: 'c10 feed-item' },
                childNodes: [],
              },
            },
            {
              parentId: li,
              nextId: null,
              node: {
                type: TEXT,
                id: text,
                textContent: `Ticket #${4800 + Math.floor(random() * 40)} ${pick(WORDS)}`,
              },
            },
            ...extra,
          ],
        });
        feedItems.push(li);
      }
    } else if (roll < 0.92) {
      scrollY = Math.max(
        0,
        Math.min(PAGE_HEIGHT - VIEWPORT.height, scrollY + Math.round((random() - 0.45) * 400)),
      );
      incremental(t, { source: IncrementalSource.Scroll, id: 1, x: 0, y: scrollY });
    } else {
      typed = typed.length > 30 ? '' : `${typed}${pick(WORDS)[0]}`;
      incremental(t, {
        source: IncrementalSource.Input,
        id: pick(page.inputIds),
        text: typed,
        isChecked: false,
        userTriggered: true,
      });
    }
  }
  // Clicks and their answers may run a little past the next slots' times.
  out.sort((a, b) => a.timestamp - b.timestamp);
  return out;
}
