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
  const align = (column: Column<Row>) => (column.align === 'right' ? 'text-right tabular-nums' : 'text-left');
  return (
    // Focusable, so a keyboard can scroll a table wider than the screen.
    <div tabIndex={0} className={`overflow-x-auto ${framed ? 'rounded-lg border border-slate-200 bg-white' : ''}`}>
      <table className="w-full border-collapse text-sm" aria-label={label} data-testid={testId}>
        <thead className={hideHeader ? 'sr-only' : undefined}>
          <tr className="border-b border-slate-200 text-xs text-slate-600">
            {columns.map((column, index) => (
              <th key={index} scope="col" className={`px-3 py-2 font-medium ${align(column)}`}>
                {column.srHeader ? <span className="sr-only">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, rowIndex) => {
            const { className: rowClass = '', ...attributes } = rowProps?.(row, rowIndex) ?? {};
            return (
              <tr key={rowKey(row, rowIndex)} className={`border-b border-slate-100 align-top last:border-0 ${rowClass}`} {...attributes}>
                {columns.map((column, index) => {
                  const classes = `px-3 py-1.5 ${align(column)} ${column.className ?? ''}`;
                  return column.rowHeader ? (
                    <th key={index} scope="row" className={`${classes} font-normal`}>
                      {column.cell(row, rowIndex)}
                    </th>
                  ) : (
                    <td key={index} className={classes}>
                      {column.cell(row, rowIndex)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
