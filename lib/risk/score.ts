import { sql, type SQL } from 'drizzle-orm';
import { queryRows, rolledBack, type Db } from '@/db/client';
import { riskRuns } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { insertBanEvasionSignals } from './ban-evasion';
import { raiseBanEvasionFlags } from './ban-evasion-flags';
import { buildAgeEvidence, buildClaimedAges, claimedBandSql, createSignalRowsTable, insertAgeSignals } from './age';
import { at, inScope, liveConversation, num, runContext, SEQUENTIAL_SCOPE, step, withWorkSchema, workTable, type RunContext } from './run-context';
import { addDirtySinceRun, buildChangedConversations, populationMinorShare, previousRun, type PreviousRun } from './dirty';
import { buildBlocks, buildCommunities, buildContactEdges, buildReports, EDGE_COLUMNS } from './signals';
import { signalsJson, toItem, type RiskListItem } from './queries';
import { buildTargeting, CONTEXT_CODES } from './targeting';
import { applyWeights, currentWeights, type WeightSet } from './weight-versions';
import { insertBehaviourSignals } from './weigh';
import { REPORT_CUES, RISK_WEIGHTS } from './weights';

export interface ScoreOptions {
  /** The moment judged (scoreAll: default ctx.now; the building blocks are always told). Ages are taken then; contacts, blocks and reports in the window before it. */
  asOf?: Date;
  /** Called with each step's name as it starts (progress on a terminal). */
  onStep?: (step: string) => void;
  /** The weights to score with (default: the version in force, lib/risk/reweigh.ts). */
  weights?: WeightSet;
}

export interface ScoreResult {
  runId: number;
  asOf: Date;
  scope: 'full' | 'accounts';
  /** Accounts re-assessed in a scoped run (the touched ones and their neighbours). */
  subjects: number | null;
  /** Accounts that ended with a score above zero. */
  scored: number;
  durationMs: number;
  timings: Record<string, number>;
}

// Serialises scoring runs: two at once would replace each other's rows.
const SCORING_LOCK_KEY = 7_400_211;
/** Signals below this many points are noise and are not stored (bulk messaging is context at 0). */
const MIN_SIGNAL_POINTS = 0.5;

/**
 * Re-scores every account (permission risk:score), in one transaction with one audit entry.
 * The old scores stay visible to readers until the new ones commit.
 */
export async function scoreAll(ctx: LibContext, options: ScoreOptions = {}): Promise<ScoreResult> {
  const staff = requirePermission(ctx.actor, 'risk:score');
  return ctx.db.transaction(async (tx) => {
    const result = await runScoring(tx, { ...options, asOf: options.asOf ?? ctx.now }, null);
    await appendAudit(tx, {
      actor: staff,
      action: 'risk.score',
      targetType: 'risk',
      changes: { asOf: result.asOf.toISOString(), scope: 'full', scored: result.scored, runId: result.runId },
      requestAddress: ctx.requestAddress,
    });
    return result;
  });
}

/**
 * Building block: re-scores the given accounts and everyone whose signals they feed (their contacts,
 * their device-mates and the device-mates' contacts, the accounts they blocked). Call it inside the transaction that changed them — an import — which writes
 * the audit entry; this function checks no permission of its own for that reason.
 */
export async function rescoreAccounts(tx: Db, accountIds: readonly string[], options: ScoreOptions & { asOf: Date }): Promise<ScoreResult> {
  return runScoring(tx, options, { ids: accountIds });
}

/**
 * Past this many touched accounts (or a quarter of all accounts) an import re-scores everyone:
 * one full pass is cheaper than that many neighbourhoods.
 */
export const FULL_RESCORE_FROM = 50_000;

/**
 * The import's work tables an incremental run starts from: the accounts it changed (`account_id`) and
 * the conversations (`account_lo`, `account_hi`; null when they were not noted, and then the re-score is a full one).
 */
export interface ImportChanges {
  accounts: string;
  conversations: string | null;
}

/** Building block: whether the latest run left kept state that an incremental re-score can build on. */
export async function hasKeptState(tx: Db): Promise<boolean> {
  return (await previousRun(tx))?.keptAges ?? false;
}

/**
 * Building block: re-scoring after an import, inside its transaction. Incremental when it can build
 * on the previous run (an earlier or equal as-of time, the same weights): the dirty set is the
 * accounts the import changed (`changes.accounts`) and what moved with time since that run
 * (lib/risk/dirty.ts); they and everyone whose signals read them are re-scored. Everyone is, when
 * there is no such run or the dirty set is large.
 */
export async function rescoreAfterImport(tx: Db, changes: ImportChanges, touchedCount: number, options: ScoreOptions & { asOf: Date }): Promise<ScoreResult | null> {
  if (touchedCount === 0) return null;
  const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from accounts`);
  const many = touchedCount >= FULL_RESCORE_FROM || touchedCount * 4 >= (row?.n ?? 0);
  const previous = await previousRun(tx);
  const weights = options.weights ?? (await currentWeights(tx));
  const buildsOn = previous !== null && previous.keptAges && previous.asOf <= options.asOf && previous.weightVersion === weights.version;
  const { conversations } = changes;
  return runScoring(tx, { ...options, weights }, many || !buildsOn || conversations === null ? null : { changes: { ...changes, conversations }, since: previous });
}

type Touched = { ids: readonly string[] } | { changes: NotedChanges; since: PreviousRun };
type NotedChanges = ImportChanges & { conversations: string };

/**
 * The ranking as it would have been at another moment, without replacing the stored scores
 * (permission risk:read, audited): the run happens in a transaction that is rolled back.
 */
export async function rankAsOf(ctx: LibContext, options: { asOf: Date; top: number }): Promise<RiskListItem[]> {
  const staff = requirePermission(ctx.actor, 'risk:read');
  const ranked = await rolledBack(ctx.db, async (tx) => {
    await runScoring(tx, { asOf: options.asOf }, null);
    const rows = await queryRows<Parameters<typeof toItem>[0]>(
      tx,
      sql`select s.account_id, a.username, s.score, s.claimed_age, s.claimed_band, s.likely_band, s.patterns, s.quiet,
          s.as_of, s.computed_at, ${signalsJson(sql`s.account_id`)} as signals
        from risk_scores s left join accounts a on a.account_id = s.account_id
        order by s.score desc, s.account_id limit ${options.top}`,
    );
    return rows.map(toItem);
  });
  await ctx.db.transaction((tx) =>
    appendAudit(tx, {
      actor: staff,
      action: 'risk.list',
      targetType: 'risk',
      changes: { asOf: options.asOf.toISOString(), returned: ranked.length, preview: true },
      requestAddress: ctx.requestAddress,
    }),
  );
  return ranked;
}

async function runScoring(tx: Db, options: ScoreOptions & { asOf: Date }, touched: Touched | null): Promise<ScoreResult> {
  const started = performance.now();
  const run = runContext(options.asOf, touched !== null, options.onStep);
  await tx.execute(sql`select pg_advisory_xact_lock(${SCORING_LOCK_KEY})`);
  await tx.execute(sql`set local timezone = 'UTC'`);
  await tx.execute(sql`set local work_mem = '256MB'`);
  // The work tables' estimates multiply across joins (10 million rows guessed where 10,000 come), so
  // the server compiled small statements with LLVM: 0.4 s for the factors step of an incremental run,
  // 2.3 s across its steps, in every process of a parallel step. Nothing here runs long enough per
  // row to repay it.
  await tx.execute(sql`set local jit = off`);
  return withWorkSchema(tx, async () => {
    run.minorShare = await populationMinorShare(tx, run.asOf);
    const subjects = touched === null ? null : 'changes' in touched ? await buildDirtyScope(tx, run, touched) : await buildScope(tx, run, touched);
    // A dirty set this large costs more than one full pass.
    if (subjects === null) run.scoped = false;
    run.sequential = subjects === null || subjects >= SEQUENTIAL_SCOPE;
    // Full runs and incremental runs after an import keep risk_account_ages and risk_kept_edges; a scoped re-score of given accounts does not.
    const keptAges = touched === null || subjects === null || 'changes' in touched;

    await createSignalRowsTable(tx, run);
    if (!run.ageState) {
      await buildClaimedAges(tx, run);
      await buildAgeEvidence(tx, run);
    }
    await insertAgeSignals(tx, run);
    await buildContactEdges(tx, run);
    await buildBlocks(tx, run);
    await buildCommunities(tx, run);
    await buildTargeting(tx, run);
    await buildReports(tx, run, REPORT_CUES);
    await insertBehaviourSignals(tx, run);
    await insertBanEvasionSignals(tx, run);
    const weights = options.weights ?? (await currentWeights(tx));
    await applyWeights(tx, run, weights);

    const [runRow] = await tx
      .insert(riskRuns)
      .values({
        asOf: run.asOf,
        computedAt: new Date(),
        scope: run.scoped ? 'accounts' : 'full',
        subjects,
        scored: 0,
        durationMs: 0,
        weightVersion: weights.version,
        minorShare: Number(run.minorShare),
        keptAges,
      })
      .returning({ id: riskRuns.id });
    const runId = runRow!.id;
    const scored = await storeScores(tx, run, runId);
    if (run.ageState) await resetIncrementalPlanner(tx);
    if (!run.scoped) {
      for (const table of KEPT_TABLES) await keepDifferences(tx, run, table);
    }
    await tx.execute(sql`update risk_scores set weight_version = ${weights.version} where run_id = ${runId}`);
    await raiseBanEvasionFlags(tx, run);
    const durationMs = Math.round(performance.now() - started);
    await tx.execute(
      sql`update risk_runs set scored = ${scored}, duration_ms = ${durationMs}, timings = ${JSON.stringify(run.timings)}::jsonb where id = ${runId}`,
    );
    return { runId, asOf: run.asOf, scope: run.scoped ? 'accounts' : 'full', subjects, scored, durationMs, timings: run.timings };
  });
}

/** The neighbour-visible part of an age (what other accounts' signals read of it): null-safe comparison. */
const AGE_COLUMNS = 'account_id, device_cluster, claimed_age, judged_age, age_factor, is_minor, younger_by';

/**
 * The scope of an incremental run after an import, built from the state the previous run kept
 * (`risk_account_ages`: each account's age as judged then) so that it grows with what changed,
 * not with the dirty accounts' neighbourhoods:
 * - `risk_changed`: the dirty accounts (`risk_touched`: the import's and what moved with time,
 *   lib/risk/dirty.ts) and the accounts on their devices now and before (age evidence reads
 *   device-mates' claimed ages; a device move leaves the old device-mates);
 * - their ages are re-derived, and compared with the kept ones. Other accounts read of an account's
 *   age only whether it is a minor, its claimed age and its device (as the younger side of an edge,
 *   an audience, a block). So an account that is a minor neither before nor now reaches no
 *   neighbour: a touched adult drags nothing in. `risk_moved` holds the others whose age moved, and
 *   the touched minors (their conversations changed, which the community test of the accounts older
 *   than them reads);
 * - `risk_scope`: the changed, the accounts of which only their own signals changed (`risk_self`),
 *   the live contacts of the moved old enough for them to be a younger minor (all of them when being
 *   a minor itself moved), and the accounts the moved blocked.
 * Ages are then derived for the scope and its device-mates (their own age signals and bands are
 * stored), written to risk_account_ages where they differ (noting whose changed, `risk_age_changed`),
 * and every later step reads the ages through the view `risk_age` over it; the conversations whose
 * kept edges must be rewritten follow (lib/risk/dirty.ts). Null when half of all accounts would be re-assessed.
 */
async function buildDirtyScope(tx: Db, run: RunContext, touched: { changes: NotedChanges; since: PreviousRun }): Promise<number | null> {
  await tx.execute(sql`create unlogged table risk_touched (account_id varchar(64) primary key)`);
  await tx.execute(sql`insert into risk_touched select distinct account_id from ${sql.identifier(touched.changes.accounts)} on conflict do nothing`);
  await addDirtySinceRun(tx, run, touched.since);
  // From here on the run reads a small part of each big table (contacts, accounts, the kept ages),
  // by index: the pages it needs are in memory, not on a spinning disk. With the default random page
  // cost the planner prefers parallel passes over all of contacts once the scope is a few thousand
  // accounts. Its work tables are analysed from a sample of 3,000 rows rather than 30,000: their 22
  // ANALYZEs took 0.7 s of a 5 s run. runScoring puts both settings back when the run ends.
  await tx.execute(sql`set local random_page_cost = 1.1`);
  await tx.execute(sql`set local default_statistics_target = 10`);
  await step(
    tx,
    run,
    'scope: changed',
    sql`${workTable(run, 'risk_changed')} as
      select account_id from risk_touched
      union select o.account_id from risk_touched t join accounts a on a.account_id = t.account_id join accounts o on o.device_cluster = a.device_cluster
      union select o.account_id from risk_touched t join risk_account_ages k on k.account_id = t.account_id join accounts o on o.device_cluster = k.device_cluster`,
  );
  await tx.execute(sql`analyze risk_changed`);
  // The changed set is closed under device-mates (those now on the devices of the dirty, before and now).
  await tx.execute(sql`${workTable(run, 'risk_age_scope')} as select account_id from risk_changed`);
  await timed(run, 'scope: changed ages', async () => {
    await buildClaimedAges(tx, run);
    await buildAgeEvidence(tx, run);
  });
  const minorAge = (alias: string) => sql.raw(`case when ${alias}.is_minor then ${alias}.claimed_age end`);
  await step(
    tx,
    run,
    'scope: moved',
    sql`${workTable(run, 'risk_moved')} as
      select n.account_id, least(${minorAge('k')}, ${minorAge('n')}) as minor_age,
        k.account_id is null or k.is_minor <> n.is_minor as minor_moved
      from risk_age n left join risk_account_ages k on k.account_id = n.account_id
      where (n.is_minor or coalesce(k.is_minor, false))
        and (k.account_id is null or n.account_id in (select account_id from risk_touched)
          or (k.is_minor, ${minorAge('k')}, k.device_cluster) is distinct from (n.is_minor, ${minorAge('n')}, n.device_cluster))
      union all
      -- an account judged before that no longer is (not expected: accounts are not removed)
      select k.account_id, k.claimed_age, true from risk_changed c join risk_account_ages k on k.account_id = c.account_id
      where k.is_minor and not exists (select 1 from risk_age n where n.account_id = c.account_id)`,
  );
  await tx.execute(sql`analyze risk_moved`);
  const live = liveConversation(run);
  await step(
    tx,
    run,
    'scope: contacts of the moved',
    sql`${workTable(run, 'risk_moved_contacts')} as
      select m.minor_moved, m.minor_age, c.account_hi as other from risk_moved m join contacts c on c.account_lo = m.account_id where ${live}
      union all
      select m.minor_moved, m.minor_age, c.account_lo from risk_moved m join contacts c on c.account_hi = m.account_id where ${live}`,
  );
  await tx.execute(sql`analyze risk_moved_contacts`);
  // The other sides' kept ages only (hashing all of them, once per side, was 1.2 s at a million accounts).
  await step(
    tx,
    run,
    'scope',
    sql`${workTable(run, 'risk_scope')} as
      select account_id from risk_changed
      union select account_id from risk_self
      union select mc.other from risk_moved_contacts mc
        left join (select * from risk_account_ages where account_id in (select other from risk_moved_contacts)) k on k.account_id = mc.other
        where mc.minor_moved or k.account_id is null or k.judged_age - mc.minor_age >= k.younger_by
      union select b.blocked_id from risk_moved m join blocks b on b.blocker_id = m.account_id`,
  );
  await tx.execute(sql`analyze risk_scope`);
  const [counts] = await queryRows<{ scope: number; accounts: number }>(
    tx,
    sql`select (select count(*) from risk_scope)::int as scope, (select count(*) from accounts)::int as accounts`,
  );
  if (counts!.scope * 2 >= counts!.accounts) {
    await resetIncrementalPlanner(tx);
    await tx.execute(sql`drop table risk_claimed, risk_age_evidence, risk_age`);
    return null;
  }
  // Ages of the scope and its device-mates: their own age signals, bands and factors.
  await tx.execute(sql`drop table risk_claimed, risk_age_evidence, risk_age, risk_age_scope`);
  await step(
    tx,
    run,
    'age scope',
    sql`${workTable(run, 'risk_age_scope')} as
      select account_id from risk_scope
      union select o.account_id from risk_scope t join accounts a on a.account_id = t.account_id join accounts o on o.device_cluster = a.device_cluster`,
  );
  await tx.execute(sql`analyze risk_age_scope`);
  await buildClaimedAges(tx, run);
  await buildAgeEvidence(tx, run);
  // Whose kept age changes now (new, different or gone), noted as it is written: every conversation of theirs gets its edges rewritten.
  await tx.execute(sql`create unlogged table risk_age_changed (account_id varchar(64) not null)`);
  const columns = sql.raw(AGE_COLUMNS);
  await step(
    tx,
    run,
    'kept ages',
    sql`with written as (
        insert into risk_account_ages (${columns}) select ${columns} from risk_age
        on conflict (account_id) do update set ${valuesFromExcluded(KEPT_AGES)} where ${valuesDiffer(KEPT_AGES, 'risk_account_ages', 'excluded')}
        returning account_id
      )
      insert into risk_age_changed select account_id from written`,
  );
  await tx.execute(sql`with gone as (
      delete from risk_account_ages k where k.account_id in (select account_id from risk_age_scope)
        and not exists (select 1 from risk_age a where a.account_id = k.account_id)
      returning account_id
    )
    insert into risk_age_changed select account_id from gone`);
  // Every later step reads ages through risk_age: now the kept ages of every account.
  await tx.execute(sql`drop table risk_age`);
  await tx.execute(sql`create view risk_age as select ${columns} from risk_account_ages`);
  await buildChangedConversations(tx, run, touched.since, touched.changes.conversations);
  run.ageState = true;
  return counts!.scope;
}

/** Puts back the planner settings an incremental run changed for its own statements (buildDirtyScope). */
async function resetIncrementalPlanner(tx: Db): Promise<void> {
  await tx.execute(sql`set local random_page_cost to default`);
  await tx.execute(sql`set local default_statistics_target to default`);
}

/** A table of kept state: what a run derives (`fresh`, a work table) and the table that keeps it between runs. */
interface KeptTable {
  label: string;
  fresh: string;
  kept: string;
  key: readonly string[];
  values: readonly string[];
}

/** What full runs keep for the incremental runs after them: ages and edges. */
const KEPT_AGES: KeptTable = { label: 'kept ages', fresh: 'risk_age', kept: 'risk_account_ages', key: ['account_id'], values: AGE_COLUMNS.split(', ').slice(1) };
const KEPT_TABLES: readonly KeptTable[] = [
  KEPT_AGES,
  { label: 'kept edges', fresh: 'risk_edges', kept: 'risk_kept_edges', key: EDGE_COLUMNS.slice(0, 2), values: EDGE_COLUMNS.slice(2) },
];

/**
 * A full run keeps its state for the incremental runs after it, writing only the rows that differ
 * from what is kept — one hash join of the two, then a handful of rows after incremental runs that
 * kept it up to date — not a million index entries each time.
 */
async function keepDifferences(tx: Db, run: RunContext, table: KeptTable): Promise<void> {
  const all = [...table.key, ...table.values];
  const same = (a: string, b: string) => sql.raw(table.key.map((column) => `${a}.${column} = ${b}.${column}`).join(' and '));
  const first = table.key[0]!;
  const changes = sql.identifier(`${table.kept}_changes`);
  const kept = sql.identifier(table.kept);
  const columns = sql.raw(all.join(', '));
  await step(
    tx,
    run,
    `${table.label}: differences`,
    sql`${workTable(run, `${table.kept}_changes`)} as
      select ${sql.raw(all.map((column) => `coalesce(n.${column}, k.${column}) as ${column}`).join(', '))}, n.${sql.raw(first)} is null as gone
      from ${sql.identifier(table.fresh)} n full join ${kept} k on ${same('k', 'n')}
      where n.${sql.raw(first)} is null or k.${sql.raw(first)} is null or ${valuesDiffer(table, 'n', 'k')}`,
  );
  await step(
    tx,
    run,
    table.label,
    sql`with gone as (delete from ${kept} k using ${changes} g where g.gone and ${same('k', 'g')})
      insert into ${kept} (${columns}) select ${columns} from ${changes} where not gone order by ${sql.raw(table.key.join(', '))}
      on conflict (${sql.raw(table.key.join(', '))}) do update set ${valuesFromExcluded(table)}`,
  );
}

/** Whether two rows of a kept table (by alias) differ in any kept value. */
function valuesDiffer(table: KeptTable, a: string, b: string): SQL {
  const list = (alias: string) => table.values.map((column) => `${alias}.${column}`).join(', ');
  return sql.raw(`(${list(a)}) is distinct from (${list(b)})`);
}

/** An upsert's `set` list: every kept value from the row that conflicted. */
function valuesFromExcluded(table: KeptTable): SQL {
  return sql.raw(table.values.map((column) => `${column} = excluded.${column}`).join(', '));
}

/** Records the time of a group of steps under one name (their own names are dropped). */
async function timed(run: RunContext, name: string, work: () => Promise<void>): Promise<void> {
  const before = new Set(Object.keys(run.timings));
  const started = performance.now();
  await work();
  for (const key of Object.keys(run.timings)) if (!before.has(key)) delete run.timings[key];
  run.timings[name] = Math.round(performance.now() - started);
}

/**
 * `risk_scope` of a re-score of given accounts (`risk_touched`): they, their device-mates (their
 * age evidence reads the given ages), and the contacts of all of these and the accounts they
 * blocked (their signals read those ages and conversations); `risk_age_scope`: those plus everyone
 * whose age their signals need. Ages are derived afresh for all of them (risk_account_ages is
 * neither read nor kept: the run's as-of time need not be the kept one's).
 */
async function buildScope(tx: Db, run: RunContext, touched: { ids: readonly string[] }): Promise<number> {
  await tx.execute(sql`create unlogged table risk_touched (account_id varchar(64) primary key)`);
  for (let i = 0; i < touched.ids.length; i += 5000) {
    const batch = touched.ids.slice(i, i + 5000);
    await tx.execute(sql`insert into risk_touched select unnest(${sql.param(batch)}::varchar[]) on conflict do nothing`);
  }
  const deviceMates = (source: string) =>
    sql.raw(`select o.account_id from ${source} t join accounts a on a.account_id = t.account_id join accounts o on o.device_cluster = a.device_cluster`);
  const contactsOf = (source: string) =>
    sql.raw(`select c.account_hi from ${source} t join contacts c on c.account_lo = t.account_id
      union select c.account_lo from ${source} t join contacts c on c.account_hi = t.account_id`);
  await step(
    tx,
    run,
    'scope: changed',
    sql`${workTable(run, 'risk_changed')} as select account_id from risk_touched union ${deviceMates('risk_touched')}`,
  );
  await step(
    tx,
    run,
    'scope',
    sql`${workTable(run, 'risk_scope')} as
      select account_id from risk_changed
      union ${contactsOf('risk_changed')}
      union select b.blocked_id from risk_changed t join blocks b on b.blocker_id = t.account_id`,
  );
  await tx.execute(sql`analyze risk_scope`);
  const [counts] = await queryRows<{ scope: number }>(tx, sql`select count(*)::int as scope from risk_scope`);
  await step(
    tx,
    run,
    'age scope',
    sql`${workTable(run, 'risk_age_scope')} as
      select account_id from risk_scope
      union ${contactsOf('risk_scope')}
      union ${deviceMates('risk_scope')}
      union select b.blocker_id from blocks b where b.blocked_id in (select account_id from risk_scope)`,
  );
  // Their device-mates too: a neighbour's own age evidence decides whether it counts as a minor.
  await tx.execute(sql`insert into risk_age_scope
    select distinct o.account_id from risk_age_scope s join accounts a on a.account_id = s.account_id
      join accounts o on o.device_cluster = a.device_cluster
    where o.account_id not in (select account_id from risk_age_scope)`);
  await tx.execute(sql`analyze risk_age_scope`);
  return counts!.scope;
}

/** Replaces the stored scores and signals of the run's accounts with the new ones. */
async function storeScores(tx: Db, run: RunContext, runId: number): Promise<number> {
  const scope = inScope(run, sql`s.account_id`);
  const kept = sql`(s.weight >= ${num(MIN_SIGNAL_POINTS)} or s.code in (${sql.raw(CONTEXT_CODES.map((code) => `'${code}'`).join(', '))}))`;
  await step(
    tx,
    run,
    'totals',
    sql`${workTable(run, 'risk_totals')} as
      select s.account_id,
        greatest(0, sum(round(s.weight::numeric, 1)))::real as score,
        coalesce(array_agg(distinct s.pattern) filter (where s.pattern is not null and s.weight >= ${num(RISK_WEIGHTS.patternFrom)}), '{}') as patterns
      from risk_signal_rows s where ${kept} ${scope}
      group by s.account_id
      having sum(round(s.weight::numeric, 1)) >= 1`,
  );
  if (run.scoped) {
    await tx.execute(sql`delete from risk_signals where account_id in (select account_id from risk_scope)`);
    await tx.execute(sql`delete from risk_scores where account_id in (select account_id from risk_scope)`);
  } else {
    await tx.execute(sql`truncate risk_signals, risk_scores`);
  }
  await step(
    tx,
    run,
    'store',
    sql`insert into risk_scores (account_id, score, claimed_age, claimed_band, likely_band, patterns, as_of, computed_at, run_id)
      select t.account_id, t.score, c.claimed_age,
        (${claimedBandSql(run)})::age_band,
        (case when e.likely_adult then 'adult' else ${claimedBandSql(run)} end)::age_band,
        t.patterns, ${at(run.asOf)}, now(), ${runId}
      from risk_totals t
      join risk_claimed c on c.account_id = t.account_id
      left join risk_age_evidence e on e.account_id = t.account_id`,
  );
  await tx.execute(sql`insert into risk_signals (account_id, code, weight, value, evidence, pattern, details)
    select s.account_id, s.code, round(s.weight::numeric, 1), s.value, s.evidence, s.pattern, s.details
    from risk_signal_rows s join risk_totals t on t.account_id = s.account_id
    where ${kept}`);
  // A dismissed account stays quiet until one of its signals rises or a new one appears.
  await tx.execute(sql`with latest as (
      select distinct on (r.account_id) r.account_id, r.decision, r.signals
      from risk_reviews r join risk_totals t on t.account_id = r.account_id
      order by r.account_id, r.reviewed_at desc
    )
    update risk_scores s set quiet = true from latest l
    where l.account_id = s.account_id and l.decision = 'dismiss'
      and not exists (
        select 1 from risk_signals g where g.account_id = s.account_id and g.weight > 0
          and (l.signals ->> g.code is null or g.value > (l.signals ->> g.code)::real + 0.001))`);
  // Who judged volume by the population's share of minors: re-scored when it moves (lib/risk/dirty.ts).
  await tx.execute(
    run.scoped
      ? sql`delete from risk_share_dependents where account_id in (select account_id from risk_scope)`
      : sql`delete from risk_share_dependents`,
  );
  await tx.execute(sql`insert into risk_share_dependents (account_id)
    select older_id from risk_older
    where targets >= ${num(RISK_WEIGHTS.contact.minTargets)} or media_minors >= ${num(RISK_WEIGHTS.mediaFromMinors.min)}`);
  const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from risk_totals`);
  return row?.n ?? 0;
}
