import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { riskRuns } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { insertBanEvasionSignals } from './ban-evasion';
import { raiseBanEvasionFlags } from './ban-evasion-flags';
import { buildAgeEvidence, buildClaimedAges, claimedBandSql, createSignalRowsTable, insertAgeSignals } from './age';
import { at, inScope, num, runContext, step, withWorkSchema, workTable, type RunContext } from './run-context';
import { addDirtySinceRun, populationMinorShare, previousRun, type PreviousRun } from './dirty';
import { buildBlocks, buildBulkMessaging, buildCommunities, buildContactEdges, buildReports } from './signals';
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
 * Building block: re-scoring after an import, inside its transaction. Incremental when it can build
 * on the previous run (an earlier or equal as-of time, the same weights): the dirty set is the
 * accounts listed in the temp table `touchedTable` (one `account_id` column) and what moved with
 * time since that run (lib/risk/dirty.ts); they and everyone whose signals read them are
 * re-scored. Everyone is, when there is no such run or the dirty set is large.
 */
export async function rescoreAfterImport(tx: Db, touchedTable: string, touchedCount: number, options: ScoreOptions & { asOf: Date }): Promise<ScoreResult | null> {
  if (touchedCount === 0) return null;
  const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from accounts`);
  const many = touchedCount >= FULL_RESCORE_FROM || touchedCount * 4 >= (row?.n ?? 0);
  const previous = await previousRun(tx);
  const weights = options.weights ?? (await currentWeights(tx));
  const buildsOn = previous !== null && previous.asOf <= options.asOf && previous.weightVersion === weights.version;
  return runScoring(tx, { ...options, weights }, many || !buildsOn ? null : { table: touchedTable, since: previous });
}

type Touched = { ids: readonly string[] } | { table: string; since: PreviousRun };

/**
 * The ranking as it would have been at another moment, without replacing the stored scores
 * (permission risk:read, audited): the run happens in a transaction that is rolled back.
 */
export async function rankAsOf(ctx: LibContext, options: { asOf: Date; top: number }): Promise<RiskListItem[]> {
  const staff = requirePermission(ctx.actor, 'risk:read');
  let ranked: RiskListItem[] = [];
  try {
    await ctx.db.transaction(async (tx) => {
      await runScoring(tx, { asOf: options.asOf }, null);
      const rows = await queryRows<Parameters<typeof toItem>[0]>(
        tx,
        sql`select s.account_id, a.username, s.score, s.claimed_age, s.claimed_band, s.likely_band, s.patterns, s.quiet,
            s.as_of, s.computed_at, ${signalsJson(sql`s.account_id`)} as signals
          from risk_scores s left join accounts a on a.account_id = s.account_id
          order by s.score desc, s.account_id limit ${options.top}`,
      );
      ranked = rows.map(toItem);
      throw new PreviewDone();
    });
  } catch (error) {
    if (!(error instanceof PreviewDone)) throw error;
  }
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

/** Ends a preview run: rolls its transaction back once the ranking has been read. */
class PreviewDone extends Error {}

async function runScoring(tx: Db, options: ScoreOptions & { asOf: Date }, touched: Touched | null): Promise<ScoreResult> {
  const started = performance.now();
  const run = runContext(options.asOf, touched !== null, options.onStep);
  await tx.execute(sql`select pg_advisory_xact_lock(${SCORING_LOCK_KEY})`);
  await tx.execute(sql`set local timezone = 'UTC'`);
  await tx.execute(sql`set local work_mem = '256MB'`);
  return withWorkSchema(tx, async () => {
    run.minorShare = await populationMinorShare(tx, run.asOf);
    const subjects = touched ? await buildScope(tx, run, touched) : null;
    // A dirty set this large costs more than one full pass.
    if (subjects === null) run.scoped = false;

    await createSignalRowsTable(tx, run);
    await buildClaimedAges(tx, run);
    await buildAgeEvidence(tx, run);
    await insertAgeSignals(tx, run);
    await buildContactEdges(tx, run);
    await buildBlocks(tx, run);
    await buildCommunities(tx, run);
    await buildBulkMessaging(tx, run);
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
      })
      .returning({ id: riskRuns.id });
    const runId = runRow!.id;
    const scored = await storeScores(tx, run, runId);
    await tx.execute(sql`update risk_scores set weight_version = ${weights.version} where run_id = ${runId}`);
    await raiseBanEvasionFlags(tx, run);
    const durationMs = Math.round(performance.now() - started);
    await tx.execute(sql`update risk_runs set scored = ${scored}, duration_ms = ${durationMs} where id = ${runId}`);
    return { runId, asOf: run.asOf, scope: run.scoped ? 'accounts' : 'full', subjects, scored, durationMs, timings: run.timings };
  });
}

/**
 * `risk_scope`: the accounts to re-assess — the dirty ones (`risk_touched`: the given accounts and,
 * incrementally, what moved with time; `risk_self`: accounts of which only their own signals
 * changed), the device-mates of the dirty (their age evidence reads the dirty ages), and the
 * contacts of all of these and the accounts they blocked (their signals read those ages and
 * conversations); `risk_age_scope`: those plus everyone whose age their signals need.
 * Null (after an import) when half of all accounts would be re-assessed: a full run is cheaper.
 */
async function buildScope(tx: Db, run: RunContext, touched: Touched): Promise<number | null> {
  await tx.execute(sql`create unlogged table risk_touched (account_id varchar(64) primary key)`);
  if ('table' in touched) {
    await tx.execute(sql`insert into risk_touched select distinct account_id from ${sql.identifier(touched.table)} on conflict do nothing`);
    await addDirtySinceRun(tx, run, touched.since);
  } else {
    for (let i = 0; i < touched.ids.length; i += 5000) {
      const batch = touched.ids.slice(i, i + 5000);
      await tx.execute(sql`insert into risk_touched select unnest(${sql.param(batch)}::varchar[]) on conflict do nothing`);
    }
    await tx.execute(sql`create unlogged table risk_self (account_id varchar(64))`);
  }
  const deviceMates = (source: string) =>
    sql.raw(`select o.account_id from ${source} t join accounts a on a.account_id = t.account_id join accounts o on o.device_cluster = a.device_cluster`);
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
      union select c.account_hi from risk_changed t join contacts c on c.account_lo = t.account_id
      union select c.account_lo from risk_changed t join contacts c on c.account_hi = t.account_id
      union select b.blocked_id from risk_changed t join blocks b on b.blocker_id = t.account_id
      union select account_id from risk_self`,
  );
  await tx.execute(sql`analyze risk_scope`);
  const [counts] = await queryRows<{ scope: number; accounts: number }>(
    tx,
    sql`select (select count(*) from risk_scope)::int as scope, (select count(*) from accounts)::int as accounts`,
  );
  if ('table' in touched && counts!.scope * 2 >= counts!.accounts) return null;
  await step(
    tx,
    run,
    'age scope',
    sql`${workTable(run, 'risk_age_scope')} as
      select account_id from risk_scope
      union select c.account_hi from risk_scope t join contacts c on c.account_lo = t.account_id
      union select c.account_lo from risk_scope t join contacts c on c.account_hi = t.account_id
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
