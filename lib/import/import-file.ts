import type { Db } from '@/db/client';
import type { ImportFile } from './files';
import { WHOLE_ROW, ImportError, type ImportProblem } from './problems';
import { CsvReadError, readCsv, type CsvRecord } from './read-csv';
import type { RejectsWriter } from './rejects';
import type { StagedRow } from './schemas';
import {
  createStagingTable,
  dropProblemRows,
  findSetProblems,
  setProblemsPage,
  StagingBatch,
  upsertStaged,
} from './staging';

// One COPY per batch: large enough that a statement's round trip is noise, small enough to keep memory flat.
const BATCH_ROWS = 20_000;
const REJECTS_PAGE = 2_000;

export interface FileSummary {
  file: string;
  /** Data rows read (the header not counted). */
  rows: number;
  inserted: number;
  updated: number;
  /** Rows already stored exactly as given (a re-import). */
  unchanged: number;
  rejected: number;
}

export interface FileProgress {
  file: string;
  /** Rows read so far (all of them once reading is over). */
  rows: number;
  elapsedMs: number;
  phase: 'reading' | 'checking' | 'writing' | 'done';
}

export interface FileContext {
  /** Present with `--skip-invalid`: bad rows go there. Absent: the first bad row ends the import. */
  rejects: RejectsWriter | null;
  onProgress?: (progress: FileProgress) => void;
  /** Note the pair of every conversation written (import_touched_pairs), for an incremental re-score to build on. */
  notePairs: boolean;
}

/**
 * Building block (inside the caller's transaction): imports one file inside the import's transaction: stream → validate each row → stage in batches →
 * set-wise checks → upsert. Throws ImportError for the first bad row unless rejects are being kept.
 */
export async function importFile(
  tx: Db,
  file: ImportFile,
  located: { path: string; fileName: string },
  context: FileContext,
): Promise<FileSummary> {
  const { fileName } = located;
  const started = Date.now();
  const summary: FileSummary = { file: fileName, rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const report = (phase: FileProgress['phase']) =>
    context.onProgress?.({ file: fileName, rows: summary.rows, elapsedMs: Date.now() - started, phase });

  await createStagingTable(tx, file);
  const batch = new StagingBatch(file);
  let header: readonly string[] | null = null;
  let firstRowProblem: ImportProblem | null = null;
  // One batch is written while the next is parsed and validated (on PostgreSQL the two overlap).
  let writing: Promise<void> = Promise.resolve();

  try {
    for await (const record of readCsv(located.path)) {
      if (!header) {
        header = checkHeader(file, fileName, record);
        continue;
      }
      summary.rows++;
      const checked = validateRow(file, fileName, header, record);
      if ('problem' in checked) {
        if (!context.rejects) {
          firstRowProblem = checked.problem;
          break;
        }
        await context.rejects.reject(checked.problem, record.fields);
        summary.rejected++;
        continue;
      }
      batch.add(record.line, checked.row);
      if (batch.size >= BATCH_ROWS) {
        await writing;
        writing = batch.flush(tx);
        writing.catch(() => {}); // awaited before the next batch or below; a failure surfaces there
        report('reading');
      }
    }
  } catch (error) {
    await writing.catch(() => {});
    if (error instanceof CsvReadError) {
      throw new ImportError({ file: fileName, line: error.line, column: WHOLE_ROW, reason: error.reason });
    }
    throw error;
  }
  await writing;
  if (!header) header = checkHeader(file, fileName, { line: 1, fields: [] });
  await batch.flush(tx);

  report('checking');
  const setProblems = await findSetProblems(tx, file);
  if (!context.rejects) {
    // Everything before the first bad row is staged, so the earliest problem of either kind is the one to name.
    const [firstSetProblem] = await setProblemsPage(tx, file, 0, 1);
    const candidates = [firstRowProblem, firstSetProblem && toProblem(fileName, firstSetProblem)];
    const first = candidates.filter((p) => p !== null && p !== undefined).sort((a, b) => a.line - b.line)[0];
    if (first) throw new ImportError(first);
  } else if (setProblems > 0) {
    await rejectSetProblems(tx, file, fileName, header, context.rejects);
    await dropProblemRows(tx, file);
    summary.rejected += setProblems;
  }

  report('writing');
  const counts = await upsertStaged(tx, file, context.notePairs);
  summary.inserted = counts.inserted;
  summary.updated = counts.updated;
  summary.unchanged = summary.rows - summary.rejected - counts.inserted - counts.updated;
  report('done');
  return summary;
}

/** Maps the header to the contract's columns; the file may order them as it likes, but not rename or repeat. */
function checkHeader(file: ImportFile, fileName: string, record: CsvRecord): readonly string[] {
  const names = record.fields.map((name) => name.trim());
  const problem = (column: string, reason: string) => new ImportError({ file: fileName, line: record.line, column, reason });
  const unknown = names.filter((name) => !file.columns.includes(name));
  const missing = file.columns.find((column) => !names.includes(column));
  if (missing) {
    throw problem(missing, unknown.length ? `missing column (found instead: ${unknown.join(', ')})` : 'missing column');
  }
  if (unknown[0] !== undefined) throw problem(unknown[0], 'unknown column');
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw problem(repeated, 'column given twice');
  return names;
}

function validateRow(
  file: ImportFile,
  fileName: string,
  header: readonly string[],
  record: CsvRecord,
): { row: StagedRow } | { problem: ImportProblem } {
  const at = { file: fileName, line: record.line };
  if (record.fields.length !== header.length) {
    return { problem: { ...at, column: WHOLE_ROW, reason: `${record.fields.length} fields, the header has ${header.length}` } };
  }
  const input: Record<string, string> = {};
  header.forEach((column, i) => (input[column] = record.fields[i]!));
  const plain = file.plainRow(input);
  if (plain) return { row: plain };
  const parsed = file.schema.safeParse(input);
  if (parsed.success) return { row: parsed.data };
  const [issue] = parsed.error.issues;
  return { problem: { ...at, column: String(issue?.path[0] ?? WHOLE_ROW), reason: issue?.message ?? 'invalid row' } };
}

function toProblem(fileName: string, row: { line: number; column_name: string; reason: string }): ImportProblem {
  return { file: fileName, line: row.line, column: row.column_name, reason: row.reason };
}

async function rejectSetProblems(
  tx: Db,
  file: ImportFile,
  fileName: string,
  header: readonly string[],
  rejects: RejectsWriter,
): Promise<void> {
  for (let after = 0; ; ) {
    const page = await setProblemsPage(tx, file, after, REJECTS_PAGE);
    for (const row of page) {
      await rejects.reject(toProblem(fileName, row), header.map((column) => row.values[column] ?? ''));
    }
    if (page.length < REJECTS_PAGE) return;
    after = page[page.length - 1]!.line;
  }
}
