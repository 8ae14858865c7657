import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Gzip } from 'fflate';
import type { TimedEvent } from '../events/tabreel-events';
import {
  BUNDLE_FORMAT,
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
}

export interface WriteBundleOptions {
  producer: { name: string; version: string };
  createdAt: number;
  /** Receives the file a piece at a time (e.g. into a Blob's parts): never all of it at once. */
  onData: (chunk: Uint8Array) => void;
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
  }
  const digest = bytesToHex(hash.digest());
  const end = encoder.encode(`${JSON.stringify({ t: 'end', records, sha256: digest })}\n`);
  gzip.push(end, true);
  return { records, sha256: digest };
}
