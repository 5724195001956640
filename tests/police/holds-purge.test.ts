import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { blocks, contacts, policeRequests, preservationHolds, queueItemReports, queueItems, reports } from '@/db/schema';
import { createHold, extendHold, hasActiveHold, holdState, recordLapsedHolds, releaseHold } from '@/lib/police/holds';
import { purgeOlderThan } from '@/lib/retention/purge';
import { actOnItem } from '@/lib/triage/actions';
import { routeWaitingReports } from '@/lib/triage/routing';
import { openTestDatabase } from '../helpers/db';
import { expectOneAudit, expectRefusedWithoutAudit, recordRequest, seedAccounts, seedStaff, tableCount } from './helpers';
import { ctxOf } from '../helpers/context';

let database: Database;
let people: Awaited<ReturnType<typeof seedStaff>>;
let requestId: string;

const NOW = new Date('2025-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const OLD = daysAgo(400);
const RECENT = daysAgo(10);

beforeAll(async () => {
  database = await openTestDatabase();
  people = await seedStaff(database.db);
  await seedAccounts(database.db, ['held', 'free-a', 'free-b', 'free-c']);
  ({ id: requestId } = await recordRequest(database.db, people.liaison, { type: 'preservation', authorisingOfficer: '', targets: 'held\nfree-a' }));
});
afterAll(async () => database?.close());

/** For each table: one old row touching the held account, one old row between free accounts, one recent row. */
async function seedPlatformRows() {
  await database.db.delete(contacts);
  await database.db.delete(blocks);
  await database.db.delete(reports);
  const contact = (lo: string, hi: string, at: Date) => ({
    accountLo: lo, accountHi: hi, initiatorId: lo, recipientId: hi, firstContactAt: at, lastContactAt: at,
  });
  await database.db.insert(contacts).values([
    contact('free-a', 'held', OLD),
    contact('free-a', 'free-b', OLD),
    contact('free-b', 'free-c', OLD),
    contact('free-a', 'free-c', RECENT),
  ]);
  await database.db.insert(blocks).values([
    { blockerId: 'held', blockedId: 'free-b', blockedAt: OLD },
    { blockerId: 'free-c', blockedId: 'held', blockedAt: OLD },
    { blockerId: 'free-a', blockedId: 'free-b', blockedAt: OLD },
    { blockerId: 'free-c', blockedId: 'free-b', blockedAt: RECENT },
  ]);
  // Decided reports: only those may go (undecided ones are covered by their own test below).
  const report = (id: string, reporterId: string | null, reportedId: string, at: Date) => ({
    reportId: id, reporterId, reportedId, category: 'grooming' as const, createdAt: at, source: 'user' as const, status: 'dismissed' as const,
  });
  await database.db.insert(reports).values([
    report('r1', 'free-a', 'held', OLD),
    report('r2', 'held', 'free-b', OLD), // filed BY the held account: it touches the account too
    report('r3', null, 'free-c', OLD),
    report('r4', 'free-a', 'free-b', RECENT),
  ]);
}

const purge = (days = 30, at = NOW) => purgeOlderThan(ctxOf(database.db, people.admin, { now: at }), { olderThanDays: days });

beforeEach(async () => {
  await database.db.update(preservationHolds).set({ releasedAt: new Date('2000-01-01T00:00:00Z') });
  await seedPlatformRows();
});

describe('preservation holds and purge', () => {
  it('a hold keeps every row touching the held account; other old rows go; recent rows stay', async () => {
    await expectOneAudit(database.db, 'preservation_hold.create', () =>
      createHold(ctxOf(database.db, people.liaison, { now: daysAgo(5) }), { accountId: 'held', requestId, reason: '2703(f) letter' }),
    );
    const result = await expectOneAudit(database.db, 'retention.purge', () => purge());
    expect(result.deleted).toEqual({ contacts: 2, blocks: 1, reports: 1 });
    expect(result.skippedForHolds).toEqual({ contacts: 1, blocks: 2, reports: 2 });
    expect(result.skippedUndecidedReports).toBe(0);
    const left = await database.db.select().from(contacts);
    expect(left.map((row) => `${row.accountLo}|${row.accountHi}`).sort()).toEqual(['free-a|free-c', 'free-a|held']);
    expect((await database.db.select().from(reports)).map((row) => row.reportId).sort()).toEqual(['r1', 'r2', 'r4']);
    expect(await tableCount(database.db, 'blocks')).toBe(3);
  });

  it('an expired hold no longer protects anything', async () => {
    // Placed 100 days ago: its 90 days ran out ten days ago.
    const hold = await createHold(ctxOf(database.db, people.liaison, { now: daysAgo(100) }), { accountId: 'held', requestId, reason: 'old letter' });
    expect(holdState(hold, NOW)).toBe('expired');
    expect(await hasActiveHold(ctxOf(database.db, people.moderator, { now: NOW }), 'held')).toBe(false);
    const result = await purge();
    expect(result.skippedForHolds).toEqual({ contacts: 0, blocks: 0, reports: 0 });
    expect(result.deleted).toEqual({ contacts: 3, blocks: 3, reports: 3 });
  });

  it('a released hold no longer protects anything', async () => {
    const hold = await createHold(ctxOf(database.db, people.liaison, { now: daysAgo(5) }), { accountId: 'held', requestId, reason: 'letter' });
    await expectOneAudit(database.db, 'preservation_hold.release', () =>
      releaseHold(ctxOf(database.db, people.liaison, { now: daysAgo(1) }), { holdId: hold.id, reason: 'agency no longer needs it' }),
    );
    expect((await purge()).deleted).toEqual({ contacts: 3, blocks: 3, reports: 3 });
    await expectRefusedWithoutAudit(database.db, () => releaseHold(ctxOf(database.db, people.liaison, { now: NOW }), { holdId: hold.id, reason: 'again' }), /already released/);
  });

  it('keeps old reports still awaiting a decision; a decided one goes with its link to the queue', async () => {
    await database.db.delete(reports);
    const old = { reporterId: 'free-a', category: 'spam' as const, createdAt: OLD, source: 'user' as const };
    await database.db.insert(reports).values([
      { ...old, reportId: 'waiting', reportedId: 'free-b' },
      { ...old, reportId: 'decided', reportedId: 'free-c' },
    ]);
    await routeWaitingReports(ctxOf(database.db, people.admin), {});
    const [item] = await database.db.select().from(queueItems).where(eq(queueItems.reportedId, 'free-c'));
    await actOnItem(ctxOf(database.db, people.moderator), { action: 'dismiss', itemId: item!.id, version: item!.version, reason: 'old spam' });

    const result = await purge();
    expect(result.deleted.reports).toBe(1);
    expect(result.skippedUndecidedReports).toBe(1);
    expect((await database.db.select().from(reports)).map((row) => row.reportId)).toEqual(['waiting']);
    // The waiting report stays in its queue; the purged one leaves no link pointing at nothing.
    expect((await database.db.select().from(queueItemReports)).map((link) => link.reportId)).toEqual(['waiting']);
  });

  it('purge is for admins only and writes nothing when refused', async () => {
    await expectRefusedWithoutAudit(database.db, () => purgeOlderThan(ctxOf(database.db, people.liaison, { now: NOW }), { olderThanDays: 30 }), /may not retention:purge/);
    expect(await tableCount(database.db, 'contacts')).toBe(4);
  });
});

describe('hold lifecycle', () => {
  it('extends once by 90 local days, moving the preservation request deadline', async () => {
    const hold = await createHold(ctxOf(database.db, people.liaison, { now: new Date('2025-01-15T10:00:00Z') }), { accountId: 'held', requestId, reason: 'letter' });
    expect(hold.expiresAt.toISOString()).toBe('2025-04-15T09:00:00.000Z'); // 10:00 BST
    const extended = await expectOneAudit(database.db, 'preservation_hold.extend', () =>
      extendHold(ctxOf(database.db, people.liaison, { now: new Date('2025-04-01T00:00:00Z') }), { holdId: hold.id, reason: 'renewal received' }),
    );
    expect(extended.expiresAt.toISOString()).toBe('2025-07-14T09:00:00.000Z');
    const [request] = await database.db.select().from(policeRequests).where(eq(policeRequests.id, requestId));
    expect(request!.dueAt?.toISOString()).toBe('2025-07-14T09:00:00.000Z');
    await expectRefusedWithoutAudit(
      database.db,
      () => extendHold(ctxOf(database.db, people.liaison, { now: new Date('2025-05-01T00:00:00Z') }), { holdId: hold.id, reason: 'again' }),
      /already extended once/,
    );
    await expectRefusedWithoutAudit(
      database.db,
      () => extendHold(ctxOf(database.db, people.liaison, { now: new Date('2025-08-01T00:00:00Z') }), { holdId: hold.id, reason: 'late' }),
      /hold is expired/,
    );
  });

  it('only for accounts the request names, one active hold per source, not for moderators', async () => {
    await expectRefusedWithoutAudit(database.db, () => createHold(ctxOf(database.db, people.liaison, { now: NOW }), { accountId: 'free-b', requestId, reason: 'x' }), /does not name account free-b/);
    await expectRefusedWithoutAudit(database.db, () => createHold(ctxOf(database.db, people.liaison, { now: NOW }), { accountId: 'nobody', requestId, reason: 'x' }), /account nobody was not found/);
    await expectRefusedWithoutAudit(database.db, () => createHold(ctxOf(database.db, people.moderator, { now: NOW }), { accountId: 'held', requestId, reason: 'x' }), /may not holds:manage/);
    await createHold(ctxOf(database.db, people.liaison, { now: NOW }), { accountId: 'free-a', requestId, reason: 'x' });
    await expectRefusedWithoutAudit(database.db, () => createHold(ctxOf(database.db, people.liaison, { now: NOW }), { accountId: 'free-a', requestId, reason: 'x' }), /already has an active hold/);
  });

  it('the badge says only whether an account is held', async () => {
    await createHold(ctxOf(database.db, people.liaison, { now: daysAgo(1) }), { accountId: 'held', requestId, reason: 'x' });
    expect(await hasActiveHold(ctxOf(database.db, people.moderator, { now: NOW }), 'held')).toBe(true);
    expect(await hasActiveHold(ctxOf(database.db, people.moderator, { now: NOW }), 'free-c')).toBe(false);
  });

  it('the expiry job records lapsed holds in one audit entry', async () => {
    const lapsing = await createHold(ctxOf(database.db, people.liaison, { now: daysAgo(95) }), { accountId: 'held', requestId, reason: 'x' });
    await database.db.update(preservationHolds).set({ releasedAt: null }).where(eq(preservationHolds.id, lapsing.id));
    const lapsed = await expectOneAudit(database.db, 'preservation_hold.lapse', () => recordLapsedHolds(ctxOf(database.db, people.liaison, { now: NOW })));
    expect(lapsed).toEqual([lapsing.id]);
    expect(await expectOneAudit(database.db, 'preservation_hold.lapse', () => recordLapsedHolds(ctxOf(database.db, people.liaison, { now: NOW })))).toEqual([]);
  });
});
