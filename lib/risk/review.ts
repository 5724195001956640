import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '@/db/client';
import { accountActions, patternFlags, queueItems, referrals, riskReviews, riskScores, riskSignals, staff } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission, type Actor } from '../auth/permissions';
import type { LibContext } from '../context';
import { ACCOUNT_ACTIONS, ACTIVE_ITEM_STATUS, type AccountAction } from '../triage/contract';
import { applyDecision, refusalOf } from '../triage/decisions';
import { recordAccountActions } from '../moderation/account-actions';
import { RISK_PATTERNS, type RiskPattern } from './patterns';
import { DomainError } from '../errors';
import { opaqueId, storableString } from '../validation/text';

/** What a confirmation may do to the account (reinstating is not a response to confirmed grooming). */
export const CONFIRM_ACTIONS = ACCOUNT_ACTIONS.filter((action) => action !== 'reinstate') as Exclude<AccountAction, 'reinstate'>[];

const accountId = opaqueId(64, 'account');
// The same schemas parse the review forms: a lone checkbox arrives as a string, an unticked one not at all.
const list = (value: unknown) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]);
const ticked = (value: unknown) => value === true || value === 'on' || value === 'true';
const blankAsMissing = (value: unknown) => (value === '' ? undefined : value);

/** Confirming an account's risk: the patterns it shows, why, and what to do about it. */
export const confirmRiskSchema = z.object({
  accountId,
  patterns: z.preprocess(list, z.array(z.enum(RISK_PATTERNS)).min(1, 'Choose at least one pattern.')),
  rationale: storableString().trim().min(10, 'Say why, in at least 10 characters.').max(4000),
  /** Signals the reviewer does not believe (the rest of the account's signals count as confirmed). */
  rejectedSignals: z.preprocess(list, z.array(storableString().max(48))),
  // An explicit choice: confirming grooming on an account must never default to doing nothing.
  action: z.preprocess(
    blankAsMissing,
    z.enum([...CONFIRM_ACTIONS, 'none'], 'Choose an account action, or "No action" to flag the account only.'),
  ),
  referToLiaison: z.preprocess(ticked, z.boolean()),
});
export interface ConfirmRiskInput {
  accountId: string;
  patterns: RiskPattern[];
  rationale: string;
  rejectedSignals?: string[];
  action: Exclude<AccountAction, 'reinstate'> | 'none';
  referToLiaison?: boolean;
}

/** Dismissing an account's risk: it stays quiet until new evidence arrives. */
export const dismissRiskSchema = z.object({
  accountId,
  reason: storableString().trim().min(10, 'Say why, in at least 10 characters.').max(4000),
});
export type DismissRiskInput = z.input<typeof dismissRiskSchema>;

/**
 * Confirms the machine's signals on an account (permission risk:review; an account action
 * also needs accounts:act, a referral referrals:create): one review, a pattern flag per
 * pattern not yet flagged (pattern_flags_account_pattern_unique makes confirming again add none),
 * the chosen account action, and optionally a referral to liaison — one transaction, one audit entry.
 *
 * With an account action, the account's open child-safety items in the queue are resolved by it
 * (their events carry the review's rationale), so no second moderator picks up a case already
 * decided; items another moderator holds stay with them and are named in the result. With "No
 * action" the items stay open: the review page's risk box links here and this page lists them.
 */
export async function confirmRisk(ctx: LibContext, input: ConfirmRiskInput) {
  const reviewer = requirePermission(ctx.actor, 'risk:review');
  const parsed = confirmRiskSchema.parse(input);
  const action = parsed.action === 'none' ? null : parsed.action;
  if (action) requirePermission(reviewer, 'accounts:act');
  if (parsed.referToLiaison) requirePermission(reviewer, 'referrals:create');
  return ctx.db.transaction(async (tx) => {
    const current = await currentAssessment(tx, parsed.accountId);
    const present = Object.keys(current.signals);
    const unknown = parsed.rejectedSignals.filter((code) => !present.includes(code));
    if (unknown.length) throw new DomainError('invalid_input', `Not a signal of this account: ${unknown.join(', ')}.`);
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
    const patterns = [...new Set(parsed.patterns)];
    const flags = await tx
      .insert(patternFlags)
      .values(patterns.map((pattern) => ({ accountId: parsed.accountId, pattern, rationale: parsed.rationale, reviewId: review!.id, createdBy: reviewer.id })))
      .onConflictDoNothing({ target: [patternFlags.accountId, patternFlags.pattern], where: sql`retracted_at is null` })
      .returning({ id: patternFlags.id, pattern: patternFlags.pattern });
    const alreadyFlagged = patterns.filter((pattern) => !flags.some((flag) => flag.pattern === pattern));
    const queue = action ? await resolveChildSafetyItems(tx, reviewer, parsed.accountId, action, review!.id, parsed.rationale, ctx.now) : { resolved: [], leftOpen: [] };
    await tx.update(riskScores).set({ quiet: false }).where(eq(riskScores.accountId, parsed.accountId));
    await appendAudit(tx, {
      actor: reviewer,
      action: 'risk.confirm',
      targetType: 'account',
      targetId: parsed.accountId,
      changes: {
        reviewId: review!.id,
        patterns: flags.map((f) => f.pattern),
        alreadyFlagged,
        confirmedSignals: confirmed,
        rejectedSignals: parsed.rejectedSignals,
        action,
        referralId: referral?.id ?? null,
        resolvedItems: queue.resolved,
        leftOpenItems: queue.leftOpen,
      },
      reason: parsed.rationale,
      requestAddress: ctx.requestAddress,
    });
    return { reviewId: review!.id, flags, alreadyFlagged, referralId: referral?.id ?? null, ...queue };
  });
}

/**
 * Takes the confirmed account action and resolves the account's waiting child-safety items with it.
 * Returns the items resolved and those left open because another moderator holds them.
 */
async function resolveChildSafetyItems(
  tx: Db,
  reviewer: Actor & { type: 'staff' },
  accountId: string,
  action: Exclude<AccountAction, 'reinstate'>,
  reviewId: string,
  rationale: string,
  now: Date,
): Promise<{ resolved: string[]; leftOpen: string[] }> {
  const reason = `Confirmed on the risk page (risk review ${reviewId}): ${rationale}`;
  await recordAccountActions(tx, [{ accountId, action, reason: rationale, actorId: reviewer.id, sourceType: 'risk_review', sourceId: reviewId }], now);
  const items = await tx
    .select()
    .from(queueItems)
    .where(and(eq(queueItems.reportedId, accountId), eq(queueItems.lane, 0), inArray(queueItems.status, [...ACTIVE_ITEM_STATUS])))
    .orderBy(queueItems.id)
    .for('update');
  const open = items.filter((item) => refusalOf(item, { action: 'resolve' }, reviewer, now) === null);
  await applyDecision(tx, reviewer, open, { action: 'resolve', accountAction: action, reason, accountActionTaken: true }, null, now);
  return { resolved: open.map((item) => item.id), leftOpen: items.filter((item) => !open.includes(item)).map((item) => item.id) };
}

/**
 * Dismisses an account's signals (permission risk:review): the account leaves the risk list
 * until a later score shows a signal that is new or stronger than the ones dismissed.
 */
export async function dismissRisk(ctx: LibContext, input: DismissRiskInput) {
  const reviewer = requirePermission(ctx.actor, 'risk:review');
  const parsed = dismissRiskSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
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
      requestAddress: ctx.requestAddress,
    });
    return { reviewId: review!.id };
  });
}

/** The account's current score and its positive signals as `{ code: value }`. */
async function currentAssessment(tx: Db, id: string): Promise<{ score: number; signals: Record<string, number> }> {
  const [score] = await tx.select({ score: riskScores.score }).from(riskScores).where(eq(riskScores.accountId, id));
  if (!score) throw new DomainError('invalid_input', `Account ${id} has no risk signals to review.`);
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
export async function signalConfirmationRates(ctx: LibContext): Promise<SignalConfirmationRate[]> {
  requirePermission(ctx.actor, 'risk:read');
  const rows = await queryRows<{ code: string; reviewed: number; confirmed: number }>(
    ctx.db,
    sql`select s.code, count(*)::int as reviewed,
        count(*) filter (where r.decision = 'confirm' and s.code = any(r.confirmed_codes))::int as confirmed
      from risk_reviews r cross join lateral jsonb_object_keys(r.signals) as s(code)
      group by s.code order by count(*) desc, s.code`,
  );
  return rows.map((r) => ({ ...r, rate: r.reviewed ? r.confirmed / r.reviewed : 0 }));
}

/** Building block (inside viewRiskAccount's transaction): an account's reviews (with the reviewer's email), flags and actions, newest first. */
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
  // The account's queue items (queue_items_reported_idx), so the risk page links to the reports waiting about it.
  const items = await queryRows<{ id: string; queue_name: string; status: string; report_count: number; closed_at: Date | string | null }>(
    db,
    sql`select qi.id, q.name as queue_name, qi.status::text as status, qi.report_count, qi.closed_at
        from queue_items qi join queues q on q.id = qi.queue_id
        where qi.reported_id = ${id} and qi.status <> 'merged'
        order by (qi.status in ('open', 'in_review', 'escalated')) desc, qi.created_at desc limit 20`,
  );
  return { reviews, flags, actions, queueItems: items.map((item) => ({ ...item, closed_at: item.closed_at ? new Date(item.closed_at) : null })) };
}
