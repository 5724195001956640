import { eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accountActions, accounts, appeals, integrationTokens, outboxEvents, staff } from '@/db/schema';
import { recordAccountActions } from '@/lib/moderation/account-actions';
import { enqueueOutboxEvents } from '@/lib/outbox/enqueue';
import { hashToken } from '@/lib/triage/integrations';
import { seedE2eStaff } from './seed';
import { E2E_STAFF, type E2eStaffMember } from './staff-accounts';

/** A second moderator, who judges the appeal of a decision the e2e moderator took. */
export const LOOP_STAFF = {
  appealJudge: { email: 'appeal.judge@lookout.test', password: 'e2e-appeal-judge-password', role: 'moderator' },
} as const satisfies Record<string, E2eStaffMember>;

/** The chat app's integration token in the e2e database (test-only: it exists in the throw-away database alone). */
export const E2E_INTEGRATION_TOKEN = 'lk_e2e-platform-loop-integration-token-0000000000';

/** Three decisions the chat app never accepted: dead letters on the Deliveries page. */
export const DEAD_ACCOUNTS = ['loop-dead-1', 'loop-dead-2', 'loop-dead-3'] as const;
/** A decision the chat app keeps refusing (retrying, next try in an hour), and one waiting behind it. */
export const RETRYING_ACCOUNT = 'loop-retrying';
/** Suspended by the e2e moderator; the appeal of that suspension is filed through the API. */
export const APPELLANT = { accountId: 'loop-appellant', username: 'wrongly_suspended' } as const;
/** Banned by the e2e admin, and appealed already: an open appeal any moderator may judge (the accessibility spec sees its form). */
export const WAITING_APPEAL = { appealId: 'e2e-appeal-waiting', accountId: 'loop-banned', username: 'banned_for_spam' } as const;

const HOUR = 3_600_000;

/**
 * e2e/platform-loop.spec.ts's data: dead letters, a failing event and the backlog behind it, an
 * integration token for the appeals API, and a suspension taken by the e2e moderator (delivered to
 * the receiver when the server starts, so the spec can read its decision_id there, as the chat app
 * would).
 */
export async function seedPlatformLoop(db: Db): Promise<void> {
  await seedE2eStaff(db, Object.values(LOOP_STAFF));
  const [moderator] = await db.select({ id: staff.id }).from(staff).where(eq(staff.email, E2E_STAFF.moderator.email));
  const [admin] = await db.select({ id: staff.id }).from(staff).where(eq(staff.email, E2E_STAFF.admin.email));
  const joined = new Date('2024-03-01T00:00:00Z');
  await db.insert(accounts).values([
    ...DEAD_ACCOUNTS.map((accountId, i) => ({ accountId, username: `never_told_${i + 1}`, claimedBirthdate: '1995-01-01', createdAt: joined })),
    { accountId: RETRYING_ACCOUNT, username: 'still_retrying', claimedBirthdate: '1994-01-01', createdAt: joined },
    { ...APPELLANT, claimedBirthdate: '1993-01-01', createdAt: joined },
    { accountId: WAITING_APPEAL.accountId, username: WAITING_APPEAL.username, claimedBirthdate: '1992-01-01', createdAt: joined },
  ]);

  const now = Date.now();
  await db.transaction(async (tx) => {
    // Warnings the chat app refused for a day: taken 25 hours ago, dead since.
    await recordAccountActions(
      tx,
      DEAD_ACCOUNTS.map((accountId) => ({ accountId, action: 'warn' as const, reason: 'Spam links in group chats.', actorId: moderator!.id, sourceType: 'e2e_seed', sourceId: accountId })),
      new Date(now - 25 * HOUR),
    );
    await tx
      .update(outboxEvents)
      .set({ status: 'dead', attempts: 24, lastError: 'the platform answered HTTP 500' })
      .where(inArray(outboxEvents.accountId, [...DEAD_ACCOUNTS]));

    // A restriction the chat app has refused three times (next try in an hour), and a hold notice waiting behind it.
    await recordAccountActions(
      tx,
      [{ accountId: RETRYING_ACCOUNT, action: 'restrict', reason: 'Repeated insults.', actorId: moderator!.id, sourceType: 'e2e_seed', sourceId: RETRYING_ACCOUNT }],
      new Date(now - HOUR),
    );
    await tx
      .update(outboxEvents)
      .set({ attempts: 3, lastError: 'the platform answered HTTP 503', nextAttemptAt: new Date(now + HOUR) })
      .where(eq(outboxEvents.accountId, RETRYING_ACCOUNT));
    await enqueueOutboxEvents(
      tx,
      [{ type: 'hold.placed', data: { account_id: RETRYING_ACCOUNT, hold_id: 'e2e-hold-1', expires_at: new Date(now + 90 * 24 * HOUR).toISOString() }, source: { type: 'e2e_seed', id: 'e2e-hold-1' } }],
      new Date(now - HOUR / 2),
    );

    // The decision under appeal: a suspension by the e2e moderator, delivered once the server runs.
    await recordAccountActions(
      tx,
      [{ accountId: APPELLANT.accountId, action: 'suspend', reason: 'Posted another user’s address.', actorId: moderator!.id, sourceType: 'e2e_seed', sourceId: APPELLANT.accountId }],
      new Date(now - 2 * HOUR),
    );

    await recordAccountActions(
      tx,
      [{ accountId: WAITING_APPEAL.accountId, action: 'ban', reason: 'Bulk spam after two warnings.', actorId: admin!.id, sourceType: 'e2e_seed', sourceId: WAITING_APPEAL.accountId }],
      new Date(now - 3 * HOUR),
    );
    const [ban] = await tx.select({ id: accountActions.id }).from(accountActions).where(eq(accountActions.accountId, WAITING_APPEAL.accountId));
    const [token] = await tx
      .insert(integrationTokens)
      .values({ name: 'chat app (e2e)', tokenHash: hashToken(E2E_INTEGRATION_TOKEN), tokenPrefix: E2E_INTEGRATION_TOKEN.slice(0, 10), ratePerMinute: 600, createdBy: admin!.id })
      .returning({ id: integrationTokens.id });
    await tx.insert(appeals).values({
      externalId: WAITING_APPEAL.appealId,
      accountId: WAITING_APPEAL.accountId,
      decisionId: ban!.id,
      statement: 'I only sent my shop link to people who asked.',
      submittedBy: token!.id,
      createdAt: new Date(now - HOUR),
    });
  });
}
