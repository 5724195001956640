import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '../../db/client';
import { accountActions, patternFlags, referrals, riskReviews, riskScores, riskSignals, staff } from '../../db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission, type Actor } from '../auth/permissions';
import { InputError } from '../errors';
import { recordAccountActions } from '../moderation/account-actions';
import { ACCOUNT_ACTIONS, type AccountAction } from '../triage/contract';
import { RISK_PATTERNS, type RiskPattern } from './patterns';

const accountId = z.string().trim().min(1, 'Choose an account.').max(64);
// The same schemas parse the review forms: a lone checkbox arrives as a string, an unticked one not at all.
const list = (value: unknown) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]);
const ticked = (value: unknown) => value === true || value === 'on' || value === 'true';
const blankAsMissing = (value: unknown) => (value === '' ? undefined : value);

/** Confirming an account's risk: the patterns it shows, why, and what to do about it. */
export const confirmRiskSchema = z.object({
  accountId,
  patterns: z.preprocess(list, z.array(z.enum(RISK_PATTERNS)).min(1, 'Choose at least one pattern.')),
  rationale: z.string().trim().min(10, 'Say why, in at least 10 characters.').max(4000),
  /** Signals the reviewer does not believe (the rest of the account's signals count as confirmed). */
  rejectedSignals: z.preprocess(list, z.array(z.string().max(48))),
  action: z.preprocess(blankAsMissing, z.enum(ACCOUNT_ACTIONS).optional()),
  referToLiaison: z.preprocess(ticked, z.boolean()),
});
export interface ConfirmRiskInput {
  accountId: string;
  patterns: RiskPattern[];
  rationale: string;
  rejectedSignals?: string[];
  action?: AccountAction;
  referToLiaison?: boolean;
}

/** Dismissing an account's risk: it stays quiet until new evidence arrives. */
export const dismissRiskSchema = z.object({
  accountId,
  reason: z.string().trim().min(10, 'Say why, in at least 10 characters.').max(4000),
});
export type DismissRiskInput = z.input<typeof dismissRiskSchema>;

/**
 * Confirms the machine's signals on an account (permission risk:review; an account action
 * also needs accounts:act, a referral referrals:create): one review, a pattern flag per
 * pattern with the rationale, optionally an account action and a referral to liaison (their
 * inbox) — one transaction, one audit entry.
 */
export async function confirmRisk(db: Db, actor: Actor, input: ConfirmRiskInput) {
  const reviewer = requirePermission(actor, 'risk:review');
  const parsed = confirmRiskSchema.parse(input);
  if (parsed.action) requirePermission(actor, 'accounts:act');
  if (parsed.referToLiaison) requirePermission(actor, 'referrals:create');
  return db.transaction(async (tx) => {
    const current = await currentAssessment(tx, parsed.accountId);
    const present = Object.keys(current.signals);
    const unknown = parsed.rejectedSignals.filter((code) => !present.includes(code));
    if (unknown.length) throw new InputError(`Not a signal of this account: ${unknown.join(', ')}.`);
    const confirmed = present.filter((code) => !parsed.rejectedSignals.includes(code));
    const [referral] = parsed.referToLiaison
      ? await tx
          .insert(referrals)
          .values({ accountId: parsed.accountId, ground: 'child_sexual_exploitation', summary: parsed.rationale, referredBy: reviewer.id })
          .returning({ id: referrals.id })
      : [];
    const [review] = await tx
      .insert(riskReviews)
      .values({
        accountId: parsed.accountId,
        decision: 'confirm',
        reason: parsed.rationale,
        reviewerId: reviewer.id,
        score: current.score,
        signals: current.signals,
        confirmedCodes: confirmed,
        rejectedCodes: parsed.rejectedSignals,
        referralId: referral?.id ?? null,
      })
      .returning({ id: riskReviews.id });
    const flags = await tx
      .insert(patternFlags)
      .values(
        [...new Set(parsed.patterns)].map((pattern) => ({
          accountId: parsed.accountId,
          pattern,
          rationale: parsed.rationale,
          reviewId: review!.id,
          createdBy: reviewer.id,
        })),
      )
      .returning({ id: patternFlags.id, pattern: patternFlags.pattern });
    if (parsed.action) {
      await recordAccountActions(
        tx,
        [{ accountId: parsed.accountId, action: parsed.action, reason: parsed.rationale, actorId: reviewer.id, sourceType: 'risk_review', sourceId: review!.id }],
        new Date(),
      );
    }
    await tx.update(riskScores).set({ quiet: false }).where(eq(riskScores.accountId, parsed.accountId));
    await appendAudit(tx, {
      actor: reviewer,
      action: 'risk.confirm',
      targetType: 'account',
      targetId: parsed.accountId,
      changes: {
        reviewId: review!.id,
        patterns: flags.map((f) => f.pattern),
        confirmedSignals: confirmed,
        rejectedSignals: parsed.rejectedSignals,
        action: parsed.action ?? null,
        referralId: referral?.id ?? null,
      },
      reason: parsed.rationale,
    });
    return { reviewId: review!.id, flags, referralId: referral?.id ?? null };
  });
}

/**
 * Dismisses an account's signals (permission risk:review): the account leaves the risk list
 * until a later score shows a signal that is new or stronger than the ones dismissed.
 */
export async function dismissRisk(db: Db, actor: Actor, input: DismissRiskInput) {
  const reviewer = requirePermission(actor, 'risk:review');
  const parsed = dismissRiskSchema.parse(input);
  return db.transaction(async (tx) => {
    const current = await currentAssessment(tx, parsed.accountId);
    const [review] = await tx
      .insert(riskReviews)
      .values({
        accountId: parsed.accountId,
        decision: 'dismiss',
        reason: parsed.reason,
        reviewerId: reviewer.id,
        score: current.score,
        signals: current.signals,
        rejectedCodes: Object.keys(current.signals),
      })
      .returning({ id: riskReviews.id });
    await tx.update(riskScores).set({ quiet: true }).where(eq(riskScores.accountId, parsed.accountId));
    await appendAudit(tx, {
      actor: reviewer,
      action: 'risk.dismiss',
      targetType: 'account',
      targetId: parsed.accountId,
      changes: { reviewId: review!.id, score: current.score, signals: current.signals },
      reason: parsed.reason,
    });
    return { reviewId: review!.id };
  });
}

/** The account's current score and its positive signals as `{ code: value }`. */
async function currentAssessment(tx: Db, id: string): Promise<{ score: number; signals: Record<string, number> }> {
  const [score] = await tx.select({ score: riskScores.score }).from(riskScores).where(eq(riskScores.accountId, id));
  if (!score) throw new InputError(`Account ${id} has no risk signals to review.`);
  const rows = await tx
    .select({ code: riskSignals.code, value: riskSignals.value })
    .from(riskSignals)
    .where(and(eq(riskSignals.accountId, id), sql`${riskSignals.weight} > 0`));
  return { score: score.score, signals: Object.fromEntries(rows.map((r) => [r.code, r.value])) };
}

export interface SignalConfirmationRate {
  code: string;
  reviewed: number;
  confirmed: number;
  rate: number;
}

/**
 * How often each signal held up under review (permission risk:read): of the reviews of
 * accounts that had the signal, how many confirmed it.
 */
export async function signalConfirmationRates(db: Db, actor: Actor): Promise<SignalConfirmationRate[]> {
  requirePermission(actor, 'risk:read');
  const rows = await queryRows<{ code: string; reviewed: number; confirmed: number }>(
    db,
    sql`select s.code, count(*)::int as reviewed,
        count(*) filter (where r.decision = 'confirm' and s.code = any(r.confirmed_codes))::int as confirmed
      from risk_reviews r cross join lateral jsonb_object_keys(r.signals) as s(code)
      group by s.code order by count(*) desc, s.code`,
  );
  return rows.map((r) => ({ ...r, rate: r.reviewed ? r.confirmed / r.reviewed : 0 }));
}

/** An account's reviews (with the reviewer's email), flags and actions, newest first. */
export async function reviewHistory(db: Db, id: string) {
  const reviews = await db
    .select({ review: riskReviews, reviewer: staff.email })
    .from(riskReviews)
    .leftJoin(staff, eq(staff.id, riskReviews.reviewerId))
    .where(eq(riskReviews.accountId, id))
    .orderBy(desc(riskReviews.reviewedAt));
  const flags = await db
    .select({ flag: patternFlags, reviewer: staff.email })
    .from(patternFlags)
    .leftJoin(staff, eq(staff.id, patternFlags.createdBy))
    .where(eq(patternFlags.accountId, id))
    .orderBy(desc(patternFlags.createdAt));
  const actions = await db.select().from(accountActions).where(eq(accountActions.accountId, id)).orderBy(desc(accountActions.createdAt));
  return { reviews, flags, actions };
}
