const UNITS = ['KB', 'MB', 'GB', 'TB'];

/** `512 B`, `12.4 KB`, `3.0 MB`, `256 MB`, `1.3 GB`: 1 KB = 1024 bytes, as the storage budget counts. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`;
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // 1023.96 MB rounds to "1024 MB", which is fine; below 100, one decimal.
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${UNITS[unit]}`;
}
