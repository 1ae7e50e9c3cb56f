import type { ReactNode } from 'react';

export interface DataColumn<T> {
  readonly key: string;
  /** The column header; shown to screen readers only when `hideHeader` (an actions column). */
  readonly header: string;
  readonly hideHeader?: boolean;
  readonly numeric?: boolean;
  readonly cell: (row: T) => ReactNode;
}

export interface DataTableProps<T> {
  /** Read to screen readers: "Tracked repos". */
  readonly caption: string;
  readonly columns: readonly DataColumn<T>[];
  readonly rows: readonly T[];
  readonly rowKey: (row: T) => string;
  /** data-testid of each body row, for tests that count or pick rows. */
  readonly rowTestId?: string;
}

/** A plain table of rows by columns in the house style (`.table`). */
export function DataTable<T>({ caption, columns, rows, rowKey, rowTestId }: DataTableProps<T>): ReactNode {
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.key} scope="col" className={column.numeric === true ? 'numeric' : undefined}>
              {column.hideHeader === true ? <span className="visually-hidden">{column.header}</span> : column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} data-testid={rowTestId}>
            {columns.map((column) => (
              <td key={column.key} className={column.numeric === true ? 'numeric' : undefined}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
