// Sessions in and out of a database as files: the bundle, rrweb JSON and HTML exports and the
// import, with the bundle format's code (valibot, hashing, redaction). The viewer loads this chunk
// on the first export or import: opening a session needs none of it (P1).
import { BUNDLE_MEDIA_TYPE } from '../../shared/bundle/bundle-format';
import { exportFileName } from '../../shared/bundle/bundle-file-name';
import { HTML_EXPORT_MEDIA_TYPE, htmlExportParts } from '../../shared/bundle/html-export';
import type { SharingOptions } from '../../shared/bundle/prepare-for-sharing';
import { maskPatternsInText } from '../../shared/bundle/redact-for-sharing';
import { RRWEB_JSON_MEDIA_TYPE } from '../../shared/bundle/rrweb-json';
import { TABREEL_PRODUCER } from '../../shared/bundle/tabreel-producer';
import type { TabreelDb } from '../../shared/db/schema';
import { exportBundleParts, exportRrwebJsonParts } from '../../shared/storage/export-sessions';
import { importFile, type ImportFileResult } from '../../shared/storage/import-file';
import { blobOf } from '../state/save-file';
import { importInputOf } from './import-input';

/** These sessions as one bundle file; with `sharing`, a trimmed and redacted copy. */
export async function exportBundleFile(
  db: TabreelDb,
  ids: readonly string[],
  sharing: SharingOptions | undefined,
): Promise<Blob> {
  const parts = await exportBundleParts(db, ids, {
    producer: TABREEL_PRODUCER,
    createdAt: Date.now(),
    sharing,
  });
  return blobOf(parts, BUNDLE_MEDIA_TYPE);
}

/** One session as a plain rrweb event array. */
export async function exportRrwebJsonFile(db: TabreelDb, id: string): Promise<Blob> {
  return blobOf(await exportRrwebJsonParts(db, id), RRWEB_JSON_MEDIA_TYPE);
}

/** One session as a self-contained page: the standalone viewer with its bundle inside. */
export async function exportPageFile(
  db: TabreelDb,
  viewerHtml: () => Promise<string>,
  id: string,
  sharing: SharingOptions | undefined,
): Promise<Blob> {
  const [html, row, parts] = await Promise.all([
    viewerHtml(),
    db.sessions.get(id),
    exportBundleParts(db, [id], { producer: TABREEL_PRODUCER, createdAt: Date.now(), sharing }),
  ]);
  if (!row) throw new Error('This session no longer exists.');
  const title = maskPatternsInText(
    row.label || row.title || row.firstUrl || 'Tabreel session',
    sharing?.maskPatterns ?? [],
  );
  return new Blob(htmlExportParts(html, parts, { fileName: exportFileName([row]), title }), {
    type: HTML_EXPORT_MEDIA_TYPE,
  });
}

/** Imports a bundle or an rrweb JSON file under new ids (`reuse`: an earlier import of it). */
export async function importSessionFile(
  db: TabreelDb,
  file: File,
  reuse = false,
): Promise<ImportFileResult> {
  return importFile(db, await importInputOf(file), {
    now: Date.now(),
    newId: () => crypto.randomUUID(),
    ...(reuse ? { reuse: true } : {}),
  });
}
