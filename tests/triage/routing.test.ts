import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { accounts, preservationHolds, referrals, reports, riskScores } from '@/db/schema';
import { listQueue, queueViewQuery } from '@/lib/triage/listing';
import { createQueue } from '@/lib/triage/queues';
import { routeWaitingReports } from '@/lib/triage/routing';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account, conversation, contacts } from '../helpers/fixtures';
import { auditCount, makeStaff } from '../helpers/staff';
import { fileReports, itemOf } from './fixtures';
import { ctxOf } from '../helpers/context';

describe(`routing on ${testEngine()}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    await database.db.insert(accounts).values([
      account('kid', '2013-04-01'),
      account('teen', '2009-01-01'),
      account('adult1', '1990-01-01'),
      account('adult2', '1985-01-01'),
      account('groomer', '1980-01-01'),
      account('checked-minor', '1990-01-01', { ageAssurance: 'minor' }),
      account('spammer', '1995-01-01'),
      account('target', '1995-01-01'),
    ]);
    await database.db.insert(contacts).values([conversation('groomer', 'kid')]);
  });
  afterAll(async () => database?.close());

  it('sends child-safety categories, reports from minors and reports about accounts contacting minors to Child safety', async () => {
    const { db } = database;
    await fileReports(db, 'adult1', [{ category: 'grooming', reporterId: 'adult2' }]);
    await fileReports(db, 'adult2', [{ category: 'harassment', reporterId: 'teen' }]);
    await fileReports(db, 'groomer', [{ category: 'spam', reporterId: 'adult1' }]);
    await fileReports(db, 'target', [{ category: 'harassment', reporterId: 'checked-minor' }]);
    expect((await itemOf(db, 'adult1')).queue_id).toBe('child-safety');
    expect((await itemOf(db, 'adult2')).queue_id).toBe('child-safety');
    expect((await itemOf(db, 'groomer')).queue_id).toBe('child-safety');
    expect((await itemOf(db, 'target')).queue_id).toBe('child-safety');
  });

  it('sends everything else to the catch-all and groups one account’s reports into one item', async () => {
    const { db } = database;
    const result = await fileReports(db, 'spammer', [
      { category: 'spam', reporterId: 'adult1' },
      { category: 'spam', reporterId: 'adult2' },
      { category: 'spam', reporterId: 'adult2' },
    ]);
    expect(result).toMatchObject({ routed: 3, itemsCreated: 1, byQueue: { 'everything-else': 3 } });
    const item = await itemOf(db, 'spammer');
    expect(item).toMatchObject({ queue_id: 'everything-else', report_count: 3, status: 'open', version: 1 });
    const [row] = await queryRows<{ reporter_count: number; categories: string }>(
      db,
      sql`select reporter_count, categories::text from queue_items where id = ${item.id}`,
    );
    expect(row).toEqual({ reporter_count: 2, categories: '{spam}' });

    // A new report joins the waiting item and bumps its version (whoever has it open has not seen it).
    await fileReports(db, 'spammer', [{ category: 'other', reporterId: 'adult1' }]);
    expect(await itemOf(db, 'spammer')).toMatchObject({ id: item.id, report_count: 4, version: 2 });
  });

  it('routes reports that arrived by import, in batches, with one audit entry per batch', async () => {
    const { db } = database;
    await db.insert(reports).values(
      Array.from({ length: 5 }, (_, i) => ({
        reportId: `imp${i}`,
        reporterId: 'adult1',
        reportedId: i < 3 ? 'target' : 'adult2',
        category: 'other' as const,
        createdAt: new Date('2026-01-01T00:00:00Z'),
        source: 'user' as const,
      })),
    );
    const admin = await makeStaff(db, 'admin');
    await expect(routeWaitingReports(ctxOf(db, await makeStaff(db, 'moderator')))).rejects.toThrow(/platform:import/);
    const before = await auditCount(db);
    const result = await routeWaitingReports(ctxOf(db, admin), { batchSize: 2 });
    expect(result.routed).toBe(5);
    expect((await auditCount(db)) - before).toBe(3);
    expect((await routeWaitingReports(ctxOf(db, admin))).routed).toBe(0);
  });

  it('routes by risk score and preservation hold, shows both, and re-prioritises when scores change', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    await db.insert(accounts).values([account('risky', '1980-01-01'), account('held', '1980-01-01'), account('calm', '1980-01-01')]);
    await createQueue(ctxOf(db, admin), { name: 'High risk', filter: { any: [{ minRisk: 50 }] }, position: 5, targetMinutes: 30 });
    await createQueue(ctxOf(db, admin), { name: 'Held accounts', filter: { any: [{ hasHold: true }] }, position: 6, targetMinutes: 30 });
    const score = (accountId: string, value: number) => ({
      accountId,
      score: value,
      claimedBand: 'adult' as const,
      likelyBand: 'adult' as const,
      asOf: new Date(),
      computedAt: new Date(),
      runId: 1,
    });
    await db.insert(riskScores).values(score('risky', 80));
    const [referral] = await db.insert(referrals).values({ accountId: 'held', ground: 'other', summary: 'test', referredBy: admin.id }).returning();
    await db.insert(preservationHolds).values({
      accountId: 'held',
      referralId: referral!.id,
      reason: 'test',
      startsAt: new Date(Date.now() - 60_000),
      expiresAt: new Date(Date.now() + 86_400_000),
      createdBy: admin.id,
    });
    await fileReports(db, 'risky', [{ category: 'spam' }]);
    await fileReports(db, 'held', [{ category: 'spam' }]);
    await fileReports(db, 'calm', [{ category: 'spam' }]);
    expect((await itemOf(db, 'risky')).queue_id).toBe('high-risk');
    expect((await itemOf(db, 'held')).queue_id).toBe('held-accounts');
    expect((await itemOf(db, 'calm')).queue_id).toBe('everything-else');

    const moderator = await makeStaff(db, 'moderator');
    const held = await listQueue(ctxOf(db, moderator), queueViewQuery.parse({ queue: 'held-accounts' }));
    expect(held.rows.map((row) => [row.reportedId, row.onHold])).toEqual([['held', true]]);
    const risky = await listQueue(ctxOf(db, moderator), queueViewQuery.parse({ queue: 'high-risk' }));
    expect(risky.rows.map((row) => [row.reportedId, row.riskScore, row.ageBandSource])).toEqual([['risky', 80, 'likely']]);

    const priority = async () =>
      (await queryRows<{ priority: number }>(db, sql`select priority from queue_items where reported_id = 'calm'`))[0]!.priority;
    // Spam (severity 1) on an unscored account; a score of 100 puts it in the top risk band (×5).
    expect(await priority()).toBe(1);
    await db.insert(riskScores).values(score('calm', 100));
    const result = await routeWaitingReports(ctxOf(db, admin));
    expect(result.reprioritised).toBe(1);
    expect(await priority()).toBe(5);
  });
});
