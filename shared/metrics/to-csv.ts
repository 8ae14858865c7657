/**
 * RFC 4180 CSV (CRLF rows, quoted when needed). A cell starting with `=`, `+`, `-`, `@`, tab or CR
 * gets a leading `'`: a spreadsheet would otherwise run recorded text (a page title) as a formula.
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
