import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { isMinorSql } from '../platform/age-band';
import { lastContactAfter, lastContactBetween, utcDayOf } from '../platform/last-contact';
import { childSafetyBansSql } from './ban-evasion';
import { at, num, step, type RunContext } from './run-context';
import { RISK_WEIGHTS } from './weights';

/** What an incremental run needs to know of the run before it (the latest in risk_runs). */
export interface PreviousRun {
  asOf: Date;
  windowStart: Date;
  weightVersion: number;
  minorShare: number | null;
  /** Whether it left risk_account_ages as of its as-of time (only then can a run build on it). */
  keptAges: boolean;
}

/** Building block: the latest stored run, or null when there is none. */
export async function previousRun(tx: Db): Promise<PreviousRun | null> {
  const [row] = await queryRows<{ as_of: string; weight_version: number; minor_share: number | null; kept_ages: boolean }>(
    tx,
    sql`select as_of, weight_version, minor_share, kept_ages from risk_runs order by id desc limit 1`,
  );
  if (!row) return null;
  const asOf = new Date(row.as_of);
  return {
    asOf,
    windowStart: new Date(asOf.getTime() - RISK_WEIGHTS.windowDays * 86_400_000),
    weightVersion: row.weight_version,
    minorShare: row.minor_share === null ? null : Number(row.minor_share),
    keptAges: row.kept_ages,
  };
}

/** The population's share of minors is kept to this many decimals (a tenth of a percentage point). */
const SHARE_DIGITS = 3;

/**
 * Building block: the population's share of minors that volume is judged against
 * (lib/risk/targeting.ts), at least 5%, to a tenth of a percentage point, as PostgreSQL's exact
 * numeric text. A run takes it once; it is recorded with the run, so the next one knows whether it
 * moved. Kept to a tenth of a point, it moves about once a month in a steady population rather than
 * with every day's birthdays, and an incremental run re-scores every account that reads it
 * (risk_share_dependents) only then.
 */
export async function populationMinorShare(tx: Db, asOf: Date): Promise<string> {
  const [row] = await queryRows<{ share: string }>(
    tx,
    sql`select round(greatest(0.05, avg(case when ${isMinorSql(sql`claimed_birthdate`, sql`age_assurance`, asOf)} then 1.0 else 0.0 end)), ${num(SHARE_DIGITS)})::text as share
      from accounts where claimed_birthdate is not null`,
  );
  // No account with a birthdate: nothing to compare with, and volume needs no chance.
  return row?.share ?? '0.05';
}

/** The run's share of minors as a one-row subquery (column `minor_share`), the same numeric in every step. */
export function minorShareSql(run: RunContext): SQL {
  if (run.minorShare === undefined || !/^[0-9]+(\.[0-9]+)?$/.test(run.minorShare)) throw new Error('the run has no population share of minors');
  return sql.raw(`select ${run.minorShare}::numeric as minor_share`);
}

const DAY_MS = 86_400_000;

/**
 * A condition on a date column: its age in whole years on the UTC day of `now` differs from its age
 * on the UTC day of `previous` (a birthday in between). Ages are taken with age() as everywhere in
 * scoring; doing that twice for every account cost 0.6 s at a million accounts, so the month and day
 * of the date are tested first, which is a third of that. They are a superset: every day from
 * `previous` to `now` (a birthdate still ahead turns over the day after its anniversary, hence the
 * first day too), and 29 February, whose anniversary is 1 March in other years. More than a year
 * apart, or in the wrong order, every date is tested with age() alone.
 */
export function agedBetween(column: SQL, previous: Date, now: Date): SQL {
  const day = (time: Date) => Math.floor(time.getTime() / DAY_MS);
  const exact = sql`date_part('year', age(${utcDayOf(at(now))}, ${column})) <> date_part('year', age(${utcDayOf(at(previous))}, ${column}))`;
  const span = day(now) - day(previous);
  if (span < 0 || span >= 366) return exact;
  const monthDays = new Set([229]);
  for (let d = day(previous); d <= day(now); d++) {
    const date = new Date(d * DAY_MS);
    monthDays.add((date.getUTCMonth() + 1) * 100 + date.getUTCDate());
  }
  const list = sql.raw([...monthDays].join(', '));
  return sql`((date_part('month', ${column}) * 100 + date_part('day', ${column}))::int in (${list}) and ${exact})`;
}

/**
 * Building block (a step of an incremental run). Adds to `risk_touched` — accounts whose own data
 * or age may have changed, so that everything reading them is re-scored — what moved with time
 * since the previous run, and fills `risk_self` with accounts of which only their own signals
 * changed:
 * - ages: a birthday between the two as-of dates (the claimed birthdate, or one an account showed
 *   before a change), a birthdate change in between, an account that came into being, an
 *   age-misrepresentation report entering or leaving the window; conversations that went on after
 *   the previous as-of time (both sides: they may have become two-way, which neighbours read);
 * - own signals only: both sides of a conversation that left the window (the window bounds edges
 *   and audiences, not who knows whom), the blocked side of a block and the reported side of a
 *   report entering or leaving it, accounts created at its far edge and the device-mates of
 *   child-safety bans (ban evasion);
 * - when the population's share of minors moved, every account that judged volume by it
 *   (risk_share_dependents).
 */
export async function addDirtySinceRun(tx: Db, run: RunContext, previous: PreviousRun): Promise<void> {
  const prev = at(previous.asOf);
  const now = at(run.asOf);
  const prevStart = at(previous.windowStart);
  const start = at(run.windowStart);
  const column = (name: string) => sql.raw(name);
  const entered = (name: string) => sql`(${column(name)} > ${prev} and ${column(name)} <= ${now})`;
  const left = (name: string) => sql`(${column(name)} > ${prevStart} and ${column(name)} <= ${start})`;
  const aged = (name: string) => agedBetween(column(name), previous.asOf, run.asOf);
  await step(
    tx,
    run,
    'dirty: time',
    sql`insert into risk_touched
      select account_id from accounts where ${aged('claimed_birthdate')} or ${entered('created_at')}
      union select account_id from birthdate_changes
        where ${entered('changed_at')} or ${aged('old_birthdate')} or ${aged('new_birthdate')}
      union select account_lo from contacts where ${lastContactAfter(prev)}
      union select account_hi from contacts where ${lastContactAfter(prev)}
      union select reported_id from reports where category = 'age_misrepresentation' and (${left('created_at')} or ${entered('created_at')})
      on conflict do nothing`,
  );
  const shareMoved = previous.minorShare === null || previous.minorShare !== Number(run.minorShare);
  await step(
    tx,
    run,
    'dirty: own signals',
    sql`create unlogged table risk_self as
      select account_lo as account_id from contacts where ${lastContactBetween(prevStart, start)}
      union select account_hi from contacts where ${lastContactBetween(prevStart, start)}
      union select blocked_id from blocks where ${left('blocked_at')} or ${entered('blocked_at')}
      union select reported_id from reports where ${left('created_at')} or ${entered('created_at')}
      union select account_id from accounts where ${left('created_at')}
      union select o.account_id from ${childSafetyBansSql()} ban
        join accounts b on b.account_id = ban.account_id join accounts o on o.device_cluster = b.device_cluster
      union select account_id from risk_signals where code = 'ban_evasion'
      ${shareMoved ? sql`union select account_id from risk_share_dependents` : sql``}`,
  );
  await tx.execute(sql`analyze risk_touched`);
}

/**
 * Building block (a step of an incremental run, once the kept ages are up to date).
 * `risk_changed_conversations`: the rows of the conversations whose kept edges (risk_kept_edges) may
 * no longer hold — those the import changed (`importPairs`, with columns account_lo and account_hi),
 * those that went on after the previous as-of time (they may have entered the window), those that
 * left the window, and every conversation of an account whose kept age changed in this run
 * (`risk_age_changed`: an edge reads both sides' ages and devices). Nothing else changes an edge
 * between two runs: retention, which deletes conversations, drops the kept state instead
 * (dropKeptState).
 */
export async function buildChangedConversations(tx: Db, run: RunContext, previous: PreviousRun, importPairs: string): Promise<void> {
  const prev = at(previous.asOf);
  await step(
    tx,
    run,
    'edges: changed conversations',
    sql`create unlogged table risk_changed_conversations as
      select c.* from ${sql.identifier(importPairs)} p join contacts c on c.account_lo = p.account_lo and c.account_hi = p.account_hi
      union select * from contacts where ${lastContactAfter(prev)}
      union select * from contacts where ${lastContactBetween(at(previous.windowStart), at(run.windowStart))}
      union select c.* from risk_age_changed a join contacts c on c.account_lo = a.account_id
      union select c.* from risk_age_changed a join contacts c on c.account_hi = a.account_id`,
  );
  await tx.execute(sql`analyze risk_changed_conversations`);
}

/**
 * Building block (inside the transaction that deleted platform rows: retention). An incremental run
 * finds what changed from what was imported and what time moved, not from deletions; the kept edges
 * hold conversations in the window, and the community test reads conversations of any age (who
 * knows whom is not bounded by the window). So after a deletion the latest run is no longer built
 * on, and the next re-score after an import is a full one. Returns whether there was kept state to drop.
 */
export async function dropKeptState(tx: Db): Promise<boolean> {
  const dropped = await queryRows<{ id: number }>(
    tx,
    sql`update risk_runs set kept_ages = false where id = (select max(id) from risk_runs) and kept_ages returning id`,
  );
  return dropped.length > 0;
}
