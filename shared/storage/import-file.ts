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

export interface ImportFileOptions {
  now: number;
  newId: () => string;
  /**
   * Open, rather than store again, a file whose sessions an earlier import already stored (the
   * standalone viewer's `?bundle=`, opened at every reload).
   */
  reuse?: boolean;
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
  options: ImportFileOptions,
): Promise<ImportFileResult> {
  const kind = importKindOf(file.name, file.head);
  const common = { from: file.name, now: options.now, newId: options.newId };
  if (kind === 'bundle') {
    const bundle = await readBundle(file.stream(), {
      ...DEFAULT_BUNDLE_LIMITS,
      compressedBytes: file.size,
    });
    const earlier = options.reuse
      ? await importedBefore(
          db,
          file.name,
          bundle.sha256,
          bundle.sessions.map((session) => session.meta.id),
        )
      : null;
    return { kind, ids: earlier ?? (await importBundle(db, bundle, common)) };
  }
  const limits = DEFAULT_RRWEB_JSON_LIMITS;
  // Checked before reading: a file too large to parse is never loaded.
  checkRrwebJsonSize(file.size, limits);
  const bytes = await file.bytes();
  const events = readRrwebJson(bytes, limits);
  const session = rrwebSessionOf(events, { fileName: file.name });
  const hash = bytesToHex(sha256(bytes));
  const earlier = options.reuse
    ? await importedBefore(db, file.name, hash, [session.meta.id])
    : null;
  const ids =
    earlier ??
    (await importSessions(db, [session], { producer: RRWEB_JSON_PRODUCER, sha256: hash }, common));
  return { kind, ids };
}

/**
 * The ids, in the file's order, of the sessions an earlier import of this very file stored (same
 * name and hash, every one of them still there); null when there is no such import.
 */
async function importedBefore(
  db: TabreelDb,
  from: string,
  hash: string,
  originalIds: readonly string[],
): Promise<string[] | null> {
  // `imported` is not indexed: a scan, done only when a page opens a file it may have opened before.
  const rows = await db.sessions
    .filter((row) => row.imported?.from === from && row.imported.sha256 === hash)
    .toArray();
  const byOriginal = new Map(rows.map((row) => [row.imported!.originalId, row.id]));
  const ids = originalIds.map((id) => byOriginal.get(id));
  return ids.every((id) => id !== undefined) ? (ids as string[]) : null;
}
