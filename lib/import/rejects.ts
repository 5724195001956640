import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { spreadsheetCsv } from '../spreadsheet-csv';
import type { ImportProblem } from './problems';

/**
 * The rejects file of `--skip-invalid`: a CSV with `file, line, column, reason, row`, where `row` is the
 * rejected row's fields as CSV in the file's own column order. Written as rows are rejected, waiting
 * for the disk when the stream's buffer is full, so a file full of bad rows does not fill memory.
 */
export class RejectsWriter {
  private readonly out: WriteStream;
  count = 0;

  private constructor(readonly path: string) {
    this.out = createWriteStream(path);
  }

  static async open(path: string): Promise<RejectsWriter> {
    const writer = new RejectsWriter(path);
    await once(writer.out, 'open');
    await writer.write(['file', 'line', 'column', 'reason', 'row']);
    return writer;
  }

  async reject(problem: ImportProblem, fields: readonly string[]): Promise<void> {
    this.count++;
    // The rejected row as one cell (it is escaped as a whole if it starts like a formula).
    const row = stringify([fields], { record_delimiter: '' });
    await this.write([problem.file, String(problem.line), problem.column, problem.reason, row]);
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }

  /** The import failed: a rejects file would describe rows that did not land either way. */
  async discard(): Promise<void> {
    this.out.destroy();
    await unlink(this.path).catch(() => {});
  }

  private async write(record: string[]): Promise<void> {
    if (!this.out.write(spreadsheetCsv([record]))) await once(this.out, 'drain');
  }
}
