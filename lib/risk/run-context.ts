import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { RISK_WEIGHTS } from './weights';

/**
 * What one scoring run judges: the as-of moment, the window before it, and whether it covers
 * every account or only the ones in the work table `risk_scope`.
 */
export interface RunContext {
  asOf: Date;
  windowStart: Date;
  scoped: boolean;
  /**
   * Read the scope's conversations in sequential passes hashed against its accounts rather than by
   * index: every full run, and a scoped run of at least SEQUENTIAL_SCOPE accounts (see passOverContacts).
   */
  sequential: boolean;
  /** Work tables are unlogged tables in `risk_work` (a scoring run), else temp tables (see workTable). */
  parallel: boolean;
  /** The population's share of minors (numeric text), taken once per run (lib/risk/dirty.ts). */
  minorShare?: string;
  /**
   * Set by an incremental run after an import once it has derived the ages of its scope and written
   * them to risk_account_ages: `risk_age` is then a view over that table, every account's age.
   */
  ageState?: boolean;
  /** Step timings in ms, for the benchmark and `--verbose` runs. */
  timings: Record<string, number>;
  /** Told as each step starts: a full run over millions of accounts takes long enough to show it. */
  onStep?: (step: string) => void;
}

export function runContext(asOf: Date, scoped: boolean, onStep?: (step: string) => void, parallel = true): RunContext {
  if (Number.isNaN(asOf.getTime())) throw new Error('as-of time is not a valid date');
  return {
    asOf,
    windowStart: new Date(asOf.getTime() - RISK_WEIGHTS.windowDays * 86_400_000),
    scoped,
    sequential: !scoped,
    parallel,
    timings: {},
    onStep,
  };
}

/** A weight or threshold inlined into SQL: only finite numbers from code, never user input. */
export function num(value: number): SQL {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return sql.raw(String(value));
}

/** A timestamp literal (utility statements such as CREATE TABLE AS take no bind parameters). */
export function at(time: Date): SQL {
  return sql.raw(`'${time.toISOString()}'::timestamptz`);
}

export function text(value: string): SQL {
  return sql.raw(`'${value.replaceAll("'", "''")}'`);
}

/** A conversation of `contacts` (aliased `c`) in the run's window: begun by its as-of time, still going after the window's start. */
export function liveConversation(run: RunContext): SQL {
  return sql`c.first_contact_at <= ${at(run.asOf)} and c.last_contact_at > ${at(run.windowStart)}`;
}

/** Building block (a scoring step, inside the run's transaction). Runs one step and records how long it took. */
export async function step(tx: Db, run: RunContext, name: string, query: SQL): Promise<void> {
  run.onStep?.(name);
  const started = performance.now();
  if (process.env.LOOKOUT_EXPLAIN_STEPS && run.scoped) {
    // Diagnosis: the plan of each step of a scoped run as it ran (EXPLAIN ANALYZE executes the statement).
    const plan = await queryRows<{ 'QUERY PLAN': string }>(tx, sql`explain (analyze, costs off) ${query}`);
    process.stderr.write(`--- ${name}\n${plan.map((row) => row['QUERY PLAN']).join('\n')}\n`);
  } else {
    await tx.execute(query);
  }
  run.timings[name] = Math.round(performance.now() - started);
}

/**
 * Runs `work` with planner settings changed for its statements only, then puts back what they were.
 * For a step whose plan flips on the sampled statistics of a work table between a plan that takes
 * seconds and one that takes a minute.
 */
export async function withPlannerSettings<T>(tx: Db, settings: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const names = Object.keys(settings);
  const apply = (values: string[]) =>
    tx.execute(sql`select set_config(name, value, true) from unnest(${sql.param(names)}::text[], ${sql.param(values)}::text[]) as s(name, value)`);
  const before = await queryRows<{ value: string }>(tx, sql`select current_setting(name) as value from unnest(${sql.param(names)}::text[]) with ordinality as s(name, n) order by n`);
  await apply(names.map((name) => settings[name]!));
  const result = await work();
  await apply(before.map((row) => row.value));
  return result;
}

/**
 * From this many accounts in scope, a scoped run reads their conversations in sequential passes over
 * contacts. At 10M conversations a pass costs about what 28,000 accounts' index lookups cost while
 * contacts is in memory (2.3–2.7 s), and what 3,500 cost when it is not and the disk waits about
 * 3 ms a read (79–92 s for the edges of a day's incremental run on such a machine).
 */
export const SEQUENTIAL_SCOPE = 10_000;

/**
 * From this many sampled minors, a scoped run reads their two-way contacts (the community test) in a
 * pass over contacts; below it, by index. Measured at 10M conversations with contacts in memory:
 * 17,477 sampled minors by index 0.75 s against 2.65 s for the pass, 50,563 by index 3.85 s against
 * 2.6–3.3 s. Decided by the sample, not the scope: a day of birthdays alone puts ~14,000 accounts in
 * scope and only ~17,000 minors in the sample.
 */
export const SEQUENTIAL_SAMPLE = 30_000;

/**
 * Runs a step that reads contacts for many rows of a work table as a parallel pass hashed against
 * them when `sequential` (by default, whether the run reads its scope's conversations so:
 * RunContext.sequential); otherwise as the planner likes (index lookups for a few accounts).
 * Left to itself, the planner chose lookups from the sampled statistics of a work table, even where
 * they took ten times as long.
 */
export async function passOverContacts(tx: Db, run: RunContext, work: () => Promise<void>, sequential = run.sequential): Promise<void> {
  if (!sequential) return work();
  return withPlannerSettings(tx, { enable_nestloop: 'off', parallel_setup_cost: '10', parallel_tuple_cost: '0.001' }, work);
}

/** `and <column> in (select account_id from risk_scope)` when the run is scoped, nothing otherwise. */
export function inScope(run: RunContext, column: SQL): SQL {
  return run.scoped ? sql`and ${column} in (select account_id from risk_scope)` : sql``;
}

/** The schema of a scoring run's work tables (migration 0018); lookout_app may create tables there. */
const WORK_SCHEMA = 'risk_work';

/**
 * `create … table <name>` for a work table of the run. A scoring run's tables are unlogged
 * regular tables in `risk_work`, which PostgreSQL scans and joins with parallel workers (temp
 * tables it never does); the run drops them before it commits, and its advisory lock keeps two
 * runs from making the same names at once. A one-account age assessment, which takes no lock,
 * keeps temp tables.
 */
export function workTable(run: RunContext, name: string): SQL {
  return run.parallel ? sql`create unlogged table ${sql.identifier(name)}` : sql`create temp table ${sql.identifier(name)} on commit drop`;
}

/**
 * Building block: runs `work` with `risk_work` first on the search path, so the run's work tables
 * land there and are found by their plain names, then drops them (and any view over them) and restores the path.
 */
export async function withWorkSchema<T>(tx: Db, work: () => Promise<T>): Promise<T> {
  const [row] = await queryRows<{ path: string }>(tx, sql`select current_setting('search_path') as path`);
  const path = row!.path;
  await tx.execute(sql`select set_config('search_path', ${`${WORK_SCHEMA}, ${path}`}, true)`);
  const result = await work();
  const views = await queryRows<{ name: string }>(tx, sql`select viewname as name from pg_views where schemaname = ${WORK_SCHEMA}`);
  if (views.length > 0) {
    await tx.execute(sql`drop view ${sql.join(views.map(({ name }) => sql`${sql.identifier(WORK_SCHEMA)}.${sql.identifier(name)}`), sql`, `)}`);
  }
  const tables = await queryRows<{ name: string }>(tx, sql`select tablename as name from pg_tables where schemaname = ${WORK_SCHEMA}`);
  if (tables.length > 0) {
    await tx.execute(sql`drop table ${sql.join(tables.map(({ name }) => sql`${sql.identifier(WORK_SCHEMA)}.${sql.identifier(name)}`), sql`, `)}`);
  }
  await tx.execute(sql`select set_config('search_path', ${path}, true)`);
  return result;
}
