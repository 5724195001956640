import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { RISK_WEIGHTS } from './weights';

/**
 * What one scoring run judges: the as-of moment, the window before it, and whether it covers
 * every account or only the ones in the temp table `risk_scope`.
 */
export interface RunContext {
  asOf: Date;
  windowStart: Date;
  scoped: boolean;
  /** Step timings in ms, for the benchmark and `--verbose` runs. */
  timings: Record<string, number>;
  /** Told as each step starts: a full run over millions of accounts takes long enough to show it. */
  onStep?: (step: string) => void;
}

export function runContext(asOf: Date, scoped: boolean, onStep?: (step: string) => void): RunContext {
  if (Number.isNaN(asOf.getTime())) throw new Error('as-of time is not a valid date');
  return {
    asOf,
    windowStart: new Date(asOf.getTime() - RISK_WEIGHTS.windowDays * 86_400_000),
    scoped,
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

/** Building block (a scoring step, inside the run's transaction). Runs one step and records how long it took. */
export async function step(tx: Db, run: RunContext, name: string, query: SQL): Promise<void> {
  run.onStep?.(name);
  const started = performance.now();
  await tx.execute(query);
  run.timings[name] = Math.round(performance.now() - started);
}

/** `and <column> in (select account_id from risk_scope)` when the run is scoped, nothing otherwise. */
export function inScope(run: RunContext, column: SQL): SQL {
  return run.scoped ? sql`and ${column} in (select account_id from risk_scope)` : sql``;
}
