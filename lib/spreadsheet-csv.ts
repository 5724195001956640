import { stringify, type Options } from 'csv-stringify/sync';

/**
 * CSV for files people open in a spreadsheet (police packages, the transparency report, import
 * rejects). A cell that starts with =, +, -, @, a tab or a carriage return is prefixed with an
 * apostrophe, so a username like `=HYPERLINK(…)` is shown as text instead of run as a formula
 * (csv-stringify's escape_formulas; negative numbers passed as numbers are left alone).
 */
export function spreadsheetCsv(records: unknown[][], options: Omit<Options, 'escape_formulas'> = {}): string {
  return stringify(records, { ...options, escape_formulas: true });
}
