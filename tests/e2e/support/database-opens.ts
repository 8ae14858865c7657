// When Chromium opened the extension's IndexedDB files, from LevelDB's own log in the profile:
// every open starts a new LOG (the last one kept as LOG.old) with the recovery of the database's
// manifest and log. A black-box record of whether anything opened the database while the disk was
// full, whoever asked (the service worker, a page).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A line LevelDB writes as it opens a database: creating it, or recovering what is on disk. */
const OPEN_LINE =
  /^(\d{4})\/(\d{2})\/(\d{2})-(\d{2}):(\d{2}):(\d{2})\.(\d{3}) \S+ (Creating DB|Reusing MANIFEST|Recovering log)/;

/** The extension's IndexedDB folders (LevelDB) under `root` (a disk holding one profile). */
function databaseFolders(root: string, extensionId: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (entry.name === `chrome-extension_${extensionId}_0.indexeddb.leveldb`) found.push(path);
      else if (depth < 4) walk(path, depth + 1);
    }
  };
  walk(root, 0);
  return found;
}

/**
 * The times (ms, this machine's clock) at which the extension's database files were opened, as far
 * back as LevelDB's two logs go. Fails when there is no such database: nothing to check then.
 */
export function databaseOpens(root: string, extensionId: string): number[] {
  const folders = databaseFolders(root, extensionId);
  if (folders.length !== 1)
    throw new Error(`Expected one IndexedDB folder of the extension under ${root}: ${folders}`);
  const opens = new Set<number>();
  for (const name of ['LOG.old', 'LOG']) {
    const file = join(folders[0]!, name);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = OPEN_LINE.exec(line);
      if (!m) continue;
      const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number) as number[];
      // LevelDB writes local time.
      opens.add(new Date(y!, mo! - 1, d!, h!, mi!, s!, ms!).getTime());
    }
  }
  return [...opens].sort((a, b) => a - b);
}
