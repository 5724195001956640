import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { blocks, reports, riskScores, riskSignals } from '@/db/schema';
import { createHold, hasActiveHold, listHolds } from '@/lib/police/holds';
import { closeReferral, createReferral, getReferral, listReferrals, recordProactiveReport } from '@/lib/police/referrals';
import { openTestDatabase } from '../helpers/db';
import { expectOneAudit, expectRefusedWithoutAudit, seedAccounts, seedStaff } from './helpers';
import { ctxOf } from '../helpers/context';

let database: Database;
let people: Awaited<ReturnType<typeof seedStaff>>;

beforeAll(async () => {
  database = await openTestDatabase();
  people = await seedStaff(database.db);
  await seedAccounts(database.db, ['suspect', 'kid-1', 'kid-2', 'other']);
  await database.db.insert(reports).values([
    { reportId: 'r1', reporterId: 'kid-1', reportedId: 'suspect', category: 'grooming', source: 'user', createdAt: new Date('2025-02-01T10:00:00Z') },
    { reportId: 'r2', reporterId: 'kid-2', reportedId: 'suspect', category: 'age_misrepresentation', source: 'user', createdAt: new Date('2025-02-03T10:00:00Z') },
    { reportId: 'r3', reporterId: null, reportedId: 'suspect', category: 'grooming', source: 'automated', createdAt: new Date('2025-02-02T10:00:00Z') },
  ]);
  await database.db.insert(blocks).values([
    { blockerId: 'kid-1', blockedId: 'suspect', blockedAt: new Date('2025-02-01T11:00:00Z') },
    { blockerId: 'kid-2', blockedId: 'suspect', blockedAt: new Date('2025-02-03T11:00:00Z') },
  ]);
  // What the risk engine stored about the suspect (lib/risk writes these when it scores).
  const asOf = new Date('2025-02-04T00:00:00Z');
  await database.db.insert(riskScores).values({
    accountId: 'suspect', score: 42, claimedBand: 'adult', likelyBand: 'adult', patterns: ['adult_contacting_minors'], asOf, computedAt: asOf, runId: 1,
  });
  await database.db.insert(riskSignals).values([
    { accountId: 'suspect', code: 'blocked_by_minors', weight: 12, value: 2, evidence: 'blocked by 2 minors' },
    { accountId: 'suspect', code: 'contacted_younger_minors', weight: 30, value: 5, evidence: 'wrote first to 5 unrelated 12–13-year-olds' },
  ]);
});
afterAll(async () => database?.close());

describe('referrals', () => {
  it('a moderator refers; liaison sees it in the inbox, holds the account, reports it with evidence, closes it', async () => {
    const referral = await expectOneAudit(database.db, 'referral.create', () =>
      createReferral(ctxOf(database.db, people.moderator), { accountId: 'suspect', ground: 'child_sexual_exploitation', summary: 'asks 12-year-olds for photos' }),
    );
    const inbox = await listReferrals(ctxOf(database.db, people.liaison), { status: 'open', limit: 50 });
    expect(inbox.rows.map((row) => [row.accountId, row.username, row.referredByEmail])).toEqual([['suspect', 'user_suspect', people.moderator.email]]);
    const opened = await expectOneAudit(database.db, 'referral.view', () => getReferral(ctxOf(database.db, people.liaison), referral.id));
    expect(opened.summary).toBe('asks 12-year-olds for photos');

    await expectOneAudit(database.db, 'preservation_hold.create', () =>
      createHold(ctxOf(database.db, people.liaison), { accountId: 'suspect', referralId: referral.id, reason: 'preserve before reporting' }),
    );
    expect(await hasActiveHold(ctxOf(database.db, people.moderator), 'suspect')).toBe(true);
    expect(await listHolds(ctxOf(database.db, people.liaison), { referralId: referral.id })).toHaveLength(1);

    const reported = await expectOneAudit(database.db, 'referral.report', () =>
      recordProactiveReport(ctxOf(database.db, people.liaison), { referralId: referral.id, reportedTo: 'NCA CEOP', reportReference: 'CEOP-77' }),
    );
    expect(reported.status).toBe('reported');
    expect(reported.evidenceSummary).toEqual({
      accountId: 'suspect',
      risk: {
        score: 42,
        patterns: ['adult_contacting_minors'],
        assessedAsOf: '2025-02-04T00:00:00.000Z',
        signals: [
          { code: 'contacted_younger_minors', weight: 30, evidence: 'wrote first to 5 unrelated 12–13-year-olds' },
          { code: 'blocked_by_minors', weight: 12, evidence: 'blocked by 2 minors' },
        ],
      },
      reports: {
        total: 3,
        distinctReporters: 2,
        byCategory: { grooming: 2, age_misrepresentation: 1 },
        bySource: { user: 2, automated: 1 },
        first: '2025-02-01T10:00:00.000Z',
        last: '2025-02-03T10:00:00.000Z',
      },
      blockedBy: 2,
      conversations: { total: 0, initiated: 0 },
    });
    await expectRefusedWithoutAudit(database.db, () => recordProactiveReport(ctxOf(database.db, people.liaison), { referralId: referral.id, reportedTo: 'x', reportReference: undefined }), /referral is reported/);

    const closed = await expectOneAudit(database.db, 'referral.close', () => closeReferral(ctxOf(database.db, people.liaison), { referralId: referral.id, reason: 'handed to CEOP' }));
    expect(closed).toMatchObject({ status: 'closed', outcome: 'handed to CEOP', closedBy: people.liaison.id });
    await expectRefusedWithoutAudit(database.db, () => closeReferral(ctxOf(database.db, people.liaison), { referralId: referral.id, reason: 'again' }), /already closed/);
    await expectRefusedWithoutAudit(database.db, () => createHold(ctxOf(database.db, people.liaison), { accountId: 'suspect', referralId: referral.id, reason: 'late' }), /referral is closed/);
  });

  it('only moderators and admins refer; only liaison and admins handle', async () => {
    await expectRefusedWithoutAudit(database.db, () => createReferral(ctxOf(database.db, people.liaison), { accountId: 'other', ground: 'other', summary: 'x' }), /may not referrals:create/);
    await expectRefusedWithoutAudit(database.db, () => createReferral(ctxOf(database.db, people.moderator), { accountId: 'ghost', ground: 'other', summary: 'x' }), /account ghost was not found/);
    await expect(listReferrals(ctxOf(database.db, people.moderator), { status: 'open', limit: 10 })).rejects.toThrow(/may not referrals:handle/);
    const referral = await createReferral(ctxOf(database.db, people.admin), { accountId: 'other', ground: 'imminent_danger', summary: 'threat to meet' });
    await expectRefusedWithoutAudit(database.db, () => closeReferral(ctxOf(database.db, people.moderator), { referralId: referral.id, reason: 'x' }), /may not referrals:handle/);
    await expectRefusedWithoutAudit(database.db, () => createHold(ctxOf(database.db, people.liaison), { accountId: 'kid-1', referralId: referral.id, reason: 'x' }), /the referral is about account other/);
    // No risk assessment for this account: the summary says so rather than inventing one.
    const reported = await recordProactiveReport(ctxOf(database.db, people.admin), { referralId: referral.id, reportedTo: 'Local police', reportReference: undefined });
    expect(reported.evidenceSummary).toMatchObject({ accountId: 'other', risk: null, reports: { total: 0 }, blockedBy: 0 });
  });

  it('the inbox pages by keyset, newest first', async () => {
    for (let i = 0; i < 5; i += 1) {
      await createReferral(ctxOf(database.db, people.moderator, { now: new Date(Date.UTC(2025, 0, 1 + i)) }), { accountId: 'kid-2', ground: 'other', summary: `note ${i}` });
    }
    const first = await listReferrals(ctxOf(database.db, people.liaison), { status: 'open', limit: 3 });
    const second = await listReferrals(ctxOf(database.db, people.liaison), { status: 'open', limit: 3, after: first.next! });
    const all = [...first.rows, ...second.rows];
    expect(new Set(all.map((row) => row.id)).size).toBe(all.length);
    expect(all.map((row) => row.createdAt.getTime())).toEqual([...all.map((row) => row.createdAt.getTime())].sort((a, b) => b - a));
    expect(all.filter((row) => row.summary.startsWith('note '))).toHaveLength(5);
  });
});
