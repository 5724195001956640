import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, moderationEvents, policeRequests, policeRequestTargets, preservationHolds, queueItems } from '@/db/schema';
import { findBursts, findUnusualAccess, loadAccountAccess } from '@/lib/audit/access';
import { appendAudit } from '@/lib/audit/log';
import type { StaffActor } from '@/lib/auth/session';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { account, accounts } from '../helpers/fixtures';
import { makeStaff } from '../helpers/staff';

const at = (time: string) => new Date(`2026-04-10T${time}Z`);

describe(`access oversight on ${testEngine()}`, () => {
  let database: TestDatabase;
  let admin: StaffActor;
  let withItem: StaffActor;
  let nosy: StaffActor;
  let burster: StaffActor;
  let liaison: StaffActor;
  let outsider: StaffActor;

  const view = (actor: StaffActor, action: string, accountId: string, time: string, itemId?: string) =>
    database.db.transaction((tx) =>
      appendAudit(tx, {
        actor,
        action,
        targetType: itemId ? 'queue_item' : 'account',
        targetId: itemId ?? accountId,
        changes: itemId ? { reportedId: accountId } : {},
        at: at(time),
      }),
    );

  beforeAll(async () => {
    database = await openTestDatabase();
    const db = database.db;
    admin = await makeStaff(db, 'admin');
    withItem = await makeStaff(db, 'moderator', { name: 'Ada Item' });
    nosy = await makeStaff(db, 'moderator', { name: 'Nils Nosy' });
    burster = await makeStaff(db, 'moderator', { name: 'Bea Burst' });
    liaison = await makeStaff(db, 'liaison', { name: 'Lia Liaison' });
    outsider = await makeStaff(db, 'moderator', { name: 'Otto Outside' });
    await db.insert(accounts).values([
      account('kid_1', '2014-05-01'),
      account('kid_2', '2013-02-02'),
      account('adult_1', '1990-01-01'),
      account('held_1', '1985-03-03'),
      ...Array.from({ length: 25 }, (_, i) => account(`b_${i}`, '1980-01-01')),
    ]);
    // Ada claimed the item about kid_1 before looking at it.
    const [item] = await db
      .insert(queueItems)
      .values({
        queueId: 'child-safety',
        reportedId: 'kid_1',
        status: 'in_review',
        lane: 0,
        severity: 10,
        priority: 10,
        oldestReportAt: at('09:00:00'),
        newestReportAt: at('09:00:00'),
        reportCount: 1,
        reporterCount: 1,
        categories: ['grooming'],
        assigneeId: withItem.id,
        createdAt: at('09:00:00'),
      })
      .returning();
    await db.insert(moderationEvents).values({ itemId: item!.id, reportedId: 'kid_1', kind: 'claimed', actorType: 'staff', actorId: withItem.id, createdAt: at('10:00:00') });
    // Bea claimed an item about one adult of her burst: that view had something behind it.
    const [adultItem] = await db
      .insert(queueItems)
      .values({
        queueId: 'everything-else',
        reportedId: 'b_3',
        status: 'in_review',
        lane: 0,
        severity: 1,
        priority: 1,
        oldestReportAt: at('12:00:00'),
        newestReportAt: at('12:00:00'),
        reportCount: 1,
        reporterCount: 1,
        categories: ['spam'],
        assigneeId: burster.id,
        createdAt: at('12:00:00'),
      })
      .returning();
    await db.insert(moderationEvents).values({ itemId: adultItem!.id, reportedId: 'b_3', kind: 'claimed', actorType: 'staff', actorId: burster.id, createdAt: at('12:55:00') });
    // Lia's request names held_1, and she set the hold on it.
    const [request] = await db
      .insert(policeRequests)
      .values({
        type: 'preservation',
        jurisdiction: 'US',
        timeZone: 'UTC',
        agency: 'FBI',
        officerName: 'Agent Smith',
        officerEmail: 'smith@fbi.gov',
        legalReference: '2703(f)',
        receivedAt: at('08:00:00'),
        rangeFrom: '2026-01-01',
        rangeTo: '2026-04-01',
        categories: ['subscriber'],
        createdBy: liaison.id,
      })
      .returning();
    await db.insert(policeRequestTargets).values({ requestId: request!.id, identifier: 'held_1', resolution: 'account_id', accountId: 'held_1' });
    await db.insert(preservationHolds).values({
      accountId: 'held_1',
      requestId: request!.id,
      reason: 'Preservation request',
      startsAt: at('08:30:00'),
      expiresAt: new Date('2026-07-10T00:00:00Z'),
      createdBy: liaison.id,
    });

    await view(withItem, 'account.view', 'kid_1', '10:05:00');
    await view(withItem, 'triage.item.view', 'kid_1', '10:06:00', item!.id);
    await view(withItem, 'account.contacts.view', 'kid_1', '10:07:00');
    await view(nosy, 'account.view', 'kid_2', '11:00:00');
    await view(nosy, 'account.contacts.view', 'kid_2', '11:01:00');
    await view(nosy, 'account.view', 'adult_1', '11:05:00');
    await view(outsider, 'risk.view', 'held_1', '12:00:00');
    await view(liaison, 'account.view', 'held_1', '12:10:00');
    for (let i = 0; i < 25; i++) await view(burster, 'account.view', `b_${i}`, `13:0${Math.floor((i * 10) / 60)}:${String((i * 10) % 60).padStart(2, '0')}`);
    // An ordinary pace: six accounts over an hour.
    for (let i = 0; i < 6; i++) await view(withItem, 'account.view', `b_${i}`, `14:${String(i * 10).padStart(2, '0')}:00`);
  });
  afterAll(async () => database?.close());

  it('flags a child viewed with nothing behind it, a held account viewed by someone not on its request, and a burst — and not the views behind an assigned item or the request', async () => {
    const found = await findUnusualAccess(ctxOf(database.db, admin), { from: '2026-04-10', to: '2026-04-10' });
    expect(found.viewsScanned).toBe(3 + 3 + 2 + 25 + 6);
    expect(found.flags.map((flag) => [flag.kind, flag.actorId, flag.accountId, flag.views])).toEqual([
      ['held_not_on_request', outsider.id, 'held_1', 1],
      ['child_without_basis', nosy.id, 'kid_2', 2],
    ]);
    const child = found.flags[1]!;
    expect(child).toMatchObject({ actorName: 'Nils Nosy', actions: ['account.view', 'account.contacts.view'], basis: [], first: at('11:00:00'), last: at('11:01:00') });
    expect(child.href).toBe(
      `/audit?actorId=${nosy.id}&actions=account.view%2Caccount.contacts.view%2Ctriage.item.view%2Crisk.view&account=kid_2&from=2026-04-10&to=2026-04-10`,
    );
    expect(found.bursts).toEqual([
      expect.objectContaining({ actorId: burster.id, actorName: 'Bea Burst', accounts: 25, views: 25, withoutBasis: 24, start: at('13:00:00'), end: at('13:04:00') }),
    ]);
    expect(found.bursts[0]!.href).toContain('from=2026-04-10T13%3A00&to=2026-04-10T13%3A04');
    const [recorded] = await database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(recorded).toMatchObject({ action: 'audit.access_review', actorId: admin.id, changes: { from: '2026-04-10', to: '2026-04-10', flagged: 2, bursts: 1 } });
  });

  it('a lower burst threshold or a longer window finds more; a stricter one none', async () => {
    const strict = await findUnusualAccess(ctxOf(database.db, admin), { from: '2026-04-10', to: '2026-04-10', burstAccounts: 30 });
    expect(strict.bursts).toEqual([]);
    const loose = await findUnusualAccess(ctxOf(database.db, admin), { from: '2026-04-10', to: '2026-04-10', burstAccounts: 6, burstMinutes: 60 });
    expect(loose.bursts.map((burst) => burst.actorId).sort()).toEqual([burster.id, withItem.id].sort());
  });

  it('cuts a person’s views into bursts by distinct accounts in a sliding window', () => {
    const views = (times: number[], ids: string[]) => times.map((minute, i) => ({ at: new Date(minute * 60_000), accountId: ids[i]!, basis: [] }));
    expect(findBursts(views([0, 1, 2, 3], ['a', 'b', 'c', 'd']), 3, 2)).toMatchObject([{ accounts: 4, views: 4 }]);
    expect(findBursts(views([0, 1, 2, 3], ['a', 'a', 'a', 'a']), 2, 10)).toEqual([]);
    expect(findBursts(views([0, 1, 30, 31], ['a', 'b', 'c', 'd']), 2, 5)).toHaveLength(2);
  });

  it('lists who viewed one account, what and when, with what stood behind each view', async () => {
    const held = await loadAccountAccess(ctxOf(database.db, admin), { accountId: 'held_1' });
    expect(held.views.map((v) => [v.actorId, v.action, v.held, v.heldNotOnRequest, v.basis])).toEqual([
      [liaison.id, 'account.view', true, false, ['request']],
      [outsider.id, 'risk.view', true, true, []],
    ]);
    expect(held.viewers.map((viewer) => [viewer.actorId, viewer.views])).toEqual([
      [liaison.id, 1],
      [outsider.id, 1],
    ]);
    const kid = await loadAccountAccess(ctxOf(database.db, admin), { accountId: 'kid_1' });
    expect(kid.views.map((v) => [v.action, v.minor, v.basis])).toEqual([
      ['account.contacts.view', true, ['item']],
      ['triage.item.view', true, ['item']],
      ['account.view', true, ['item']],
    ]);
    const [recorded] = await database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(recorded).toMatchObject({ action: 'audit.access_view', targetType: 'account', targetId: 'kid_1' });
  });

  it('is for admins only, and refuses more than 31 days at once', async () => {
    await expect(findUnusualAccess(ctxOf(database.db, nosy), {})).rejects.toMatchObject({ code: 'forbidden' });
    await expect(loadAccountAccess(ctxOf(database.db, liaison), { accountId: 'kid_1' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(findUnusualAccess(ctxOf(database.db, admin), { from: '2026-01-01', to: '2026-03-01' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
