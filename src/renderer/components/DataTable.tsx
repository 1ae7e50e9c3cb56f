import type { ReactNode } from 'react';

export interface TableColumn {
  /** The header text (empty for a decoration column). */
  readonly label: string;
  /** Right-aligned figures. */
  readonly numeric?: boolean;
  /** Said by screen readers, not shown (a column of row actions). */
  readonly hiddenLabel?: boolean;
  /** A column drawn only, skipped by screen readers, styled by this class (a column of bars). */
  readonly decoration?: string;
}

export interface DataTableProps {
  /** For screen readers: what the table lists. */
  readonly caption: string;
  /** `false` leaves a column out (one shown only to some users). */
  readonly columns: readonly (TableColumn | false)[];
  /** Classes besides `table`. */
  readonly className?: string;
  /** The rows. */
  readonly children: ReactNode;
}

/** A table of rows with a header row: the markup and classes every list screen shares. */
export function DataTable({ caption, columns, className, children }: DataTableProps): ReactNode {
  return (
    <table className={className === undefined ? 'table' : `table ${className}`}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>{columns.map((column, index) => column && <ColumnHeader key={index} column={column} />)}</tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

function ColumnHeader({ column }: { readonly column: TableColumn }): ReactNode {
  if (column.decoration !== undefined) return <th scope="col" aria-hidden="true" className={column.decoration} />;
  return (
    <th scope="col" className={column.numeric === true ? 'numeric' : undefined}>
      {column.hiddenLabel === true ? <span className="visually-hidden">{column.label}</span> : column.label}
    </th>
  );
}
