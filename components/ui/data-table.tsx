import type { ReactNode } from 'react';

export interface Column<Row> {
  header: ReactNode;
  /** Visually hidden header text (a column of buttons still needs a name). */
  srOnly?: boolean;
  className?: string;
  /** Hide the column (header and cells) below this breakpoint, on narrow screens. */
  hideBelow?: 'sm' | 'md' | 'lg';
  cell: (row: Row) => ReactNode;
}

// Whole class names, so Tailwind finds them.
const HIDE_BELOW = { sm: 'hidden sm:table-cell', md: 'hidden md:table-cell', lg: 'hidden lg:table-cell' } as const;

/** A list as a table: columns as data, one row per item. */
export function DataTable<Row>({ rows, columns, rowKey, rowTestId }: { rows: readonly Row[]; columns: readonly Column<Row>[]; rowKey: (row: Row) => string; rowTestId?: string }) {
  // relative: a screen-reader-only header (position: absolute) stays inside the table's
  // scrolling wrapper instead of widening the page on a phone.
  return (
    <table className="relative w-full text-sm">
      <thead className="text-left text-slate-600">
        <tr>
          {columns.map((column, index) => (
            <th key={index} className={`py-2 pr-4 font-medium ${column.hideBelow ? HIDE_BELOW[column.hideBelow] : ''}`}>
              {column.srOnly ? <span className="sr-only">{column.header}</span> : column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} className="border-t border-slate-100 align-top" data-testid={rowTestId}>
            {columns.map((column, index) => (
              <td key={index} className={`py-2 pr-4 ${column.className ?? ''} ${column.hideBelow ? HIDE_BELOW[column.hideBelow] : ''}`}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
