import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { FlateErrorCode, Gunzip } from 'fflate';
import * as v from 'valibot';
import type { TimedEvent } from '../events/tabreel-events';
import { MAX_ASSET_BYTES, MAX_BUNDLE_ASSETS } from '../assets/asset-limits';
import { base64ToBytes } from './base64';
import { upgradeBundle } from './upgrade-bundle';
import {
  AnalysisRecordSchema,
  AssetRecordSchema,
  AssetRefsRecordSchema,
  type BundleAssetRef,
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  BundleHeaderSchema,
  EndRecordSchema,
  EventsRecordSchema,
  MAX_RECORD_CHARS,
  SessionRecordSchema,
  type BundleHeader,
  type BundleSessionMeta,
} from './bundle-format';
import { BundleError } from './bundle-error';

export interface ReadBundleLimits {
  /** Never expand past this many bytes, whatever the file says (checked while inflating). */
  maxExpandedBytes: number;
  /** The file's own size when known: a file may not expand more than `maxRatio` times it… */
  compressedBytes?: number;
  maxRatio: number;
  /** …unless it stays under this (small files of repetitive events compress very well). */
  ratioFreeBytes: number;
  /** JSON nesting deeper than this is refused before parsing (a DOM is rarely 1000 deep). */
  maxDepth: number;
  /** v2: one asset's bytes may not exceed this (the recorder captures at most MAX_ASSET_BYTES). */
  maxAssetBytes?: number;
  /** v2: a bundle may not hold more assets than this. */
  maxAssets?: number;
}

export const DEFAULT_BUNDLE_LIMITS: ReadBundleLimits = {
  maxExpandedBytes: 2 * 1024 ** 3,
  maxRatio: 200,
  ratioFreeBytes: 64 * 1024 ** 2,
  maxDepth: 10_000,
  maxAssetBytes: MAX_ASSET_BYTES,
  maxAssets: MAX_BUNDLE_ASSETS,
};

export interface BundleSession {
  meta: BundleSessionMeta;
  events: TimedEvent[];
  analysis: { version: number } | null;
  /** v2: the session's address → asset map (empty for a version 1 file). */
  assetRefs: BundleAssetRef[];
}

/** v2: a captured asset whose bytes matched its hash. */
export interface BundleAsset {
  hash: string;
  mime: string;
  data: Uint8Array;
}

export interface ReadBundle {
  /** As the current version (an older file's header after its upgrade steps). */
  header: BundleHeader;
  /** The version the file was written in. */
  fileVersion: number;
  sessions: BundleSession[];
  /** v2: the assets the sessions' refs name, by hash, each once. */
  assets: Map<string, BundleAsset>;
  sha256: string;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const MB = 1024 * 1024;

/** How deep `text`'s arrays and objects nest, stopping early past `limit` (strings skipped). */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i += 1; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 93 || c === 125) depth -= 1;
  }
  return false;
}

function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0]!;
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * Reads a bundle, checking everything before anything is returned (all or nothing): the file is a
 * Tabreel bundle of a version this code reads, it expands within the limits (counted while
 * inflating, never from what the file declares), every record has the right shape and nesting,
 * every session holds the events it says, and the hash in the last record matches.
 */
export async function readBundle(
  source: Uint8Array | AsyncIterable<Uint8Array>,
  limits: ReadBundleLimits = DEFAULT_BUNDLE_LIMITS,
): Promise<ReadBundle> {
  const cap =
    limits.compressedBytes === undefined
      ? limits.maxExpandedBytes
      : Math.min(
          limits.maxExpandedBytes,
          Math.max(limits.ratioFreeBytes, limits.compressedBytes * limits.maxRatio),
        );
  const hash = sha256.create();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const sessions: BundleSession[] = [];
  const assets = new Map<string, BundleAsset>();
  const maxAssetBytes = limits.maxAssetBytes ?? MAX_ASSET_BYTES;
  const maxAssets = limits.maxAssets ?? MAX_BUNDLE_ASSETS;
  let header: BundleHeader | null = null;
  let records = 0;
  let end: { records: number; sha256: string } | null = null;
  let expanded = 0;
  let partialPieces: string[] = [];
  let partialChars = 0;
  let checkedMagic = false;

  const sessionName = (index: number) => {
    const meta = sessions[index]?.meta;
    return `session ${index + 1}${meta ? ` (“${meta.title || meta.firstUrl || meta.id}”)` : ''}`;
  };

  const onRecord = (line: string) => {
    if (end) throw new BundleError('bad-shape', 'There is data after the end of the bundle.');
    const lineNo = records + 1;
    if (line.length > MAX_RECORD_CHARS)
      throw new BundleError(
        'too-large',
        `Record ${lineNo} is larger than ${MAX_RECORD_CHARS / MB} MB.`,
      );
    if (jsonDepthExceeds(line, limits.maxDepth))
      throw new BundleError(
        'too-deep',
        `Record ${lineNo} nests deeper than ${limits.maxDepth} levels: no recording is that deep.`,
      );
    let record: { t?: unknown };
    try {
      record = JSON.parse(line) as { t?: unknown };
    } catch {
      throw header
        ? new BundleError('bad-shape', `Record ${lineNo} is not valid JSON.`)
        : new BundleError('not-a-bundle', 'This file is not a Tabreel bundle.');
    }
    if (!header) {
      const claims = record as { t?: unknown; format?: unknown; version?: unknown };
      if (claims?.t !== 'bundle' || claims.format !== BUNDLE_FORMAT)
        throw new BundleError('not-a-bundle', 'This file is not a Tabreel bundle.');
      if (typeof claims.version === 'number' && claims.version > BUNDLE_VERSION)
        throw new BundleError(
          'newer-version',
          `This bundle was made by a newer Tabreel (bundle format ${claims.version}); this one reads up to format ${BUNDLE_VERSION}. Update Tabreel to open it.`,
        );
      const parsed = v.safeParse(BundleHeaderSchema, record);
      if (!parsed.success)
        throw new BundleError(
          'bad-shape',
          `The bundle's header is wrong: ${issueText(parsed.issues)}.`,
        );
      header = parsed.output;
      hash.update(encoder.encode(`${line}\n`));
      records += 1;
      return;
    }
    if (record?.t === 'end') {
      const parsed = v.safeParse(EndRecordSchema, record);
      if (!parsed.success)
        throw new BundleError('bad-shape', `The end record is wrong: ${issueText(parsed.issues)}.`);
      end = parsed.output;
      return;
    }
    hash.update(encoder.encode(`${line}\n`));
    records += 1;
    switch (record?.t) {
      case 'session': {
        const parsed = v.safeParse(SessionRecordSchema, record);
        if (!parsed.success)
          throw new BundleError(
            'bad-session',
            `${sessionName(sessions.length)} is not valid: ${issueText(parsed.issues)}.`,
          );
        if (parsed.output.index !== sessions.length)
          throw new BundleError('bad-shape', `Sessions are out of order at record ${lineNo}.`);
        sessions.push({
          meta: parsed.output.session,
          events: [],
          analysis: null,
          assetRefs: [],
        });
        return;
      }
      case 'events': {
        const index = (record as { session?: unknown }).session;
        const parsed = v.safeParse(EventsRecordSchema, record);
        if (!parsed.success)
          throw new BundleError(
            'bad-session',
            `${typeof index === 'number' ? sessionName(index) : `Record ${lineNo}`} has invalid events: ${issueText(parsed.issues)}.`,
          );
        const session = sessions[parsed.output.session];
        if (!session || parsed.output.session !== sessions.length - 1)
          throw new BundleError('bad-shape', `Record ${lineNo} holds events of no open session.`);
        for (const event of parsed.output.events) session.events.push(event as TimedEvent);
        return;
      }
      case 'analysis': {
        const parsed = v.safeParse(AnalysisRecordSchema, record);
        if (!parsed.success || !sessions[parsed.output.session])
          throw new BundleError('bad-shape', `Record ${lineNo} is not a valid analysis.`);
        sessions[parsed.output.session]!.analysis = parsed.output.analysis;
        return;
      }
      case 'asset': {
        if (header.version < 2) break;
        const parsed = v.safeParse(AssetRecordSchema, record);
        if (!parsed.success)
          throw new BundleError(
            'bad-shape',
            `Record ${lineNo} is not a valid asset: ${issueText(parsed.issues)}.`,
          );
        const { hash: assetHash, mime, size, data } = parsed.output;
        // Checked before decoding: base64 is 4 characters per 3 bytes.
        if (size > maxAssetBytes || data.length > Math.ceil(maxAssetBytes / 3) * 4)
          throw new BundleError(
            'too-large',
            `Asset ${assetHash.slice(0, 12)}… is larger than ${Math.round(maxAssetBytes / MB)} MB.`,
          );
        if (assets.has(assetHash)) return; // the same content twice: kept once
        if (assets.size >= maxAssets)
          throw new BundleError('too-large', `The bundle holds more than ${maxAssets} assets.`);
        let bytes: Uint8Array;
        try {
          bytes = base64ToBytes(data);
        } catch {
          throw new BundleError('bad-shape', `Record ${lineNo}: the asset's data is not base64.`);
        }
        if (bytes.length !== size || bytesToHex(sha256(bytes)) !== assetHash)
          throw new BundleError(
            'hash-mismatch',
            `Asset ${assetHash.slice(0, 12)}… does not match its hash: it was changed or damaged after it was made.`,
          );
        assets.set(assetHash, { hash: assetHash, mime, data: bytes });
        return;
      }
      case 'assets': {
        if (header.version < 2) break;
        const parsed = v.safeParse(AssetRefsRecordSchema, record);
        if (!parsed.success)
          throw new BundleError(
            'bad-shape',
            `Record ${lineNo} is not a valid list of assets: ${issueText(parsed.issues)}.`,
          );
        const session = sessions[parsed.output.session];
        if (!session || parsed.output.session !== sessions.length - 1)
          throw new BundleError('bad-shape', `Record ${lineNo} lists assets of no open session.`);
        session.assetRefs.push(...parsed.output.refs);
        return;
      }
    }
    // Kinds of a later version than the file says it is, or of none.
    throw new BundleError('bad-shape', `Record ${lineNo} is of an unknown kind.`);
  };

  let failure: unknown = null;
  const gunzip = new Gunzip((chunk) => {
    if (failure) return;
    try {
      expanded += chunk.length;
      if (expanded > cap)
        throw new BundleError(
          'too-large',
          `This file expands past ${Math.round(cap / MB)} MB: it is not a bundle Tabreel can open safely.`,
        );
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new BundleError('bad-shape', 'The bundle holds text that is not UTF-8.');
      }
      // Newlines are looked for in the new text only; a long record gathers in pieces, so a big
      // record costs linear time, not a re-split of all of it on every piece.
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        partialPieces.push(text.slice(start, nl));
        const line = partialPieces.join('');
        partialPieces = [];
        partialChars = 0;
        if (line) onRecord(line);
        start = nl + 1;
      }
      const rest = text.slice(start);
      if (rest) {
        partialPieces.push(rest);
        partialChars += rest.length;
      }
      if (partialChars > MAX_RECORD_CHARS)
        throw new BundleError('too-large', `A record is larger than ${MAX_RECORD_CHARS / MB} MB.`);
    } catch (error) {
      failure = error;
    }
  });

  const push = (bytes: Uint8Array, final: boolean) => {
    if (!checkedMagic && bytes.length > 0) {
      checkedMagic = true;
      if (bytes[0] !== GZIP_MAGIC[0] || (bytes.length > 1 && bytes[1] !== GZIP_MAGIC[1]))
        throw new BundleError('not-a-bundle', 'This file is not a Tabreel bundle.');
    }
    try {
      gunzip.push(bytes, final);
    } catch (error) {
      if (failure) throw failure;
      // Only a stream that stops early is cut off; any other inflate error is bad data inside a
      // whole file (a damaged file was told it "ends too early").
      if ((error as { code?: unknown }).code === FlateErrorCode.UnexpectedEOF)
        throw new BundleError('truncated', 'The bundle is truncated: it ends too early.');
      throw new BundleError(
        'hash-mismatch',
        'The bundle is damaged: its compressed data is invalid. It was changed or damaged after it was made.',
      );
    }
    if (failure) throw failure;
  };

  if (source instanceof Uint8Array) push(source, true);
  else {
    for await (const piece of source) push(piece, false);
    push(new Uint8Array(0), true);
  }
  if (!checkedMagic) throw new BundleError('not-a-bundle', 'This file is empty.');
  const partial = partialPieces.join('');
  // A file that is not a bundle may be one line without a newline: let the header check say so.
  if (partial.trim() && !header) onRecord(partial);
  else if (partial.trim() && !end)
    throw new BundleError('truncated', 'The bundle is truncated: its last record is cut off.');
  if (!header) throw new BundleError('not-a-bundle', 'This file is not a Tabreel bundle.');
  if (!end)
    throw new BundleError('truncated', 'The bundle is truncated: its end record is missing.');
  const digest = bytesToHex(hash.digest());
  const closing = end as { records: number; sha256: string };
  if (closing.records !== records || closing.sha256 !== digest)
    throw new BundleError(
      'hash-mismatch',
      'The bundle does not match its own hash: it was changed or damaged after it was made.',
    );
  const bundleHeader = header as BundleHeader;
  if (sessions.length !== bundleHeader.sessions)
    throw new BundleError(
      'bad-shape',
      `The bundle says it holds ${bundleHeader.sessions} sessions but holds ${sessions.length}.`,
    );
  for (const [index, session] of sessions.entries()) {
    if (session.events.length !== session.meta.eventCount)
      throw new BundleError(
        'bad-session',
        `${sessionName(index)} says it has ${session.meta.eventCount} events but holds ${session.events.length}.`,
      );
    const missing = session.assetRefs.find((ref) => !assets.has(ref.hash));
    if (missing)
      throw new BundleError(
        'bad-session',
        `${sessionName(index)} names an asset the bundle does not hold (${missing.url.slice(0, 200)}).`,
      );
  }
  return upgradeBundle({
    header: bundleHeader,
    fileVersion: bundleHeader.version,
    sessions,
    assets,
    sha256: digest,
  });
}
