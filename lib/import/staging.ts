import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { copyField, copyText } from '@/db/copy';
import { stagingTable, type ImportFile } from './files';
import type { StagedRow } from './schemas';

/**
 * Building block (inside the caller's transaction): the set-wise half of an import, inside its transaction: rows are staged in a TEMP table per file
 * (text columns plus the line they came from, written with COPY), checked against each other and the database with a
 * few queries, then upserted into the real table in one statement.
 *
 * Work tables: `import_problems` holds one file's set-wise problems at a time; `import_touched`
 * collects the ids of every account whose data the import changed, `import_touched_pairs` the pair
 * of every conversation it changed when asked (no key: a pair written twice is harmless).
 */
export async function createWorkTables(tx: Db): Promise<void> {
  await tx.execute(sql`create temp table import_problems (
    line int primary key, column_name text not null, reason text not null) on commit drop`);
  await tx.execute(sql`create temp table import_touched (account_id text primary key) on commit drop`);
  await tx.execute(sql`create temp table import_touched_pairs (account_lo text not null, account_hi text not null) on commit drop`);
}

/** Building block (inside the caller's transaction). */
export async function createStagingTable(tx: Db, file: ImportFile): Promise<void> {
  const columns = file.columns.map((column) => `${column} text`).join(', ');
  await tx.execute(sql.raw(`create temp table ${stagingTable(file)} (line int primary key, ${columns}) on commit drop`));
}

// A batch of 20,000 ordinary rows fits; one of long descriptions grows it.
const FIRST_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Collects validated rows as COPY text, so a batch goes to staging as one `COPY … FROM STDIN`. The
 * text is written into a byte buffer as each row arrives: a batch held as 20,000 strings lived long
 * enough to be copied by every young-generation collection before the join, and collection was
 * ~40% of an import's parsing time.
 */
export class StagingBatch {
  private bytes = Buffer.allocUnsafe(FIRST_BUFFER_BYTES);
  private used = 0;
  private rows = 0;

  constructor(private readonly file: ImportFile) {}

  get size(): number {
    return this.rows;
  }

  add(line: number, row: StagedRow): void {
    let text = String(line);
    for (const column of this.file.columns) text += '\t' + copyField(row[column] ?? null);
    this.append(text + '\n');
    this.rows++;
  }

  /** Sends the collected rows and starts a new batch at once, so rows can be added while this one is written. */
  async flush(tx: Db): Promise<void> {
    if (this.rows === 0) return;
    const batch = this.bytes.subarray(0, this.used);
    this.bytes = Buffer.allocUnsafe(this.bytes.length);
    this.used = 0;
    this.rows = 0;
    await copyText(tx, stagingTable(this.file), ['line', ...this.file.columns], batch);
  }

  private append(text: string): void {
    // A character is at most three bytes in UTF-8 (four for a pair of two UTF-16 units).
    if (this.used + text.length * 3 > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + text.length * 3));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.used += this.bytes.write(text, this.used, 'utf8');
  }
}

/**
 * Building block (inside the caller's transaction): records every staged row that breaks a rule only the whole set can show — a key given twice in the
 * file, an account id that exists neither in this import nor in the database, a report id already stored
 * for another account — keeping the first rule broken per line. Returns how many lines broke one.
 */
export async function findSetProblems(tx: Db, file: ImportFile): Promise<number> {
  const stage = stagingTable(file);
  await tx.execute(sql.raw(`analyze ${stage}`));
  // A hash aggregate answers "any key twice?" far faster than the window that names the lines, which
  // sorts the whole file: the window runs only when there is something to name.
  const [repeated] = await queryRows<{ found: boolean }>(
    tx,
    sql.raw(`select exists (select from ${stage} s group by ${file.key.expressions} having count(*) > 1) as found`),
  );
  const checks: string[] = [];
  if (repeated?.found) {
    checks.push(
      `select line, '${file.key.column}' as column_name, '${file.key.reason} ' || first_line as reason, 0 as rule
       from (select s.line, first_value(s.line) over w as first_line, row_number() over w as n
             from ${stage} s window w as (partition by ${file.key.expressions} order by s.line)) keyed
       where n > 1`,
    );
  }
  checks.push(
    // Accounts of this import were upserted before any file that refers to them, so one table answers.
    ...file.references.map(
      (column, i) =>
        `select s.line, '${column}' as column_name, 'unknown account "' || s.${column} || '"' as reason, ${i + 1} as rule
         from ${stage} s
         where s.${column} is not null and not exists (select 1 from accounts a where a.account_id = s.${column})`,
    ),
  );
  if (file.reportIdColumn) {
    checks.push(
      `select s.line, '${file.reportIdColumn}' as column_name, 'report id already stored for account "' || r.reported_id || '"' as reason, 9 as rule
       from ${stage} s join reports r on r.report_id = s.report_id and r.reported_id <> s.reported_id`,
    );
  }
  await tx.execute(sql`truncate import_problems`);
  if (checks.length === 0) return 0;
  const [result] = await queryRows<{ n: number }>(
    tx,
    sql.raw(`with found as (
      insert into import_problems (line, column_name, reason)
      select distinct on (line) line, column_name, reason from (${checks.join(' union all ')}) problems
      order by line, rule
      returning 1)
    select count(*)::int as n from found`),
  );
  return result?.n ?? 0;
}

export interface SetProblemRow {
  line: number;
  column_name: string;
  reason: string;
  values: Record<string, string | null>;
}

/** Building block (inside the caller's transaction): A page of the set-wise problems with the staged row of each, in line order after `afterLine`. */
export async function setProblemsPage(tx: Db, file: ImportFile, afterLine: number, limit: number): Promise<SetProblemRow[]> {
  const rows = await queryRows<Record<string, string | number | null>>(
    tx,
    sql`select p.line, p.column_name, p.reason, s.*
        from import_problems p join ${sql.raw(stagingTable(file))} s using (line)
        where p.line > ${afterLine} order by p.line limit ${limit}`,
  );
  return rows.map((row) => ({
    line: Number(row.line),
    column_name: String(row.column_name),
    reason: String(row.reason),
    values: Object.fromEntries(file.columns.map((column) => [column, row[column] as string | null])),
  }));
}

/** Building block (inside the caller's transaction): `--skip-invalid`: the rows with set-wise problems stay out of the upsert. */
export async function dropProblemRows(tx: Db, file: ImportFile): Promise<void> {
  await tx.execute(sql.raw(`delete from ${stagingTable(file)} s using import_problems p where s.line = p.line`));
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

/**
 * Building block (inside the caller's transaction): writes the staged rows into the real table; notes the accounts of every changed row in import_touched,
 * and with `notePairs` the pair of every changed conversation in import_touched_pairs.
 */
export async function upsertStaged(tx: Db, file: ImportFile, notePairs: boolean): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0 };
  for (const statement of file.write) {
    const written = await writeNoting(tx, statement, notePairs && file.conversations === true);
    counts.inserted += written.inserted;
    counts.updated += written.updated;
  }
  await tx.execute(sql.raw(`drop table ${stagingTable(file)}`));
  return counts;
}

/** Runs one writing statement of an ImportFile (RETURNING inserted, touched_a, touched_b), noting the touched accounts (and conversations). */
async function writeNoting(tx: Db, statement: string, conversations: boolean): Promise<UpsertCounts> {
  const pairs = conversations ? `, pairs as (insert into import_touched_pairs select touched_a, touched_b from written)` : '';
  const [counts] = await queryRows<UpsertCounts>(
    tx,
    sql.raw(`with written as (${statement}),
    touched as (
      insert into import_touched (account_id)
      select touched_a from written union select touched_b from written where touched_b is not null
      on conflict do nothing)${pairs}
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
    from written`),
  );
  return { inserted: counts?.inserted ?? 0, updated: counts?.updated ?? 0 };
}

/** Building block (inside the caller's transaction): the accounts the import changed: their number, and their ids when there are at most `listLimit`. */
export async function touchedAccounts(tx: Db, listLimit: number): Promise<{ count: number; ids: string[] | null }> {
  const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from import_touched`);
  const count = row?.n ?? 0;
  if (count > listLimit) return { count, ids: null };
  const ids = await queryRows<{ account_id: string }>(tx, sql`select account_id from import_touched order by account_id`);
  return { count, ids: ids.map((r) => r.account_id) };
}
