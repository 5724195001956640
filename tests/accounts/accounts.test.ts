import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { accounts, blocks, contacts, reports } from '@/db/schema';
import { listAccounts } from '@/lib/accounts/list';
import { viewAccount, viewAccountContacts } from '@/lib/accounts/detail';
import { loadOverview } from '@/lib/overview/overview';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account, conversation } from '../helpers/fixtures';
import { auditCount, makeStaff } from '../helpers/staff';

const asOf = new Date('2026-06-01T00:00:00Z');

describe(`overview and accounts on ${testEngine()}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    await db.insert(accounts).values([
      account('a01', '2014-03-01'), // 12 → under_13
      account('a02', '2012-06-02'), // 13 (birthday tomorrow: still 13)
      account('a03', '2009-05-31'), // 17
      account('a04', '1990-01-01'), // adult
      account('a05', null), // unknown
      account('b01', '1985-01-01', { username: 'coach_dan', deviceCluster: 'dev1' }),
      account('b02', '2013-01-01', { username: 'coachee', deviceCluster: 'dev1' }),
    ]);
    await db.insert(contacts).values([
      conversation('b01', 'a01', { lastContactAt: new Date('2025-03-01T00:00:00Z') }),
      conversation('a02', 'b01', { lastContactAt: new Date('2025-02-01T00:00:00Z'), mediaFromRecipient: 2 }),
      conversation('a03', 'a04'),
    ]);
    await db.insert(blocks).values({ blockerId: 'a01', blockedId: 'b01', blockedAt: new Date('2025-03-02T00:00:00Z') });
    await db.insert(reports).values([
      { reportId: 'r1', reporterId: 'a01', reportedId: 'b01', category: 'grooming', createdAt: asOf, source: 'user', description: 'asked for pics' },
      { reportId: 'r2', reporterId: 'a03', reportedId: 'a04', category: 'spam', createdAt: asOf, source: 'user', status: 'dismissed' },
    ]);
  });
  afterAll(async () => database?.close());

  it('counts accounts by claimed age band, conversations and reports by category and status', async () => {
    const overview = await loadOverview(ctxOf(database.db, await makeStaff(database.db, 'moderator'), { now: asOf }));
    expect(overview.accounts).toBe(7);
    expect(overview.accountsByAgeBand).toEqual({ under_13: 1, '13_15': 2, '16_17': 1, adult: 2, unknown: 1 });
    expect(overview.conversations).toBe(3);
    expect(overview.blocks).toBe(1);
    expect(overview.reportsByCategoryAndStatus.grooming.open).toBe(1);
    expect(overview.reportsByCategoryAndStatus.spam.dismissed).toBe(1);
    expect(overview.reports).toBe(2);
  });

  it('pages accounts by id and searches by exact id or username prefix', async () => {
    const reader = ctxOf(database.db, await makeStaff(database.db, 'liaison'));
    const first = await listAccounts(reader, { q: '' }, 3);
    expect(first.rows.map((r) => r.accountId)).toEqual(['a01', 'a02', 'a03']);
    const second = await listAccounts(reader, { q: '', after: first.nextCursor! }, 3);
    expect(second.rows.map((r) => r.accountId)).toEqual(['a04', 'a05', 'b01']);
    const last = await listAccounts(reader, { q: '', after: second.nextCursor! }, 3);
    expect(last.rows.map((r) => r.accountId)).toEqual(['b02']);
    expect(last.nextCursor).toBeNull();

    expect((await listAccounts(reader, { q: 'coach' })).rows.map((r) => r.username)).toEqual(['coach_dan', 'coachee']);
    expect((await listAccounts(reader, { q: 'a03' })).rows.map((r) => r.accountId)).toEqual(['a03']);
    // A LIKE wildcard in the search is a literal character, not "anything".
    expect((await listAccounts(reader, { q: 'coach%' })).rows).toEqual([]);
  });

  it('shows an account with its evidence and audits the view', async () => {
    const moderator = await makeStaff(database.db, 'moderator');
    const before = await auditCount(database.db);
    const detail = await viewAccount(ctxOf(database.db, moderator), 'b01');
    expect(detail.conversationCount).toBe(2);
    expect(detail.initiatedCount).toBe(1);
    expect(detail.blockedByCount).toBe(1);
    expect(detail.reportsAbout.map((r) => r.reportId)).toEqual(['r1']);
    expect(detail.deviceSiblings.map((s) => s.accountId)).toEqual(['b02']);
    expect(await auditCount(database.db)).toBe(before + 1);
  });

  it('lists contacts newest first from the account’s side, paginated, and audits each page', async () => {
    const liaison = await makeStaff(database.db, 'liaison');
    const before = await auditCount(database.db);
    const page = await viewAccountContacts(ctxOf(database.db, liaison), { accountId: 'b01' });
    expect(page.rows.map((r) => [r.peerId, r.initiatedByAccount, r.blockedByPeer, r.mediaReceived])).toEqual([
      ['a01', true, true, 0],
      ['a02', false, false, 0],
    ]);
    expect(page.rows[1]!.mediaSent).toBe(2);
    expect(page.nextCursor).toBeNull();
    expect(await auditCount(database.db)).toBe(before + 1);
  });

  it('refuses an unknown account and a signed-out caller without writing an audit entry', async () => {
    const moderator = await makeStaff(database.db, 'moderator');
    const before = await auditCount(database.db);
    await expect(viewAccount(ctxOf(database.db, moderator), 'nope')).rejects.toThrow('No account with id nope.');
    await expect(viewAccount(ctxOf(database.db, null), 'b01')).rejects.toThrow('Sign in');
    // The readers check their permission like the writers: nobody signed in sees no list and no overview.
    await expect(listAccounts(ctxOf(database.db, null), { q: '' })).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(loadOverview(ctxOf(database.db, null))).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(await auditCount(database.db)).toBe(before);
  });
});
