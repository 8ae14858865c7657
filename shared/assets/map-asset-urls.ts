// Where a recording names the stylesheets, fonts and images its replay needs: element attributes
// (img/source src and srcset, video poster, stylesheet links rrweb could not inline, legacy
// `background`, SVG image href), CSS in style attributes, inlined stylesheets (`_cssText`), style
// text, and CSS rules added later. One walk serves capture (collect) and replay (replace).
import { EventType, IncrementalSource } from '@rrweb/types';
import type { TimedEvent } from '../events/tabreel-events';
import { MAX_ASSET_URL_CHARS } from './asset-limits';
import { mapCssUrls } from './css-urls';

interface SerializedNode {
  type: number;
  id?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  textContent?: string;
  isStyle?: boolean;
}

const ELEMENT = 2;
const TEXT = 3;

/** Gets an absolute address and returns what to put in its place, or null to keep it. */
export type ReplaceAssetUrl = (absoluteUrl: string) => string | null;

/**
 * The address as captured and looked up: absolute, http(s) only, without its fragment; null for
 * anything else (data:, blob:, a fragment alone, too long, not an address).
 */
export function assetKeyOf(written: string, base: string | undefined): string | null {
  const trimmed = written.trim();
  if (!trimmed || trimmed.startsWith('#') || trimmed.length > MAX_ASSET_URL_CHARS) return null;
  let url: URL;
  try {
    url = base ? new URL(trimmed, base) : new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  return url.href;
}

/** `srcset` candidates: an address, then an optional descriptor, separated by commas. */
export function mapSrcset(srcset: string, replace: (url: string) => string | null): string {
  const parts: string[] = [];
  let changed = false;
  let i = 0;
  while (i < srcset.length) {
    while (i < srcset.length && /[\s,]/.test(srcset[i]!)) i++;
    if (i >= srcset.length) break;
    let end = i;
    while (end < srcset.length && !/\s/.test(srcset[end]!)) end++;
    let url = srcset.slice(i, end);
    let descriptor = '';
    if (url.endsWith(',')) url = url.replace(/,+$/, '');
    else {
      const comma = srcset.indexOf(',', end);
      descriptor = srcset.slice(end, comma === -1 ? srcset.length : comma).trim();
      end = comma === -1 ? srcset.length : comma;
    }
    const next = replace(url);
    if (next !== null) changed = true;
    parts.push(descriptor ? `${next ?? url} ${descriptor}` : (next ?? url));
    i = end + 1;
  }
  return changed ? parts.join(', ') : srcset;
}

const SRC_TAGS = new Set(['img', 'source', 'input']);

/**
 * One element's asset attributes. Walks the attributes the element has (usually one or two)
 * rather than probing for each asset attribute: this runs for every element of every snapshot.
 */
function mapElement(node: SerializedNode, replace: (url: string) => string | null): void {
  const attributes = node.attributes;
  if (!attributes) return;
  let tag: string | null = null;
  const tagName = () => (tag ??= (node.tagName ?? '').toLowerCase());
  for (const name in attributes) {
    const value = attributes[name];
    if (typeof value !== 'string') continue;
    let next: string | null = null;
    switch (name) {
      case 'src':
        if (SRC_TAGS.has(tagName())) next = replace(value);
        break;
      case 'srcset':
        if (tagName() === 'img' || tagName() === 'source') next = mapSrcset(value, replace);
        break;
      case 'poster':
        if (tagName() === 'video') next = replace(value);
        break;
      case 'background':
        next = replace(value);
        break;
      case 'href':
        if (
          (tagName() === 'link' &&
            /\bstylesheet\b/i.test(String(attributes.rel ?? '')) &&
            !('_cssText' in attributes)) ||
          tagName() === 'image'
        )
          next = replace(value);
        break;
      case 'xlink:href':
        if (tagName() === 'image') next = replace(value);
        break;
      case 'style':
      case '_cssText':
        next = mapCssUrls(value, replace);
        break;
    }
    if (next !== null && next !== value) attributes[name] = next;
  }
}

/** A serialized tree, walked without recursion (a hostile tree may be very deep). */
function mapTree(
  root: SerializedNode,
  replace: (url: string) => string | null,
  links: Set<number>,
): void {
  const stack: SerializedNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (node.type === TEXT) {
      if (node.isStyle && typeof node.textContent === 'string')
        node.textContent = mapCssUrls(node.textContent, replace);
      continue;
    }
    if (node.type === ELEMENT) {
      mapElement(node, replace);
      // Remembered so a later change of its href (a theme switch) is an asset address too.
      if (typeof node.id === 'number' && (node.tagName ?? '').toLowerCase() === 'link')
        links.add(node.id);
    }
    const children = node.childNodes;
    if (!Array.isArray(children)) continue;
    const style = node.type === ELEMENT && (node.tagName ?? '').toLowerCase() === 'style';
    // Last child first onto the stack: addresses come out in document order.
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i]!;
      // A <style>'s text is CSS even when rrweb did not mark it isStyle.
      if (style && child?.type === TEXT && typeof child.textContent === 'string')
        child.textContent = mapCssUrls(child.textContent, replace);
      else stack.push(child);
    }
  }
}

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null;

function mapIncremental(
  data: Loose,
  replace: (url: string) => string | null,
  links: Set<number>,
): void {
  const css = (value: unknown) => (typeof value === 'string' ? mapCssUrls(value, replace) : value);
  switch (data.source) {
    case IncrementalSource.Mutation: {
      if (Array.isArray(data.adds))
        for (const add of data.adds as Loose[])
          if (isObject(add) && isObject(add.node))
            mapTree(add.node as unknown as SerializedNode, replace, links);
      if (Array.isArray(data.attributes))
        for (const change of data.attributes as Loose[]) {
          if (!isObject(change) || !isObject(change.attributes)) continue;
          const attributes = change.attributes;
          if (typeof attributes.href === 'string' && links.has(change.id as number))
            attributes.href = replace(attributes.href) ?? attributes.href;
          for (const name of ['src', 'poster', 'background']) {
            const value = attributes[name];
            if (typeof value === 'string') attributes[name] = replace(value) ?? value;
          }
          if (typeof attributes.srcset === 'string')
            attributes.srcset = mapSrcset(attributes.srcset, replace);
          for (const name of ['style', '_cssText']) {
            const value = attributes[name];
            if (typeof value === 'string') attributes[name] = css(value);
            else if (isObject(value))
              for (const [property, declared] of Object.entries(value)) {
                if (typeof declared === 'string') value[property] = css(declared);
                else if (Array.isArray(declared) && typeof declared[0] === 'string')
                  declared[0] = css(declared[0]);
              }
          }
        }
      // Text changes are style text only when they read as CSS; other text is left alone.
      if (Array.isArray(data.texts))
        for (const change of data.texts as Loose[])
          if (
            isObject(change) &&
            typeof change.value === 'string' &&
            /\{[^}]*url\(/i.test(change.value)
          )
            change.value = css(change.value);
      return;
    }
    case IncrementalSource.StyleSheetRule:
      if (Array.isArray(data.adds))
        for (const add of data.adds as Loose[]) if (isObject(add)) add.rule = css(add.rule);
      return;
    case IncrementalSource.StyleDeclaration:
      if (isObject(data.set)) data.set.value = css(data.set.value);
      return;
    case IncrementalSource.AdoptedStyleSheet:
      if (Array.isArray(data.styles))
        for (const style of data.styles as Loose[])
          if (isObject(style) && Array.isArray(style.rules))
            for (const rule of style.rules as Loose[])
              if (isObject(rule)) rule.rule = css(rule.rule);
      return;
  }
}

/**
 * Visits every asset address in the events, in order, resolved against the page's address (the
 * latest Meta event's, else `base`), and replaces it where `replace` returns a string. Events are
 * changed in place; with a `replace` that always returns null nothing changes.
 */
export function mapAssetUrls(
  events: readonly TimedEvent[],
  replace: ReplaceAssetUrl,
  base?: string,
): void {
  let page = base;
  /** Ids of <link> elements seen so far (their href may change later). */
  const links = new Set<number>();
  // The same address recurs (a product image in every row): resolve each once per page.
  let keys = new Map<string, string | null>();
  const resolveAndReplace = (written: string) => {
    let key = keys.get(written);
    if (key === undefined) {
      key = assetKeyOf(written, page);
      keys.set(written, key);
    }
    return key === null ? null : replace(key);
  };
  for (const event of events) {
    const data = (event as { data?: unknown }).data;
    if (!isObject(data)) continue;
    if (event.type === EventType.Meta && typeof data.href === 'string') {
      page = data.href;
      keys = new Map();
    } else if (event.type === EventType.FullSnapshot && isObject(data.node))
      mapTree(data.node as unknown as SerializedNode, resolveAndReplace, links);
    else if (event.type === EventType.IncrementalSnapshot)
      mapIncremental(data, resolveAndReplace, links);
  }
}

/** The distinct asset addresses the events name, in order of first mention. */
export function extractAssetUrls(events: readonly TimedEvent[], base?: string): string[] {
  const urls = new Set<string>();
  mapAssetUrls(
    events,
    (url) => {
      urls.add(url);
      return null;
    },
    base,
  );
  return [...urls];
}
