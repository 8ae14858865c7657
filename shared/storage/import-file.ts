import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { importKindOf, type ImportKind } from '../bundle/import-kind';
import { DEFAULT_BUNDLE_LIMITS, readBundle } from '../bundle/read-bundle';
import {
  checkRrwebJsonSize,
  DEFAULT_RRWEB_JSON_LIMITS,
  readRrwebJson,
  rrwebSessionOf,
  RRWEB_JSON_PRODUCER,
} from '../bundle/rrweb-json';
import type { TabreelDb } from '../db/schema';
import { importBundle, importSessions } from './import-bundle';

/** A file picked or dropped, as far as importing needs it (a DOM `File` adapts to it). */
export interface ImportFileInput {
  name: string;
  size: number;
  /** Its first bytes (at least 16 when it has them): enough to tell a bundle from JSON. */
  head: Uint8Array;
  /** Its bytes, a piece at a time (a bundle is read streaming). */
  stream: () => AsyncIterable<Uint8Array>;
  /** Its bytes whole (JSON has no record boundaries to stream by). */
  bytes: () => Promise<Uint8Array>;
}

export interface ImportFileResult {
  kind: ImportKind;
  /** The new ids of the sessions it held, in its order. */
  ids: string[];
}

/**
 * Imports one file, a bundle or a plain rrweb event array, all or nothing. Every refusal is a
 * BundleError with a message for the person; nothing is stored then.
 */
export async function importFile(
  db: TabreelDb,
  file: ImportFileInput,
  options: { now: number; newId: () => string },
): Promise<ImportFileResult> {
  const kind = importKindOf(file.name, file.head);
  const common = { from: file.name, ...options };
  if (kind === 'bundle') {
    const bundle = await readBundle(file.stream(), {
      ...DEFAULT_BUNDLE_LIMITS,
      compressedBytes: file.size,
    });
    return { kind, ids: await importBundle(db, bundle, common) };
  }
  const limits = DEFAULT_RRWEB_JSON_LIMITS;
  // Checked before reading: a file too large to parse is never loaded.
  checkRrwebJsonSize(file.size, limits);
  const bytes = await file.bytes();
  const events = readRrwebJson(bytes, limits);
  const session = rrwebSessionOf(events, { fileName: file.name });
  const ids = await importSessions(
    db,
    [session],
    { producer: RRWEB_JSON_PRODUCER, sha256: bytesToHex(sha256(bytes)) },
    common,
  );
  return { kind, ids };
}
