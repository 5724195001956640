import type { HTMLAttributes, Key, ReactNode } from 'react';

/** One column: its header and how to draw a row's cell. */
export interface Column<Row> {
  /** Visible header text; for a column of checkboxes give a header for screen readers (`srHeader`). */
  header: ReactNode;
  cell: (row: Row, index: number) => ReactNode;
  /** The header is read by screen readers but not shown. */
  srHeader?: boolean;
  align?: 'left' | 'right';
  /** This column names the row (e.g. the account): drawn as a row header. */
  rowHeader?: boolean;
  className?: string;
}

type RowAttributes = HTMLAttributes<HTMLTableRowElement> & { 'data-testid'?: string };

/**
 * The one data table. Server or client: it holds no state, so a page passes its columns and rows and
 * the table draws the same header, spacing, borders and alignment everywhere. Give each table a
 * `label` (its accessible name) unless it sits alone in a titled `Card`.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  label,
  rowProps,
  hideHeader = false,
  framed = false,
  testId,
}: {
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => Key;
  label?: string;
  /** Extra attributes of a row: a highlight class, a test id, aria-current. */
  rowProps?: (row: Row, index: number) => RowAttributes;
  hideHeader?: boolean;
  /** Draw the table's own border and background (when it is not inside a Card). */
  framed?: boolean;
  testId?: string;
}) {
  // Padding, borders and alignment come from .data-table in app/globals.css: one rule, not classes on every cell.
  const cellClass = (column: Column<Row>) => [column.align === 'right' ? 'num' : '', column.className ?? ''].filter(Boolean).join(' ') || undefined;
  return (
    // Focusable, so a keyboard can scroll a table wider than the screen.
    <div tabIndex={0} className={`overflow-x-auto ${framed ? 'rounded-lg border border-slate-200 bg-white' : ''}`}>
      <table className="data-table w-full border-collapse text-sm" aria-label={label} data-testid={testId}>
        <thead className={hideHeader ? 'sr-only' : undefined}>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" className={column.align === 'right' ? 'num' : undefined}>
                {column.srHeader ? <span className="sr-only">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, rowIndex) => (
            <tr key={rowKey(row, rowIndex)} {...rowProps?.(row, rowIndex)}>
              {columns.map((column, index) =>
                column.rowHeader ? (
                  <th key={index} scope="row" className={cellClass(column)}>
                    {column.cell(row, rowIndex)}
                  </th>
                ) : (
                  <td key={index} className={cellClass(column)}>
                    {column.cell(row, rowIndex)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
