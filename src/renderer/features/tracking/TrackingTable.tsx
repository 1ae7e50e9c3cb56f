import type { ReactNode } from 'react';
import { DataTable } from '../../components/DataTable.js';

export interface TrackingColumn<T> {
  readonly key: string;
  readonly label: string;
  readonly numeric?: boolean;
  /** Said by screen readers, not shown (a column of row actions). */
  readonly hiddenLabel?: boolean;
  readonly cell: (row: T) => ReactNode;
}

export interface TrackingTableProps<T> {
  readonly caption: string;
  readonly columns: readonly TrackingColumn<T>[];
  readonly rows: readonly T[];
  readonly rowKey: (row: T) => string;
  /** data-testid of each row, for tests that count or pick rows. */
  readonly rowTestId: string;
}

/** The tracking tabs' tables: the shared DataTable, each cell drawn by its column. */
export function TrackingTable<T>({ caption, columns, rows, rowKey, rowTestId }: TrackingTableProps<T>): ReactNode {
  return (
    <DataTable caption={caption} columns={columns}>
      {rows.map((row) => (
        <tr key={rowKey(row)} data-testid={rowTestId}>
          {columns.map((column) => (
            <td key={column.key} className={column.numeric === true ? 'numeric' : undefined}>
              {column.cell(row)}
            </td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}
