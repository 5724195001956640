import { createReadStream } from 'node:fs';
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvError, parse, type Info } from 'csv-parse';

/** One CSV record and the physical line it starts on (1-based, counting line feeds). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A file that cannot be read as CSV past this point (unclosed quote, runaway row, bad gzip). */
export class CsvReadError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'CsvReadError';
  }
}

// A row longer than this is a broken quote swallowing the file, not data: stop instead of buffering it.
const MAX_RECORD_CHARS = 1_000_000;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Streams the records of a CSV file (`.gz` is gunzipped on the way), with backpressure: the file is
 * read only as fast as the caller consumes records, so memory does not grow with the file.
 *
 * Line numbers are computed here rather than taken from csv-parse, whose count drifts after a quoted
 * field holding CRLF: a pass-through stream notes the byte offset of every line feed, and a record
 * starts on the line after the previous record's last byte, plus any empty lines skipped between.
 */
export async function* readCsv(filePath: string): AsyncGenerator<CsvRecord> {
  const index = new LineFeedIndex();
  const parser = parse({
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n'],
    max_record_size: MAX_RECORD_CHARS,
  });
  const source = createReadStream(filePath);
  const stages = filePath.endsWith('.gz') ? [source, createGunzip(), index, parser] : [source, index, parser];
  // Errors of any stage surface through the parser's iteration below.
  pipeline(stages as unknown as [NodeJS.ReadableStream, NodeJS.WritableStream], () => {});

  let previousEnd = 0;
  let previousEmptyLines = 0;
  const nextLine = (emptyLines: number) => index.lineFeedsBefore(previousEnd) + 1 + (emptyLines - previousEmptyLines);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      const line = nextLine(info.empty_lines);
      previousEnd = info.bytes;
      previousEmptyLines = info.empty_lines;
      yield { line, fields: record };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new CsvReadError(nextLine(previousEmptyLines), csvReason(error));
    if (error instanceof Error && 'errno' in error && filePath.endsWith('.gz')) {
      throw new CsvReadError(nextLine(previousEmptyLines), `not a readable gzip file (${error.message})`);
    }
    throw error;
  } finally {
    parser.destroy();
  }
}

function csvReason(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quote opened in this row is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'unexpected character after a closing quote';
    case 'CSV_MAX_RECORD_SIZE':
      return `row longer than ${MAX_RECORD_CHARS} characters (unbalanced quote?)`;
    default:
      return error.message.replace(/ at line \d+.*$/, '');
  }
}

/** Passes bytes through unchanged (minus a leading UTF-8 BOM), remembering where each line feed is. */
class LineFeedIndex extends Transform {
  private offsets: number[] = [];
  private head = 0;
  private passed = 0;
  private bytes = 0;
  private first = true;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.first) {
      this.first = false;
      if (chunk.subarray(0, 3).equals(UTF8_BOM)) chunk = chunk.subarray(3);
    }
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) this.offsets.push(this.bytes + at);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  /** Line feeds before a byte offset. Offsets asked for never decrease, so passed ones are dropped. */
  lineFeedsBefore(offset: number): number {
    while (this.head < this.offsets.length && this.offsets[this.head]! < offset) {
      this.head++;
      this.passed++;
    }
    if (this.head > 65_536) {
      this.offsets = this.offsets.slice(this.head);
      this.head = 0;
    }
    return this.passed;
  }
}
