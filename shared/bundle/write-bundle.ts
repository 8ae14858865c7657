import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Gzip } from 'fflate';
import type { TimedEvent } from '../events/tabreel-events';
import { bytesToBase64 } from './base64';
import {
  BUNDLE_FORMAT,
  REFS_PER_RECORD,
  type BundleAssetRef,
  BUNDLE_VERSION,
  EVENTS_PER_RECORD,
  MAX_RECORD_CHARS,
  RECORD_FLUSH_CHARS,
  type BundleHeader,
  type BundleSessionMeta,
} from './bundle-format';

export interface BundleSessionInput {
  meta: BundleSessionMeta;
  /** The session's events in order, read a piece at a time (e.g. one stored chunk each). */
  events: AsyncIterable<readonly TimedEvent[]> | Iterable<readonly TimedEvent[]>;
  analysis?: { version: number } | null;
  /** v2: the session's captured assets, by address (their bytes come from `readAsset`). */
  assetRefs?: readonly BundleAssetRef[];
}

export interface WriteBundleOptions {
  producer: { name: string; version: string };
  createdAt: number;
  /** Receives the file a piece at a time (e.g. into a Blob's parts): never all of it at once. */
  onData: (chunk: Uint8Array) => void;
  /**
   * v2: an asset's bytes by hash, read when the writer gets to it (one at a time, never all);
   * undefined when it is gone (deleted meanwhile): its refs are left out.
   */
  readAsset?: (hash: string) => Promise<{ mime: string; data: Uint8Array } | undefined>;
}

const encoder = new TextEncoder();

/**
 * Writes sessions as one bundle (docs/bundle-format.md), streaming: records are written as the
 * events are read, compressed on the way, and hashed, so a 200 MB session never sits in memory
 * whole. Returns the number of records and the hash the end record carries.
 */
export async function writeBundle(
  sessions: readonly BundleSessionInput[],
  options: WriteBundleOptions,
): Promise<{ records: number; sha256: string }> {
  if (sessions.length === 0) throw new Error('A bundle needs at least one session.');
  const gzip = new Gzip({ level: 6 }, (chunk) => options.onData(chunk));
  const hash = sha256.create();
  let records = 0;
  const writeLine = (line: string) => {
    const bytes = encoder.encode(`${line}\n`);
    hash.update(bytes);
    gzip.push(bytes);
    records += 1;
  };
  const write = (record: object) => writeLine(JSON.stringify(record));
  const header: BundleHeader = {
    t: 'bundle',
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    producer: options.producer,
    createdAt: options.createdAt,
    sessions: sessions.length,
  };
  write(header);
  /** Hashes already considered: true when the asset was written, false when it was gone. */
  const written = new Map<string, boolean>();
  for (const [index, session] of sessions.entries()) {
    write({ t: 'session', index, session: session.meta });
    // A record closes at 2000 events or ~16 MB of JSON, whichever comes first, so every record
    // stays well under what a reader accepts (a few heavy snapshots can weigh many MB each).
    let pending: string[] = [];
    let pendingChars = 0;
    const flush = () => {
      if (pending.length === 0) return;
      writeLine(`{"t":"events","session":${index},"events":[${pending.join(',')}]}`);
      pending = [];
      pendingChars = 0;
    };
    for await (const piece of session.events) {
      for (const event of piece) {
        const json = JSON.stringify(event);
        if (json.length > MAX_RECORD_CHARS - 100)
          throw new Error(
            `An event of session ${index + 1} is larger than ${MAX_RECORD_CHARS / 2 ** 20} MB: it cannot be exported.`,
          );
        if (pendingChars + json.length > RECORD_FLUSH_CHARS) flush();
        pending.push(json);
        pendingChars += json.length + 1;
        if (pending.length === EVENTS_PER_RECORD) flush();
      }
    }
    flush();
    if (session.analysis) write({ t: 'analysis', session: index, analysis: session.analysis });
    // Each asset once per bundle, before the first session that names it; then the session's map.
    const refs: BundleAssetRef[] = [];
    for (const ref of session.assetRefs ?? []) {
      if (!written.has(ref.hash)) {
        const asset = await options.readAsset?.(ref.hash);
        written.set(ref.hash, asset !== undefined);
        if (asset)
          write({
            t: 'asset',
            hash: ref.hash,
            mime: asset.mime,
            size: asset.data.byteLength,
            data: bytesToBase64(asset.data),
          });
      }
      if (written.get(ref.hash)) refs.push({ url: ref.url, hash: ref.hash });
    }
    for (let from = 0; from < refs.length; from += REFS_PER_RECORD)
      write({ t: 'assets', session: index, refs: refs.slice(from, from + REFS_PER_RECORD) });
  }
  const digest = bytesToHex(hash.digest());
  const end = encoder.encode(`${JSON.stringify({ t: 'end', records, sha256: digest })}\n`);
  gzip.push(end, true);
  return { records, sha256: digest };
}
