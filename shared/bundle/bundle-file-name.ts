import { BUNDLE_FILE_EXTENSION } from './bundle-format';

/** The local calendar day of `ms`, `YYYY-MM-DD`. */
function localDay(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A host as a file name part: `127.0.0.1:8080` → `127.0.0.1-8080`; nothing unsafe on any disk. */
function fileSafe(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * A download's name: `tabreel-<host>-<date>.tabreel` (or `.json`), the site of the sessions (or
 * how many when they span sites) and the day the earliest began, so a folder of them sorts well.
 */
export function exportFileName(
  sessions: ReadonlyArray<{ host: string; startedAt: number }>,
  extension: string = BUNDLE_FILE_EXTENSION,
): string {
  const hosts = new Set(sessions.map((s) => fileSafe(s.host)));
  const [only] = hosts;
  const site =
    hosts.size === 1 && only ? only : hosts.size > 1 ? `${sessions.length}-sessions` : 'session';
  const earliest = Math.min(...sessions.map((s) => s.startedAt));
  return `tabreel-${site}-${localDay(Number.isFinite(earliest) ? earliest : 0)}${extension}`;
}
