// The bundle format: one gzip stream of JSON lines (docs/bundle-format.md). A line is one record;
// the first says what the file is, the last carries the count and a SHA-256 of everything before
// it. Streams both ways: a writer never holds more than one record, a reader checks as it goes.
import * as v from 'valibot';
import { assetKindOf } from '../assets/asset-kind';
import { MAX_ASSET_URL_CHARS } from '../assets/asset-limits';

export const BUNDLE_FORMAT = 'tabreel-bundle';
/**
 * The format version this code writes and the newest it reads. Only ever grows. 1: sessions,
 * events, analyses. 2: captured assets (stylesheets, fonts, images) and each session's address →
 * asset map, for replay offline; a version 1 file upgrades to a version 2 bundle with no assets.
 */
export const BUNDLE_VERSION = 2;
export const BUNDLE_FILE_EXTENSION = '.tabreel';
export const BUNDLE_MEDIA_TYPE = 'application/x-tabreel-bundle';

/** A record's events are cut here, so no line grows past what a reader can hold at once. */
export const EVENTS_PER_RECORD = 2000;
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;
/** A writer closes an events record past this many characters, well under MAX_RECORD_CHARS. */
export const RECORD_FLUSH_CHARS = 16 * 1024 * 1024;

/** The furthest from 1970 a time may lie, in ms: as far as a `Date` reaches. */
export const MAX_TIME_MS = 8.64e15;

/**
 * A time, ms since the epoch. A file's `1e999` (Infinity) or `1e300` is none: taken, it put a row
 * at a start no date shows and a replay across more years than a date holds.
 */
const TimeSchema = v.pipe(
  v.number(),
  v.check(
    (ms) => Math.abs(ms) <= MAX_TIME_MS,
    'is not a time (ms since 1970, within the range of a date)',
  ),
);

/** What a session's record says of it: its row in brief (no local state such as tab or pin). */
export const BundleSessionMetaSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  startedAt: TimeSchema,
  // Any number: an end that is no time is replaced at import (replay-span.ts, clampSessionEnd).
  endedAt: v.nullable(v.number()),
  endReason: v.nullable(v.string()),
  startReason: v.string(),
  firstUrl: v.string(),
  host: v.string(),
  title: v.string(),
  pageCount: v.number(),
  eventCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
  campaign: v.nullable(v.string()),
  privacy: v.object({ level: v.string() }),
  label: v.optional(v.string()),
  tags: v.optional(v.array(v.string())),
  note: v.optional(v.string()),
});
export type BundleSessionMeta = v.InferOutput<typeof BundleSessionMetaSchema>;

export const BundleHeaderSchema = v.object({
  t: v.literal('bundle'),
  format: v.literal(BUNDLE_FORMAT),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  producer: v.object({ name: v.string(), version: v.string() }),
  createdAt: v.number(),
  sessions: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)),
});
export type BundleHeader = v.InferOutput<typeof BundleHeaderSchema>;

export const SessionRecordSchema = v.object({
  t: v.literal('session'),
  index: v.pipe(v.number(), v.integer(), v.minValue(0)),
  session: BundleSessionMetaSchema,
});

/** rrweb's `eventWithTime` as far as a reader can check it: a type and a time. */
export const BundleEventSchema = v.looseObject({
  type: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)),
  timestamp: TimeSchema,
});

export const EventsRecordSchema = v.object({
  t: v.literal('events'),
  session: v.pipe(v.number(), v.integer(), v.minValue(0)),
  events: v.pipe(v.array(BundleEventSchema), v.maxLength(EVENTS_PER_RECORD)),
});

/** The derived analysis travels as it is; a reader re-derives it when the rules have changed. */
export const AnalysisRecordSchema = v.object({
  t: v.literal('analysis'),
  session: v.pipe(v.number(), v.integer(), v.minValue(0)),
  analysis: v.looseObject({ version: v.number() }),
});

export const EndRecordSchema = v.object({
  t: v.literal('end'),
  records: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** SHA-256 (hex) of every byte before this line: the header and all records, newlines included. */
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
});

const Sha256Schema = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));

/** v2: refs records carry at most this many addresses each (a writer splits longer lists). */
export const REFS_PER_RECORD = 1000;

/**
 * v2: one captured asset, once per bundle whatever number of sessions and addresses use it. Its
 * bytes are base64; a reader checks them against `hash` and `size`, and the media type against the
 * kinds a replay uses (a stylesheet, font or image), before anything is stored.
 */
export const AssetRecordSchema = v.object({
  t: v.literal('asset'),
  hash: Sha256Schema,
  mime: v.pipe(
    v.string(),
    v.maxLength(100),
    v.check((mime) => assetKindOf(mime) !== null, 'is not a stylesheet, font or image type'),
  ),
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  data: v.string(),
});

/** v2: which captured asset stands for which address in a session's replay. */
export const AssetRefsRecordSchema = v.object({
  t: v.literal('assets'),
  session: v.pipe(v.number(), v.integer(), v.minValue(0)),
  refs: v.pipe(
    v.array(
      v.object({
        url: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ASSET_URL_CHARS)),
        hash: Sha256Schema,
      }),
    ),
    v.maxLength(REFS_PER_RECORD),
  ),
});
export type BundleAssetRef = v.InferOutput<typeof AssetRefsRecordSchema>['refs'][number];
