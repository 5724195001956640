import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, queueItems, reports, riskScores, staff } from '@/db/schema';
import { createRequest, requestIntakeSchema } from '@/lib/police/intake';
import { routeReports } from '@/lib/triage/routing';
import { E2E_STAFF } from './staff-accounts';
import { ctxOf } from '@/tests/helpers/context';

const DAY = 86_400_000;

/**
 * The priority spec's data, in Child safety: a fresh grooming report about an account with risk 146,
 * and a harassment report a child filed about another account 40 days ago. The grooming item is
 * assigned to the e2e admin, so the other specs' "Start reviewing" never takes it.
 */
export async function seedPriority(db: Db): Promise<void> {
  const joined = new Date('2024-02-01T00:00:00Z');
  await db.insert(accounts).values([
    { accountId: 'pri-groomer', username: 'sporty_sam_16', claimedBirthdate: '2009-05-01', ageAssurance: 'adult', createdAt: joined },
    { accountId: 'pri-bully', username: 'loud_neighbour', claimedBirthdate: '2001-05-01', createdAt: joined },
    { accountId: 'pri-child', username: 'year_seven_kid', claimedBirthdate: '2014-02-01', createdAt: joined },
  ]);
  const now = new Date();
  await db.insert(riskScores).values({ accountId: 'pri-groomer', score: 146, claimedBand: '16_17', likelyBand: 'adult', asOf: now, computedAt: now, runId: 1 });
  const rows = [
    { reportId: 'pri-bully-1', reporterId: 'pri-child', reportedId: 'pri-bully', category: 'harassment' as const, description: 'Keeps calling me names.', createdAt: new Date(now.getTime() - 40 * DAY), source: 'user' as const },
    { reportId: 'pri-groom-1', reporterId: 'pri-child', reportedId: 'pri-groomer', category: 'grooming' as const, description: 'Says he is 16 and wants pictures.', createdAt: new Date(now.getTime() - 10 * 60_000), source: 'user' as const },
  ];
  const [admin] = await db.select({ id: staff.id }).from(staff).where(eq(staff.email, E2E_STAFF.admin.email));
  await db.transaction(async (tx) => {
    await tx.insert(reports).values(rows);
    await routeReports(tx, { type: 'system', name: 'e2e-seed' }, rows.map((row) => ({ reportedId: row.reportedId, reportId: row.reportId })), now);
    await tx.update(queueItems).set({ assigneeId: admin!.id }).where(eq(queueItems.reportedId, 'pri-groomer'));
  });
}

/** A police request naming three accounts, for the list's "Accounts" column. */
export const COUNTED_REQUEST_AGENCY = 'Count Check Constabulary';

export async function seedCountedRequest(db: Db): Promise<void> {
  const [liaison] = await db.select({ id: staff.id, email: staff.email, role: staff.role }).from(staff).where(eq(staff.email, E2E_STAFF.liaison.email));
  await createRequest(
    ctxOf(db, { type: 'staff', ...liaison! }),
    requestIntakeSchema.parse({
      type: 'subpoena',
      jurisdiction: 'US-CA',
      timeZone: 'America/Los_Angeles',
      agency: COUNTED_REQUEST_AGENCY,
      officerName: 'Det. Ana Ruiz',
      officerEmail: 'ana.ruiz@example.gov',
      legalReference: 'SUB-2026-3',
      rangeFrom: '2025-01-01',
      rangeTo: '2025-06-30',
      categories: ['subscriber'],
      targets: 'e2e-police-suspect\ne2e-police-child\ne2e-police-other',
    }),
  );
}
