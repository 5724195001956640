import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '../../db/client';
import { accountActions, patternFlags, referrals, riskReviews, riskScores, riskSignals } from '../../db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission, type Actor } from '../auth/permissions';
import { ACCOUNT_ACTIONS } from '../triage/contract';
import { RISK_PATTERNS } from './patterns';

const accountId = z.string().trim().min(1, 'Choose an account.').max(64);

/** Confirming an account's risk: the patterns it shows, why, and what to do about it. */
export const confirmRiskSchema = z.object({
  accountId,
  patterns: z.array(z.enum(RISK_PATTERNS)).min(1, 'Choose at least one pattern.'),
  rationale: z.string().trim().min(10, 'Say why, in at least 10 characters.').max(4000),
  /** Signals the reviewer does not believe (the rest of the account's signals count as confirmed). */
  rejectedSignals: z.array(z.string().max(48)).default([]),
  action: z.enum(ACCOUNT_ACTIONS).optional(),
  referToLiaison: z.boolean().default(false),
});
export type ConfirmRiskInput = z.input<typeof confirmRiskSchema>;

/** Dismissing an account's risk: it stays quiet until new evidence arrives. */
export const dismissRiskSchema = z.object({
  accountId,
  reason: z.string().trim().min(10, 'Say why, in at least 10 characters.').max(4000),
});
export type DismissRiskInput = z.input<typeof dismissRiskSchema>;

export class ReviewError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ReviewError';
  }
}

/**
 * Confirms the machine's signals on an account (permission risk:review; an account action
 * also needs accounts:act, a referral referrals:create): one review, a pattern flag per
 * pattern with the rationale, optionally an account action and a referral to liaison (their
 * inbox) — one transaction, one audit entry.
 */
export async function confirmRisk(db: Db, actor: Actor, input: ConfirmRiskInput) {
  const staff = requirePermission(actor, 'risk:review');
  const parsed = confirmRiskSchema.parse(input);
  if (parsed.action) requirePermission(actor, 'accounts:act');
  if (parsed.referToLiaison) requirePermission(actor, 'referrals:create');
  return db.transaction(async (tx) => {
    const current = await currentAssessment(tx, parsed.accountId);
    const present = Object.keys(current.signals);
    const unknown = parsed.rejectedSignals.filter((code) => !present.includes(code));
    if (unknown.length) throw new ReviewError(`Not a signal of this account: ${unknown.join(', ')}.`, 'rejectedSignals');
    const confirmed = present.filter((code) => !parsed.rejectedSignals.includes(code));
    const [referral] = parsed.referToLiaison
      ? await tx
          .insert(referrals)
          .values({ accountId: parsed.accountId, ground: 'child_sexual_exploitation', summary: parsed.rationale, referredBy: staff.id })
          .returning({ id: referrals.id })
      : [];
    const [review] = await tx
      .insert(riskReviews)
      .values({
        accountId: parsed.accountId,
        decision: 'confirm',
        reason: parsed.rationale,
        reviewerId: staff.id,
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
          createdBy: staff.id,
        })),
      )
      .returning({ id: patternFlags.id, pattern: patternFlags.pattern });
    if (parsed.action) {
      await tx.insert(accountActions).values({
        accountId: parsed.accountId,
        action: parsed.action,
        reason: parsed.rationale,
        actorId: staff.id,
        sourceType: 'risk_review',
        sourceId: review!.id,
      });
    }
    await tx.update(riskScores).set({ quiet: false }).where(eq(riskScores.accountId, parsed.accountId));
    await appendAudit(tx, {
      actor: staff,
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
  const staff = requirePermission(actor, 'risk:review');
  const parsed = dismissRiskSchema.parse(input);
  return db.transaction(async (tx) => {
    const current = await currentAssessment(tx, parsed.accountId);
    const [review] = await tx
      .insert(riskReviews)
      .values({
        accountId: parsed.accountId,
        decision: 'dismiss',
        reason: parsed.reason,
        reviewerId: staff.id,
        score: current.score,
        signals: current.signals,
        rejectedCodes: Object.keys(current.signals),
      })
      .returning({ id: riskReviews.id });
    await tx.update(riskScores).set({ quiet: true }).where(eq(riskScores.accountId, parsed.accountId));
    await appendAudit(tx, {
      actor: staff,
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
  if (!score) throw new ReviewError(`Account ${id} has no risk signals to review.`, 'accountId');
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

/** An account's reviews and flags, newest first (for its risk page). */
export async function reviewHistory(db: Db, id: string) {
  const reviews = await db.select().from(riskReviews).where(eq(riskReviews.accountId, id)).orderBy(desc(riskReviews.reviewedAt));
  const flags = await db.select().from(patternFlags).where(eq(patternFlags.accountId, id)).orderBy(desc(patternFlags.createdAt));
  const actions = await db.select().from(accountActions).where(eq(accountActions.accountId, id)).orderBy(desc(accountActions.createdAt));
  return { reviews, flags, actions };
}
