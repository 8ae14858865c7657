// Plain rrweb event JSON: the interop format every rrweb player reads (an `eventWithTime[]`).
// Our signals are rrweb Custom events, so an exported file replays anywhere and, imported back,
// keeps them. A foreign file is untrusted input like a bundle: capped, depth-checked, validated.
import { EventType } from '@rrweb/types';
import {
  customPayload,
  customTag,
  TABREEL_TAG,
  type PageViewPayload,
  type SessionStartPayload,
  type TimedEvent,
} from '../events/tabreel-events';
import { BundleError } from './bundle-error';
import { MAX_TIME_MS, type BundleSessionMeta } from './bundle-format';
import { jsonDepthExceeds, type BundleSession } from './read-bundle';
import { hostOf } from '../format/url-parts';

export const RRWEB_JSON_EXTENSION = '.json';
export const RRWEB_JSON_MEDIA_TYPE = 'application/json';
/** What an imported session from a plain rrweb file names as its producer. */
export const RRWEB_JSON_PRODUCER = 'rrweb JSON';

export interface ReadRrwebJsonLimits {
  /** The whole file is parsed at once (JSON has no record boundaries), so its size is capped. */
  maxBytes: number;
  maxDepth: number;
}

export const DEFAULT_RRWEB_JSON_LIMITS: ReadRrwebJsonLimits = {
  maxBytes: 256 * 1024 ** 2,
  maxDepth: 10_000,
};

const MAX_EVENT_TYPE = 8; // rrweb's EventType: 0 (DomContentLoaded) … 8 (Annotation)
const MB = 1024 ** 2;
const encoder = new TextEncoder();

/** Writes events as one JSON array, a piece at a time: never the whole text at once. */
export async function writeRrwebJson(
  pieces: AsyncIterable<readonly TimedEvent[]> | Iterable<readonly TimedEvent[]>,
  onData: (chunk: Uint8Array) => void,
): Promise<number> {
  let count = 0;
  onData(encoder.encode('['));
  for await (const piece of pieces) {
    if (piece.length === 0) continue;
    const text = piece.map((event) => JSON.stringify(event)).join(',\n');
    onData(encoder.encode(count === 0 ? text : `,\n${text}`));
    count += piece.length;
  }
  onData(encoder.encode(']\n'));
  return count;
}

/** Refuses a JSON file too large to parse whole; called with the file's size before reading it. */
export function checkRrwebJsonSize(size: number, limits: ReadRrwebJsonLimits): void {
  if (size > limits.maxBytes)
    throw new BundleError(
      'too-large',
      `This JSON file is ${Math.ceil(size / MB)} MB; Tabreel imports rrweb JSON files up to ${limits.maxBytes / MB} MB (a .tabreel bundle has no such limit).`,
    );
}

/**
 * Reads a plain rrweb recording: a JSON array of events, each with an integer `type` (0–8) and a
 * finite `timestamp`, at least one of them a full snapshot (else there is nothing to replay).
 * Throws a BundleError saying what is wrong, naming the event when one is.
 */
export function readRrwebJson(
  bytes: Uint8Array,
  limits: ReadRrwebJsonLimits = DEFAULT_RRWEB_JSON_LIMITS,
): TimedEvent[] {
  if (bytes.length === 0) throw new BundleError('not-a-bundle', 'This file is empty.');
  checkRrwebJsonSize(bytes.length, limits);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BundleError('bad-shape', 'This JSON file holds text that is not UTF-8.');
  }
  if (jsonDepthExceeds(text, limits.maxDepth))
    throw new BundleError(
      'too-deep',
      `This JSON file nests deeper than ${limits.maxDepth} levels: no recording is that deep.`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BundleError(
      'not-a-bundle',
      `This file is neither a Tabreel bundle nor valid JSON (${error instanceof Error ? error.message : 'unreadable'}).`,
    );
  }
  if (!Array.isArray(parsed))
    throw new BundleError(
      'not-a-bundle',
      `This JSON file is not an rrweb recording: it holds ${describe(parsed)}, not an array of events.`,
    );
  if (parsed.length === 0)
    throw new BundleError('bad-session', 'This rrweb recording holds no events.');
  let snapshot = false;
  for (const [index, event] of parsed.entries()) {
    const candidate = event as Partial<TimedEvent> | null;
    if (
      typeof candidate !== 'object' ||
      candidate === null ||
      Array.isArray(candidate) ||
      !Number.isInteger(candidate.type) ||
      candidate.type! < 0 ||
      candidate.type! > MAX_EVENT_TYPE ||
      typeof candidate.timestamp !== 'number' ||
      !(Math.abs(candidate.timestamp) <= MAX_TIME_MS) // a time a date holds, as in a bundle
    )
      throw new BundleError(
        'bad-session',
        `Event ${index + 1} of this JSON file is not an rrweb event: each needs a whole-number “type” from 0 to ${MAX_EVENT_TYPE} and a numeric “timestamp”.`,
      );
    if (candidate.type === EventType.FullSnapshot) snapshot = true;
  }
  if (!snapshot)
    throw new BundleError(
      'bad-session',
      'This rrweb recording has no full snapshot (an event of type 2): there is nothing to replay.',
    );
  return parsed as TimedEvent[];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * A plain rrweb recording as one session to import: its events in time order and what its row
 * says, read from the events (our page signals when it has them, else rrweb's Meta events).
 */
export function rrwebSessionOf(
  events: readonly TimedEvent[],
  options: { fileName: string },
): BundleSession {
  // A stable sort: events of the same millisecond keep their order.
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  let firstUrl = '';
  let title = '';
  let pageViews = 0;
  let metas = 0;
  for (const event of sorted) {
    const tag = customTag(event);
    if (tag === TABREEL_TAG.page || tag === TABREEL_TAG.sessionStart) {
      const page = customPayload<Partial<PageViewPayload & SessionStartPayload>>(event);
      if (tag === TABREEL_TAG.page) pageViews += 1;
      if (!firstUrl && typeof page?.url === 'string') firstUrl = page.url;
      if (!title && typeof page?.title === 'string') title = page.title;
    } else if (event.type === EventType.Meta) {
      metas += 1;
      const href = (event.data as { href?: unknown } | undefined)?.href;
      if (!firstUrl && typeof href === 'string') firstUrl = href;
    }
  }
  const meta: BundleSessionMeta = {
    id: options.fileName || 'rrweb recording',
    startedAt: sorted[0]?.timestamp ?? 0,
    endedAt: sorted.at(-1)?.timestamp ?? 0,
    endReason: null,
    startReason: 'navigation',
    firstUrl,
    host: hostOf(firstUrl),
    title: title || options.fileName.replace(/\.json$/i, ''),
    pageCount: pageViews || metas,
    eventCount: sorted.length,
    campaign: null,
    // A plain rrweb file does not say how it was masked.
    privacy: { level: 'unknown' },
  };
  return { meta, events: sorted, analysis: null, assetRefs: [] };
}
