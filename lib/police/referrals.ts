import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { accounts, referrals, staff } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { LONG_TEXT_MAX, REFERRAL_GROUNDS, REFERRAL_STATUSES, TEXT_MAX, type ReferralGround } from './contract';
import { accountEvidence } from './evidence';
import { optionalText, requiredText } from './form-values';
import { cursorTimestamp, cursorTimestampSql, decodeCursor, encodeCursor } from '../cursor';
import { DomainError, notFound } from '../errors';
import { storableString } from '../validation/text';

const pageCursor = z.tuple([cursorTimestamp, z.uuid()]);

export type Referral = typeof referrals.$inferSelect;

export const createReferralSchema = z.object({
  accountId: requiredText(64, 'account'),
  ground: z.enum(REFERRAL_GROUNDS, { error: 'choose why the account is referred' }),
  summary: requiredText(LONG_TEXT_MAX, 'what you found'),
});

/**
 * Building block: writes the referral row only, for a caller that already checked referrals:create and writes
 * its own audit entry for the whole step (the risk review's "refer to liaison").
 */
export async function insertReferral(
  tx: Db,
  values: { accountId: string; ground: ReferralGround; summary: string; referredBy: string; createdAt?: Date },
): Promise<Referral> {
  const [referral] = await tx.insert(referrals).values(values).returning();
  return referral!;
}

/**
 * A moderator refers an account to liaison because of imminent danger or exploitation, from the
 * account or review page. Moderator/admin (referrals:create).
 */
export async function createReferral(ctx: LibContext, input: z.output<typeof createReferralSchema>): Promise<Referral> {
  const actor = requirePermission(ctx.actor, 'referrals:create');
  return ctx.db.transaction(async (tx) => {
    const [account] = await tx.select({ id: accounts.accountId }).from(accounts).where(eq(accounts.accountId, input.accountId));
    if (!account) throw notFound(`account ${input.accountId}`);
    const referral = await insertReferral(tx, { accountId: input.accountId, ground: input.ground, summary: input.summary, referredBy: actor.id, createdAt: ctx.now });
    await appendAudit(tx, {
      actor,
      action: 'referral.create',
      targetType: 'referral',
      targetId: referral.id,
      changes: { accountId: input.accountId, ground: input.ground },
      reason: input.summary,
      requestAddress: ctx.requestAddress,
    });
    return referral;
  });
}

export const referralInboxSchema = z.object({
  status: z.enum(REFERRAL_STATUSES).default('open'),
  // Keyset cursor (lib/cursor.ts) of the last row shown: its created_at as text, with microseconds, and id.
  after: storableString().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The liaison inbox: referrals in one status, newest first, keyset-paged. Liaison/admin. */
export async function listReferrals(ctx: LibContext, input: z.output<typeof referralInboxSchema>) {
  requirePermission(ctx.actor, 'referrals:handle');
  const referrer = alias(staff, 'referrer');
  let after: SQL | undefined;
  if (input.after) {
    const [at, id] = decodeCursor(input.after, pageCursor);
    after = sql`(${referrals.createdAt}, ${referrals.id}) < (${at}::timestamptz, ${id}::uuid)`;
  }
  // Served by referrals_status_created_idx (status, created_at, id).
  const rows = await ctx.db
    .select({
      id: referrals.id,
      accountId: referrals.accountId,
      username: accounts.username,
      ground: referrals.ground,
      summary: referrals.summary,
      status: referrals.status,
      createdAt: referrals.createdAt,
      cursorAt: sql<string>`${cursorTimestampSql(referrals.createdAt)}`,
      referredByEmail: referrer.email,
    })
    .from(referrals)
    .innerJoin(referrer, eq(referrer.id, referrals.referredBy))
    .leftJoin(accounts, eq(accounts.accountId, referrals.accountId))
    .where(and(eq(referrals.status, input.status), after))
    .orderBy(desc(referrals.createdAt), desc(referrals.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > input.limit && last ? encodeCursor([last.cursorAt, last.id]) : null };
}

/** One referral with who referred it; opening it is audited. Liaison/admin. */
export async function getReferral(ctx: LibContext, referralId: string) {
  const actor = requirePermission(ctx.actor, 'referrals:handle');
  return ctx.db.transaction(async (tx) => {
    const referrer = alias(staff, 'referrer');
    const [row] = await tx
      .select({ referral: referrals, referredByEmail: referrer.email, username: accounts.username })
      .from(referrals)
      .innerJoin(referrer, eq(referrer.id, referrals.referredBy))
      .leftJoin(accounts, eq(accounts.accountId, referrals.accountId))
      .where(eq(referrals.id, referralId));
    if (!row) throw notFound(`referral ${referralId}`);
    await appendAudit(tx, { actor, action: 'referral.view', targetType: 'referral', targetId: referralId, requestAddress: ctx.requestAddress });
    return { ...row.referral, referredByEmail: row.referredByEmail, username: row.username };
  });
}

async function lockReferral(tx: Db, referralId: string): Promise<Referral> {
  const [referral] = await tx.select().from(referrals).where(eq(referrals.id, referralId)).for('update');
  if (!referral) throw notFound(`referral ${referralId}`);
  return referral;
}

export const proactiveReportSchema = z.object({
  referralId: z.uuid('referral id: not a valid id'),
  reportedTo: requiredText(TEXT_MAX, 'the authority reported to'),
  reportReference: optionalText(TEXT_MAX),
});

/**
 * Records that liaison reported the account to the authorities on its own initiative, with the
 * evidence summary as it stood at that moment (kept with the referral). Liaison/admin.
 */
export async function recordProactiveReport(ctx: LibContext, input: z.output<typeof proactiveReportSchema>) {
  const actor = requirePermission(ctx.actor, 'referrals:handle');
  return ctx.db.transaction(async (tx) => {
    const referral = await lockReferral(tx, input.referralId);
    if (referral.status !== 'open') throw new DomainError('conflict', `this referral is ${referral.status}: a report is made from an open referral`);
    const evidence = await accountEvidence(tx, referral.accountId);
    const [updated] = await tx
      .update(referrals)
      .set({
        status: 'reported',
        reportedTo: input.reportedTo,
        reportReference: input.reportReference ?? null,
        evidenceSummary: evidence,
        reportedBy: actor.id,
        reportedAt: ctx.now,
      })
      .where(eq(referrals.id, referral.id))
      .returning();
    await appendAudit(tx, {
      actor,
      action: 'referral.report',
      targetType: 'referral',
      targetId: referral.id,
      changes: { accountId: referral.accountId, status: { from: 'open', to: 'reported' }, reportedTo: input.reportedTo, reportReference: input.reportReference, evidence },
      requestAddress: ctx.requestAddress,
    });
    return updated!;
  });
}

export const closeReferralSchema = z.object({
  referralId: z.uuid('referral id: not a valid id'),
  reason: requiredText(LONG_TEXT_MAX, 'reason'),
});

/** Closes a referral with the reason (no action needed, handed over, reported...). Liaison/admin. */
export async function closeReferral(ctx: LibContext, input: z.output<typeof closeReferralSchema>) {
  const actor = requirePermission(ctx.actor, 'referrals:handle');
  return ctx.db.transaction(async (tx) => {
    const referral = await lockReferral(tx, input.referralId);
    if (referral.status === 'closed') throw new DomainError('conflict', 'this referral is already closed');
    const [updated] = await tx
      .update(referrals)
      .set({ status: 'closed', closedBy: actor.id, closedAt: ctx.now, outcome: input.reason })
      .where(eq(referrals.id, referral.id))
      .returning();
    await appendAudit(tx, {
      actor,
      action: 'referral.close',
      targetType: 'referral',
      targetId: referral.id,
      changes: { accountId: referral.accountId, status: { from: referral.status, to: 'closed' } },
      reason: input.reason,
      requestAddress: ctx.requestAddress,
    });
    return updated!;
  });
}
