import { and, asc, eq, gt, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { accounts, policeRequests, policeRequestTargets, preservationHolds, referrals } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { enqueueOutboxEvents } from '../outbox/enqueue';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { LONG_TEXT_MAX } from './contract';
import { addLocalDays, PRESERVATION_DAYS, PRESERVATION_EXTENSION_DAYS } from './deadlines';
import { requiredText } from './form-values';
import { isOpen } from './workflow';
import { DomainError, notFound } from '../errors';

export type Hold = typeof preservationHolds.$inferSelect;
export type HoldState = 'active' | 'expired' | 'released';

/** A hold's state at `now` (the caller's ctx.now). */
export function holdState(hold: Pick<Hold, 'releasedAt' | 'expiresAt'>, now: Date): HoldState {
  if (hold.releasedAt) return 'released';
  return hold.expiresAt > now ? 'active' : 'expired';
}

/** SQL condition "this hold row is active at `now`" (serves purge and the badge). */
export function activeHoldCondition(now: Date): SQL {
  return and(isNull(preservationHolds.releasedAt), gt(preservationHolds.expiresAt, now), lte(preservationHolds.startsAt, now)) as SQL;
}

/**
 * Whether an account is under an active preservation hold at ctx.now: all a reader of accounts
 * may learn (the account page's badge). No request, referral or expiry details come out of here.
 */
export async function hasActiveHold(ctx: LibContext, accountId: string): Promise<boolean> {
  requirePermission(ctx.actor, 'accounts:read');
  const [row] = await ctx.db
    .select({ one: sql<number>`1` })
    .from(preservationHolds)
    .where(and(eq(preservationHolds.accountId, accountId), activeHoldCondition(ctx.now)))
    .limit(1);
  return Boolean(row);
}

export const createHoldSchema = z
  .object({
    accountId: requiredText(64, 'account'),
    requestId: z.uuid().optional(),
    referralId: z.uuid().optional(),
    reason: requiredText(LONG_TEXT_MAX, 'reason'),
  })
  .refine((input) => Boolean(input.requestId) !== Boolean(input.referralId), 'a hold comes from one request or one referral');
export type CreateHoldInput = z.output<typeof createHoldSchema>;

/**
 * Places a 90-day preservation hold on an account, from a request (the account must be one it
 * names) or from a referral. Liaison/admin. Days are counted on the request's local calendar.
 */
export async function createHold(ctx: LibContext, input: CreateHoldInput): Promise<Hold> {
  const actor = requirePermission(ctx.actor, 'holds:manage');
  const now = ctx.now;
  return ctx.db.transaction(async (tx) => {
    const [account] = await tx.select({ id: accounts.accountId }).from(accounts).where(eq(accounts.accountId, input.accountId));
    if (!account) throw notFound(`account ${input.accountId}`);
    let timeZone = 'UTC';
    let source: string;
    if (input.requestId) {
      const [request] = await tx.select().from(policeRequests).where(eq(policeRequests.id, input.requestId));
      if (!request) throw notFound(`police request ${input.requestId}`);
      if (!isOpen(request.status)) throw new DomainError('conflict', `${request.reference} is ${request.status}: no new holds`);
      const [named] = await tx
        .select({ id: policeRequestTargets.id })
        .from(policeRequestTargets)
        .where(and(eq(policeRequestTargets.requestId, request.id), eq(policeRequestTargets.accountId, input.accountId)));
      if (!named) throw new DomainError('invalid_input', `${request.reference} does not name account ${input.accountId}`);
      timeZone = request.timeZone;
      source = request.reference;
    } else {
      const [referral] = await tx.select().from(referrals).where(eq(referrals.id, input.referralId!));
      if (!referral) throw notFound(`referral ${input.referralId!}`);
      if (referral.status === 'closed') throw new DomainError('conflict', 'this referral is closed: no new holds');
      if (referral.accountId !== input.accountId) throw new DomainError('invalid_input', `the referral is about account ${referral.accountId}, not ${input.accountId}`);
      source = `referral ${referral.id}`;
    }
    const sameSource = input.requestId ? eq(preservationHolds.requestId, input.requestId) : eq(preservationHolds.referralId, input.referralId!);
    const [existing] = await tx
      .select({ id: preservationHolds.id })
      .from(preservationHolds)
      .where(and(eq(preservationHolds.accountId, input.accountId), sameSource, activeHoldCondition(now)));
    if (existing) throw new DomainError('conflict', `account ${input.accountId} already has an active hold from ${source}`);

    const [hold] = await tx
      .insert(preservationHolds)
      .values({
        accountId: input.accountId,
        requestId: input.requestId ?? null,
        referralId: input.referralId ?? null,
        reason: input.reason,
        startsAt: now,
        expiresAt: addLocalDays(now, PRESERVATION_DAYS, timeZone),
        createdBy: actor.id,
        createdAt: now,
      })
      .returning();
    await appendAudit(tx, {
      actor,
      action: 'preservation_hold.create',
      targetType: 'preservation_hold',
      targetId: hold!.id,
      changes: { accountId: input.accountId, source, startsAt: hold!.startsAt, expiresAt: hold!.expiresAt },
      reason: input.reason,
      requestAddress: ctx.requestAddress,
    });
    // The chat app keeps the data too; the event names the account and the expiry, never the request.
    await enqueueOutboxEvents(
      tx,
      [{ type: 'hold.placed', data: { account_id: hold!.accountId, hold_id: hold!.id, expires_at: hold!.expiresAt.toISOString() }, source: { type: 'preservation_hold', id: hold!.id } }],
      now,
    );
    return hold!;
  });
}

export const holdActionSchema = z.object({
  holdId: z.uuid('hold id: not a valid id'),
  reason: requiredText(LONG_TEXT_MAX, 'reason'),
});
export type HoldActionInput = z.output<typeof holdActionSchema>;

/** Locks a hold that is active at `now`; any other hold is a conflict, in the words `refusal` gives its state. */
async function lockActiveHold(tx: Db, holdId: string, now: Date, refusal: (state: HoldState) => string): Promise<Hold> {
  const [hold] = await tx.select().from(preservationHolds).where(eq(preservationHolds.id, holdId)).for('update');
  if (!hold) throw notFound(`preservation hold ${holdId}`);
  const state = holdState(hold, now);
  if (state !== 'active') throw new DomainError('conflict', refusal(state));
  return hold;
}

/**
 * Extends an active hold once by 90 days (a renewed preservation request). A hold that came
 * from a preservation request moves that request's due time to the new expiry. Liaison/admin.
 */
export async function extendHold(ctx: LibContext, input: HoldActionInput): Promise<Hold> {
  const actor = requirePermission(ctx.actor, 'holds:manage');
  const now = ctx.now;
  return ctx.db.transaction(async (tx) => {
    const hold = await lockActiveHold(tx, input.holdId, now, (state) => `the hold is ${state}: open a new hold instead`);
    if (hold.extendedAt) throw new DomainError('conflict', 'the hold was already extended once; a further hold needs new legal process');
    const request = hold.requestId
      ? (await tx.select().from(policeRequests).where(eq(policeRequests.id, hold.requestId)))[0]
      : undefined;
    const expiresAt = addLocalDays(hold.expiresAt, PRESERVATION_EXTENSION_DAYS, request?.timeZone ?? 'UTC');
    const [extended] = await tx
      .update(preservationHolds)
      .set({ expiresAt, extendedAt: now, extendedBy: actor.id })
      .where(eq(preservationHolds.id, hold.id))
      .returning();
    const movesDue = request?.type === 'preservation' && (!request.dueAt || request.dueAt < expiresAt);
    if (movesDue) await tx.update(policeRequests).set({ dueAt: expiresAt, updatedAt: now }).where(eq(policeRequests.id, request.id));
    await appendAudit(tx, {
      actor,
      action: 'preservation_hold.extend',
      targetType: 'preservation_hold',
      targetId: hold.id,
      changes: {
        accountId: hold.accountId,
        expiresAt: { from: hold.expiresAt, to: expiresAt },
        ...(movesDue ? { requestDueAt: { reference: request.reference, from: request.dueAt, to: expiresAt } } : {}),
      },
      reason: input.reason,
      requestAddress: ctx.requestAddress,
    });
    await enqueueOutboxEvents(
      tx,
      [{ type: 'hold.extended', data: { account_id: hold.accountId, hold_id: hold.id, expires_at: expiresAt.toISOString() }, source: { type: 'preservation_hold', id: hold.id } }],
      now,
    );
    return extended!;
  });
}

/** Ends an active hold before its expiry (e.g. the agency says preservation is no longer needed). Liaison/admin. */
export async function releaseHold(ctx: LibContext, input: HoldActionInput): Promise<Hold> {
  const actor = requirePermission(ctx.actor, 'holds:manage');
  const now = ctx.now;
  return ctx.db.transaction(async (tx) => {
    const hold = await lockActiveHold(tx, input.holdId, now, (state) => `the hold is already ${state}`);
    const [released] = await tx
      .update(preservationHolds)
      .set({ releasedAt: now, releasedBy: actor.id, releaseReason: input.reason })
      .where(eq(preservationHolds.id, hold.id))
      .returning();
    await appendAudit(tx, {
      actor,
      action: 'preservation_hold.release',
      targetType: 'preservation_hold',
      targetId: hold.id,
      changes: { accountId: hold.accountId, releasedAt: now },
      reason: input.reason,
      requestAddress: ctx.requestAddress,
    });
    await enqueueOutboxEvents(
      tx,
      [{ type: 'hold.released', data: { account_id: hold.accountId, hold_id: hold.id }, source: { type: 'preservation_hold', id: hold.id } }],
      now,
    );
    return released!;
  });
}

/**
 * The expiry job: records every hold whose time ran out (they stopped protecting their account
 * the moment they expired; this makes the end visible in the audit log). One audit entry per run.
 */
export async function recordLapsedHolds(ctx: LibContext): Promise<string[]> {
  const actor = requirePermission(ctx.actor, 'holds:manage');
  const now = ctx.now;
  return ctx.db.transaction(async (tx) => {
    const lapsed = await tx
      .update(preservationHolds)
      .set({ lapsedAt: now })
      .where(and(isNull(preservationHolds.releasedAt), isNull(preservationHolds.lapsedAt), lte(preservationHolds.expiresAt, now)))
      .returning({ id: preservationHolds.id, accountId: preservationHolds.accountId, expiresAt: preservationHolds.expiresAt });
    await appendAudit(tx, {
      actor,
      action: 'preservation_hold.lapse',
      targetType: 'preservation_hold',
      changes: { count: lapsed.length, holds: lapsed },
      requestAddress: ctx.requestAddress,
    });
    return lapsed.map((hold) => hold.id);
  });
}

/** Holds that came from one request or one referral, oldest first. Liaison/admin. */
export async function listHolds(ctx: LibContext, source: { requestId: string } | { referralId: string }): Promise<Hold[]> {
  requirePermission(ctx.actor, 'police:read');
  const where = 'requestId' in source ? eq(preservationHolds.requestId, source.requestId) : eq(preservationHolds.referralId, source.referralId);
  return ctx.db.select().from(preservationHolds).where(where).orderBy(asc(preservationHolds.createdAt));
}
