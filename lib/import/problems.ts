/** A row (or header) the import cannot take, located the way an editor shows it. */
export interface ImportProblem {
  /** File name as found in the folder, e.g. `contacts.csv.gz`. */
  file: string;
  /** Physical line the row starts on; the header is line 1. */
  line: number;
  /** The column at fault, or `(row)` when the row as a whole is. */
  column: string;
  reason: string;
}

export const WHOLE_ROW = '(row)';

export function formatProblem(problem: ImportProblem): string {
  return `${problem.file}:${problem.line}: ${problem.column}: ${problem.reason}`;
}

/** Bad input: the import landed nothing. The message is the one line `file:line: column: reason`. */
export class ImportError extends Error {
  constructor(readonly problem: ImportProblem) {
    super(formatProblem(problem));
    this.name = 'ImportError';
  }
}
