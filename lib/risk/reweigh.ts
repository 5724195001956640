import { desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { openScratchDatabase, queryRows, type Db } from '@/db/client';
import { riskWeightVersions, staff } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { DomainError, notFound } from '../errors';
import type { Evaluation } from './evaluate';
import { evaluatorIn, generateHeldOut, HELD_OUT_POPULATIONS, loadHeldOut, scoreAndEvaluate } from './holdout';
import { CONTEXT_CODES } from './targeting';
import { currentWeights, type WeightSet } from './weight-versions';

export { applyWeights, currentWeights, type WeightSet } from './weight-versions';

/**
 * The precision loop (issue 15). Moderators confirm and dismiss; each signal's share of
 * confirmations among the reviews of accounts that had it says how far it can be trusted. A
 * suggestion turns those rates into per-signal multipliers over lib/risk/weights.ts, is evaluated
 * on held-out synthetic populations against the weights in force, and an admin adopts it as the
 * next weight version. Every scoring run uses the highest adopted version and every score records it.
 */

export const REWEIGH = {
  /** A signal needs this many reviews before its rate moves its weight. */
  minReviews: 5,
  /** How many reviews' worth of the overall rate the estimate starts from (shrinks small samples). */
  priorReviews: 10,
  /** Multipliers stay within these bounds, in steps of `step`. */
  min: 0.5,
  max: 1.5,
  step: 0.05,
  /** Held-out populations evaluated per suggestion, and their size (the UI may ask for others). */
  populations: 3,
  accounts: 3000,
} as const;

export interface SignalRate {
  code: string;
  /** Reviews of accounts that had the signal. */
  reviewed: number;
  /** Confirmations that kept the signal (not rejected, and their flags not retracted). */
  confirmed: number;
  /** Dismissals, and confirmations that rejected the signal. */
  rejected: number;
  /** Confirmations of the signal whose flags were all retracted since. */
  retracted: number;
  /** confirmed / reviewed. */
  rate: number;
}

/** Building block: how each signal held up under review, most reviewed first. */
export async function signalReviewRates(db: Db): Promise<SignalRate[]> {
  const rows = await queryRows<{ code: string; reviewed: number; confirmed: number; rejected: number; retracted: number }>(
    db,
    sql`with reviews as (
        select r.decision, r.confirmed_codes, s.code,
          r.decision = 'confirm'
            and exists (select 1 from pattern_flags f where f.review_id = r.id)
            and not exists (select 1 from pattern_flags f where f.review_id = r.id and f.retracted_at is null) as retracted
        from risk_reviews r cross join lateral jsonb_object_keys(r.signals) as s(code)
      )
      select code, count(*)::int as reviewed,
        count(*) filter (where decision = 'confirm' and code = any(confirmed_codes) and not retracted)::int as confirmed,
        count(*) filter (where decision = 'dismiss' or not (code = any(confirmed_codes)))::int as rejected,
        count(*) filter (where decision = 'confirm' and code = any(confirmed_codes) and retracted)::int as retracted
      from reviews group by code order by count(*) desc, code`,
  );
  return rows.filter((row) => !(CONTEXT_CODES as readonly string[]).includes(row.code)).map((row) => ({ ...row, rate: row.reviewed ? row.confirmed / row.reviewed : 0 }));
}

/** Whether two multiplier sets weigh every signal the same (a missing signal counts 1). */
function sameMultipliers(a: Record<string, number>, b: Record<string, number>): boolean {
  const codes = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...codes].every((code) => (a[code] ?? 1) === (b[code] ?? 1));
}

/**
 * Multipliers from review rates: each signal's confirmation rate, shrunk towards the overall rate
 * by `priorReviews` reviews, relative to the overall rate — a signal that holds up better than the
 * others gains weight, one that is dismissed more loses it; a signal with fewer than `minReviews`
 * reviews keeps 1. Relative, so that the ranking moves and not merely the scale.
 */
export function suggestMultipliers(rates: readonly SignalRate[]): Record<string, number> {
  const reviewed = rates.reduce((sum, r) => sum + r.reviewed, 0);
  const confirmed = rates.reduce((sum, r) => sum + r.confirmed, 0);
  const overall = Math.min(0.8, Math.max(0.2, reviewed ? confirmed / reviewed : 0.5));
  const multipliers: Record<string, number> = {};
  for (const r of rates) {
    if (r.reviewed < REWEIGH.minReviews) continue;
    const estimate = (r.confirmed + REWEIGH.priorReviews * overall) / (r.reviewed + REWEIGH.priorReviews);
    const factor = Math.min(REWEIGH.max, Math.max(REWEIGH.min, estimate / overall));
    const stepped = Math.round(factor / REWEIGH.step) * REWEIGH.step;
    const rounded = Number(stepped.toFixed(2));
    if (rounded !== 1) multipliers[r.code] = rounded;
  }
  return multipliers;
}

export interface PopulationFigures {
  seed: string;
  accounts: number;
  k: number;
  current: Figures;
  suggested: Figures;
}

interface Figures {
  precisionAtK: number;
  averagePrecision: number;
  lookalikesInTopK: number;
  recall: Record<string, string>;
}

export interface WeightEvaluation {
  /** The version the suggestion was compared with; adopting it after another version was adopted is refused. */
  baseVersion: number;
  populations: PopulationFigures[];
  current: { precisionAtK: number; averagePrecision: number };
  suggested: { precisionAtK: number; averagePrecision: number };
  /** worse: lower mean precision at K or AP, or more look-alikes in a top K, than the weights in force. */
  verdict: 'better' | 'same' | 'worse';
}

const figures = (e: Evaluation): Figures => ({
  precisionAtK: round3(e.precisionAtK),
  averagePrecision: round3(e.averagePrecision),
  lookalikesInTopK: e.lookalikesInTopK.length,
  recall: Object.fromEntries(Object.entries(e.recallByKind).map(([kind, r]) => [kind, `${r.found}/${r.planted}`])),
});
const round3 = (n: number) => Math.round(n * 1000) / 1000;
const mean = (values: number[]) => round3(values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1));

/**
 * Building block: scores held-out populations (lib/risk/holdout.ts, never used for tuning) with
 * the weights in force and with the suggested ones, each in a throwaway in-memory database — the
 * real data is not touched — and compares the rankings.
 */
export async function evaluateWeights(
  current: WeightSet,
  suggested: WeightSet,
  options: { populations: number; accounts: number },
): Promise<WeightEvaluation> {
  const results: PopulationFigures[] = [];
  for (const population of HELD_OUT_POPULATIONS.slice(0, options.populations)) {
    const { dir, truth, cleanup } = await generateHeldOut({ seed: population.seed, accounts: options.accounts, mix: population.mix });
    const database = await openScratchDatabase();
    try {
      await loadHeldOut(database, dir);
      const actor = await evaluatorIn(database.db);
      const ctx = { db: database.db, actor, requestAddress: null, now: new Date(truth.now) };
      const before = await scoreAndEvaluate(ctx, truth, { weights: current });
      const after = await scoreAndEvaluate(ctx, truth, { weights: suggested });
      results.push({ seed: population.seed, accounts: truth.accounts, k: before.evaluation.k, current: figures(before.evaluation), suggested: figures(after.evaluation) });
    } finally {
      await database.close();
      await cleanup();
    }
  }
  const summary = (side: 'current' | 'suggested') => ({
    precisionAtK: mean(results.map((r) => r[side].precisionAtK)),
    averagePrecision: mean(results.map((r) => r[side].averagePrecision)),
  });
  const [now, next] = [summary('current'), summary('suggested')];
  const moreLookalikes = results.some((r) => r.suggested.lookalikesInTopK > r.current.lookalikesInTopK);
  const verdict =
    moreLookalikes || next.precisionAtK < now.precisionAtK || next.averagePrecision < now.averagePrecision
      ? 'worse'
      : next.precisionAtK > now.precisionAtK || next.averagePrecision > now.averagePrecision
        ? 'better'
        : 'same';
  return { baseVersion: current.version, populations: results, current: now, suggested: next, verdict };
}

export const prepareReweightingSchema = z.object({
  accounts: z.coerce.number().int().min(500, 'at least 500 accounts').max(20_000, 'at most 20,000 accounts').default(REWEIGH.accounts),
  populations: z.coerce.number().int().min(1).max(HELD_OUT_POPULATIONS.length).default(REWEIGH.populations),
});
export type PrepareReweightingInput = z.input<typeof prepareReweightingSchema>;

/**
 * Turns the current review rates into a suggested weight version and evaluates it on held-out
 * populations before anyone may adopt it (permission risk:weights). Stored as a suggestion with
 * its basis and evaluation; audited.
 */
export async function prepareReweighting(ctx: LibContext, input: PrepareReweightingInput) {
  const admin = requirePermission(ctx.actor, 'risk:weights');
  const parsed = prepareReweightingSchema.parse(input);
  const rates = await signalReviewRates(ctx.db);
  const current = await currentWeights(ctx.db);
  const multipliers = suggestMultipliers(rates);
  // Evaluating takes a minute of generating and scoring: never for a suggestion that changes nothing.
  if (sameMultipliers(multipliers, current.multipliers)) {
    throw new DomainError(
      'conflict',
      `The reviews so far move no signal's weight (each signal needs ${REWEIGH.minReviews} confirmations or dismissals): the suggestion would equal version ${current.version}. Review more flagged accounts on the risk list first.`,
    );
  }
  const evaluation = await evaluateWeights(current, { version: 0, multipliers }, parsed);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(riskWeightVersions)
      .values({
        multipliers,
        basis: rates,
        evaluation,
        note: `Suggested from ${rates.reduce((sum, r) => sum + r.reviewed, 0)} signal reviews; evaluated on ${evaluation.populations.length} held-out population${evaluation.populations.length === 1 ? '' : 's'} of ${parsed.accounts} accounts.`,
        suggestedBy: admin.id,
        suggestedAt: ctx.now,
      })
      .returning({ id: riskWeightVersions.id });
    await appendAudit(tx, {
      actor: admin,
      action: 'risk.weights_suggest',
      targetType: 'risk_weights',
      targetId: String(row!.id),
      changes: { multipliers, baseVersion: current.version, verdict: evaluation.verdict, current: evaluation.current, suggested: evaluation.suggested },
      requestAddress: ctx.requestAddress,
    });
    return { suggestionId: row!.id, multipliers, evaluation };
  });
}

export const adoptWeightsSchema = z.object({ suggestionId: z.coerce.number().int().positive() });
export type AdoptWeightsInput = z.input<typeof adoptWeightsSchema>;

/**
 * Adopts an evaluated suggestion as the next weight version (permission risk:weights), with its
 * audit entry in the same transaction. Refused when it was not evaluated, evaluated worse than the
 * weights in force, or compared with a version that is no longer in force.
 */
export async function adoptWeights(ctx: LibContext, input: AdoptWeightsInput): Promise<{ version: number }> {
  const admin = requirePermission(ctx.actor, 'risk:weights');
  const { suggestionId } = adoptWeightsSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    // One adoption at a time: the next version number is taken under this lock.
    await tx.execute(sql`lock table risk_weight_versions in share row exclusive mode`);
    const [suggestion] = await tx.select().from(riskWeightVersions).where(eq(riskWeightVersions.id, suggestionId));
    if (!suggestion) throw notFound(`Suggestion ${suggestionId}`);
    if (suggestion.version !== null) throw new DomainError('conflict', `Suggestion ${suggestionId} is already weight version ${suggestion.version}.`);
    const evaluation = suggestion.evaluation as WeightEvaluation | null;
    if (!evaluation) throw new DomainError('conflict', 'This suggestion has not been evaluated on held-out populations; prepare a new one.');
    const current = await currentWeights(tx);
    if (evaluation.baseVersion !== current.version) {
      throw new DomainError('conflict', `This suggestion was compared with version ${evaluation.baseVersion}, but version ${current.version} is in force now; prepare a new one.`);
    }
    if (evaluation.verdict === 'worse') throw new DomainError('conflict', 'This suggestion ranked the held-out populations worse than the weights in force; it cannot be adopted.');
    const version = current.version + 1;
    await tx
      .update(riskWeightVersions)
      .set({ version, adoptedBy: admin.id, adoptedAt: ctx.now })
      .where(eq(riskWeightVersions.id, suggestionId));
    await appendAudit(tx, {
      actor: admin,
      action: 'risk.weights_adopt',
      targetType: 'risk_weights',
      targetId: String(suggestionId),
      changes: { version, previousVersion: current.version, multipliers: suggestion.multipliers, verdict: evaluation.verdict },
      requestAddress: ctx.requestAddress,
    });
    return { version };
  });
}

export interface WeightsOverview {
  current: { version: number; multipliers: Record<string, number>; adoptedAt: Date | null; adoptedBy: string | null; note: string };
  rates: (SignalRate & { suggested: number })[];
  suggestions: { id: number; multipliers: Record<string, number>; evaluation: WeightEvaluation | null; suggestedAt: Date; suggestedBy: string | null; note: string }[];
  versions: { version: number; adoptedAt: Date | null; adoptedBy: string | null; multipliers: Record<string, number> }[];
}

/** What the weights page shows (permission risk:weights): the version in force, the rates, open suggestions, past versions. */
export async function loadWeightsOverview(ctx: LibContext): Promise<WeightsOverview> {
  requirePermission(ctx.actor, 'risk:weights');
  const rates = await signalReviewRates(ctx.db);
  const preview = suggestMultipliers(rates);
  const adopter = staff.email;
  const versions = await ctx.db
    .select({ row: riskWeightVersions, email: adopter })
    .from(riskWeightVersions)
    .leftJoin(staff, eq(staff.id, riskWeightVersions.adoptedBy))
    .where(isNotNull(riskWeightVersions.version))
    .orderBy(desc(riskWeightVersions.version));
  const open = await ctx.db
    .select({ row: riskWeightVersions, email: staff.email })
    .from(riskWeightVersions)
    .leftJoin(staff, eq(staff.id, riskWeightVersions.suggestedBy))
    .where(isNull(riskWeightVersions.version))
    .orderBy(desc(riskWeightVersions.id))
    .limit(5);
  const top = versions[0];
  return {
    current: top
      ? { version: top.row.version!, multipliers: top.row.multipliers, adoptedAt: top.row.adoptedAt, adoptedBy: top.email, note: top.row.note }
      : { version: 1, multipliers: {}, adoptedAt: null, adoptedBy: null, note: '' },
    rates: rates.map((r) => ({ ...r, suggested: preview[r.code] ?? 1 })),
    suggestions: open.map(({ row, email }) => ({
      id: row.id,
      multipliers: row.multipliers,
      evaluation: row.evaluation as WeightEvaluation | null,
      suggestedAt: row.suggestedAt,
      suggestedBy: email,
      note: row.note,
    })),
    versions: versions.map(({ row, email }) => ({ version: row.version!, adoptedAt: row.adoptedAt, adoptedBy: email, multipliers: row.multipliers })),
  };
}
