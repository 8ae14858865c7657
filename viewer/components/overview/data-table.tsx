import type { ComponentChildren } from 'preact';
import { toCsv } from '../../../shared/metrics/to-csv';
import { saveFile } from '../../state/save-file';

export interface Column<T> {
  label: string;
  /** The cell on screen (a link to the sessions behind it, a bar, …). */
  cell: (row: T) => ComponentChildren;
  /** The cell in the CSV export. */
  csv: (row: T) => string | number | null;
  numeric?: boolean;
  /** In the export only (detail a cell already shows as a chart). */
  csvOnly?: boolean;
}

/** A table with a CSV export of exactly its rows and columns. */
export function DataTable<T>({
  name,
  caption,
  columns,
  rows,
  empty = 'Nothing in these sessions.',
}: {
  /** The CSV file's name, without extension. */
  name: string;
  caption: string;
  columns: ReadonlyArray<Column<T>>;
  rows: readonly T[];
  empty?: string;
}) {
  const shown = columns.filter((c) => !c.csvOnly);
  const exportCsv = () => {
    const csv = toCsv([
      columns.map((c) => c.label),
      ...rows.map((row) => columns.map((c) => c.csv(row))),
    ]);
    saveFile(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `tabreel-${name}.csv`);
  };
  return (
    <div class="data-table">
      <div class="data-table-head">
        <h3>{caption}</h3>
        {rows.length > 0 && (
          <button
            type="button"
            class="text-button"
            onClick={exportCsv}
            aria-label={`Export ${caption} as CSV`}
          >
            Export CSV
          </button>
        )}
      </div>
      {rows.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <table aria-label={caption}>
          <thead>
            <tr>
              {shown.map((c) => (
                <th key={c.label} class={c.numeric ? 'num' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                {shown.map((c) => (
                  <td key={c.label} class={c.numeric ? 'num' : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
