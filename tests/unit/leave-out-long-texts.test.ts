import { EventType, IncrementalSource } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { extractAssetUrls } from '../../shared/assets/map-asset-urls';
import { leaveOutLongTexts, LONG_TEXT_CHARS } from '../../shared/delivery/leave-out-long-texts';
import { parseEventArray } from '../../shared/events/parse-event-array';
import { customPayload, customTag, type TimedEvent } from '../../shared/events/tabreel-events';
import { sessionize } from '../../shared/session/sessionize';
import { emptyTabState, type SessionRules } from '../../shared/session/session-types';
import { timeline } from '../fixtures/timeline';

const PAGE = 'https://shop.example/cart/';
const words = (chars: number, fill = 'Order #12 shipped to the "north" depot.\n\t') =>
  fill.repeat(Math.ceil(chars / fill.length)).slice(0, chars);
let nextId = 1;
const el = (tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({
  type: 2,
  id: ++nextId,
  tagName,
  attributes,
  childNodes,
});
const text = (textContent: string, isStyle = false) => ({
  type: 3,
  id: ++nextId,
  textContent,
  ...(isStyle ? { isStyle } : {}),
});
const css = (chars: number) =>
  `.a { color: red; }\n${words(chars, '.b { margin: 0 } ')} .hero { background: url("/img/hero.png") }`;

/** A recording as rrweb and the recorder shape it: snapshot, mutations, input, custom events. */
function recording(): TimedEvent[] {
  return [
    ...timeline`load(/cart)@0s`.slice(0, 2),
    {
      type: EventType.FullSnapshot,
      timestamp: 2,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            el('html', {}, [
              el('head', {}, [
                el('style', {}, [text(css(5_000))]),
                el('style', {}, [text(words(3_000, '.c{padding:1px} '), true)]),
                el('link', { rel: 'stylesheet', href: '/site.css', _cssText: css(4_000) }),
              ]),
              el('body', { style: `background: url(/bg.png); ${words(2_000, 'color: red; ')}` }, [
                el('p', {}, [text(words(70_000))]),
                el('img', { src: '/a.png', srcset: `${words(1_500, '/s.png 1x, ')}/b.png 2x` }),
                el('input', { type: 'text', value: words(5_000) }),
                el('textarea', {}, [text(words(2_000, 'caf\u00e9 \u65e5\u672c '))]),
              ]),
            ]),
          ],
        },
        initialOffset: { left: 0, top: 0 },
      },
    },
    {
      type: EventType.IncrementalSnapshot,
      timestamp: 3,
      data: {
        source: IncrementalSource.Mutation,
        adds: [
          { parentId: 5, nextId: null, node: el('p', {}, [text(words(64_000))]) },
          { parentId: 5, nextId: null, node: text(words(LONG_TEXT_CHARS + 1)) },
          // Exactly as long as a kept text (no escapes: the JSON's characters count).
          { parentId: 5, nextId: null, node: text(words(LONG_TEXT_CHARS, 'abc ')) },
          { parentId: 3, nextId: null, node: el('style', {}, [text(css(3_000))]) },
        ],
        removes: [{ parentId: 5, id: 9 }],
        texts: [
          { id: 7, value: words(9_000) },
          { id: 8, value: `.x { src: url(/font.woff2) } ${words(2_000)}` },
          { id: 9, value: null },
        ],
        attributes: [
          { id: 10, attributes: { value: words(3_000), style: { background: 'url(/c.png)' } } },
        ],
      },
    },
    {
      type: EventType.IncrementalSnapshot,
      timestamp: 4,
      data: { source: IncrementalSource.Input, id: 10, text: words(4_000), isChecked: false },
    },
    {
      type: EventType.IncrementalSnapshot,
      timestamp: 5,
      data: {
        source: IncrementalSource.StyleDeclaration,
        id: 3,
        set: { property: 'x', value: css(2_000) },
      },
    },
    {
      type: EventType.Custom,
      timestamp: 6,
      data: { tag: 'tabreel.note', payload: { value: words(5_000), title: words(2_000) } },
    },
    ...timeline`route(/checkout)@7s click@8s`,
  ];
}

/** Every place where `lite` differs from `whole`: a path and the whole value there. */
function differences(whole: unknown, lite: unknown, path = '', out: [string, unknown][] = []) {
  if (typeof whole === 'object' && whole !== null && typeof lite === 'object' && lite !== null) {
    const keys = new Set([...Object.keys(whole), ...Object.keys(lite)]);
    for (const key of keys)
      differences(
        (whole as Record<string, unknown>)[key],
        (lite as Record<string, unknown>)[key],
        `${path}.${key}`,
        out,
      );
  } else if (!Object.is(whole, lite)) out.push([path, whole]);
  return out;
}

const RULES: SessionRules = {
  inactivityMs: 30 * 60_000,
  maxDurationMs: 4 * 3_600_000,
  splitOnCampaign: true,
};

describe('leaveOutLongTexts: what the worker parses', () => {
  const events = recording();
  const json = JSON.stringify(events);
  const lite = leaveOutLongTexts(json);
  const parsed = parseEventArray(lite, events.length);

  it('empties only long text and value strings holding no CSS address', () => {
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const changed = differences(events, parsed.events);
    expect(changed.map(([path]) => path).sort()).toEqual(
      [
        // A style's text without url() or @import: the asset walk finds nothing in it either.
        '.2.data.node.childNodes.0.childNodes.0.childNodes.1.childNodes.0.textContent',
        '.2.data.node.childNodes.0.childNodes.1.childNodes.0.childNodes.0.textContent', // the <p>
        '.2.data.node.childNodes.0.childNodes.1.childNodes.2.attributes.value', // the <input>
        '.2.data.node.childNodes.0.childNodes.1.childNodes.3.childNodes.0.textContent', // textarea
        '.3.data.adds.0.node.childNodes.0.textContent',
        '.3.data.adds.1.node.textContent',
        '.3.data.texts.0.value',
        '.3.data.attributes.0.attributes.value',
        '.6.data.payload.value',
      ].sort(),
    );
    for (const [path, value] of changed) {
      expect(typeof value, path).toBe('string');
      expect((value as string).length, path).toBeGreaterThan(LONG_TEXT_CHARS);
    }
    expect(lite.length).toBeLessThan(json.length / 5);
  });

  it('gives the worker the same asset addresses, sessions and custom payloads as the whole parse', () => {
    if (!parsed.ok) throw new Error('not parsed');
    expect(extractAssetUrls(parsed.events, PAGE)).toEqual(extractAssetUrls(events, PAGE));
    expect(extractAssetUrls(events, PAGE)).toContain('https://shop.example/img/hero.png');
    const ids = () => {
      let n = 0;
      return () => `s${(n += 1)}`;
    };
    expect(sessionize(emptyTabState(1), parsed.events, RULES, ids())).toEqual(
      sessionize(emptyTabState(1), events, RULES, ids()),
    );
    const custom = (list: TimedEvent[]) =>
      list.map((event) => [event.type, event.timestamp, customTag(event)]);
    expect(custom(parsed.events)).toEqual(custom(events));
    const pages = (list: TimedEvent[]) =>
      list.filter((e) => customTag(e) === 'tabreel.page').map((e) => customPayload(e));
    expect(pages(parsed.events)).toEqual(pages(events));
  });

  it('keeps a text that is not valid JSON, so a batch the whole parse refuses is still refused', () => {
    const long = 'x'.repeat(LONG_TEXT_CHARS + 10);
    for (const bad of [`\\x${long}`, `${long}\n`, `${long}\\`]) {
      const text = `[{"type":3,"timestamp":1,"data":{"textContent":"${bad}"}}]`;
      expect(() => JSON.parse(text) as unknown).toThrow();
      expect(parseEventArray(leaveOutLongTexts(text), 1).ok, bad.slice(0, 3)).toBe(false);
    }
    const good = `[{"type":3,"timestamp":1,"data":{"textContent" : "${long}\\"\\\\\\n\\/"}}]`;
    expect(leaveOutLongTexts(good)).toBe('[{"type":3,"timestamp":1,"data":{"textContent" : ""}}]');
  });

  it('keeps text with escapes that could spell a CSS address, and leaves short or other keys', () => {
    const long = 'y'.repeat(LONG_TEXT_CHARS + 10);
    const escaped = `[{"type":3,"timestamp":1,"data":{"value":"\\u0075rl(/a.png) ${long}"}}]`;
    expect(leaveOutLongTexts(escaped)).toBe(escaped);
    const other = `[{"type":3,"timestamp":1,"data":{"text":"${long}","textContents":"${long}"}}]`;
    expect(leaveOutLongTexts(other)).toBe(other);
    // A key's value only: a long string inside an array under `value` is left as it is.
    const inArray = `[{"type":3,"timestamp":1,"data":{"value":[1,"${long}"]}}]`;
    expect(leaveOutLongTexts(inArray)).toBe(inArray);
  });

  it('works on a slice of the text (a hand-over of a joined batch)', () => {
    const a = JSON.stringify(events.slice(0, 3));
    const b = JSON.stringify(events.slice(3));
    const joined = `[${a.slice(1, -1)},${b.slice(1, -1)}]`;
    const second = leaveOutLongTexts(joined, a.length, joined.length - 1);
    expect(`[${second}]`).toBe(leaveOutLongTexts(b));
    expect(leaveOutLongTexts(joined, 1, a.length - 1)).toBe(leaveOutLongTexts(a).slice(1, -1));
  });
});
