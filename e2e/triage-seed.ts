import type { Db } from '@/db/client';
import { accounts, reports } from '@/db/schema';
import { routeReports } from '@/lib/triage/routing';
import { seedE2eStaff } from './seed';
import type { E2eStaffMember } from './staff-accounts';

/** Two more moderators for the triage specs: they press "Start reviewing" at the same moment. */
export const TRIAGE_STAFF = {
  alice: { email: 'queue.alice@lookout.test', password: 'e2e-queue-alice-password', role: 'moderator' },
  bob: { email: 'queue.bob@lookout.test', password: 'e2e-queue-bob-password', role: 'moderator' },
} as const satisfies Record<string, E2eStaffMember>;

export const CHILD_SAFETY_ACCOUNTS = 8;
export const SPAM_ACCOUNTS = 20;

const HOUR = 60 * 60 * 1000;

/**
 * The triage specs' data: grooming reports filed by children about eight adults (Child safety,
 * oldest first) and a wave of twenty spam reports (Everything else), routed as the API routes them.
 */
export async function seedTriage(db: Db): Promise<void> {
  await seedE2eStaff(db, Object.values(TRIAGE_STAFF));
  const joined = new Date('2024-02-01T00:00:00Z');
  const adults = Array.from({ length: CHILD_SAFETY_ACCOUNTS }, (_, i) => ({
    accountId: `tri-adult-${i + 1}`,
    username: `older_friend_${i + 1}`,
    claimedBirthdate: '2008-06-01',
    ageAssurance: 'adult' as const,
    createdAt: joined,
  }));
  const children = Array.from({ length: CHILD_SAFETY_ACCOUNTS }, (_, i) => ({
    accountId: `tri-child-${i + 1}`,
    username: `school_kid_${i + 1}`,
    claimedBirthdate: '2013-09-01',
    createdAt: joined,
  }));
  const spammers = Array.from({ length: SPAM_ACCOUNTS }, (_, i) => ({
    accountId: `tri-spam-${String(i + 1).padStart(2, '0')}`,
    username: `free_followers_${i + 1}`,
    claimedBirthdate: '1999-01-01',
    createdAt: joined,
  }));
  const reporter = { accountId: 'tri-reporter', username: 'careful_user', claimedBirthdate: '1990-03-03', createdAt: joined };
  await db.insert(accounts).values([...adults, ...children, ...spammers, reporter]);

  const now = Date.now();
  const rows = [
    ...adults.map((adult, i) => ({
      reportId: `tri-cs-${i + 1}`,
      reporterId: children[i]!.accountId,
      reportedId: adult.accountId,
      category: 'grooming' as const,
      description: `Says he is 16 but keeps asking me for photos and wants to meet after school (${i + 1}).`,
      createdAt: new Date(now - (CHILD_SAFETY_ACCOUNTS - i) * HOUR),
      source: 'user' as const,
    })),
    ...spammers.map((spammer, i) => ({
      reportId: `tri-spam-${i + 1}`,
      reporterId: reporter.accountId,
      reportedId: spammer.accountId,
      category: 'spam' as const,
      description: 'Sent me a link to buy followers.',
      createdAt: new Date(now - 30 * 60 * 1000),
      source: 'user' as const,
    })),
  ];
  await db.transaction(async (tx) => {
    await tx.insert(reports).values(rows);
    await routeReports(
      tx,
      { type: 'system', name: 'e2e-seed' },
      rows.map((row) => ({ reportedId: row.reportedId, reportId: row.reportId })),
      new Date(now),
    );
  });
}
