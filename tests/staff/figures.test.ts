import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountActions, appeals, moderationEvents, queueItems } from '@/db/schema';
import { appendAudit } from '@/lib/audit/log';
import type { StaffActor } from '@/lib/auth/session';
import { loadTeamFigures, teamFiguresCsv } from '@/lib/staff/figures';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { makeStaff } from '../helpers/staff';

const t = (iso: string) => new Date(`${iso}Z`);

describe(`team figures on ${testEngine()}`, () => {
  let database: TestDatabase;
  let admin: StaffActor;
  let ana: StaffActor;
  let ben: StaffActor;

  beforeAll(async () => {
    database = await openTestDatabase();
    const db = database.db;
    admin = await makeStaff(db, 'admin', { email: 'admin@lookout.test' });
    ana = await makeStaff(db, 'moderator', { email: 'ana@lookout.test', name: 'Ana' });
    ben = await makeStaff(db, 'moderator', { email: 'ben@lookout.test', name: 'Ben' });
    const item = async (reportedId: string, lane: number) =>
      (
        await db
          .insert(queueItems)
          .values({
            queueId: lane === 0 ? 'child-safety' : 'everything-else',
            reportedId,
            status: 'resolved',
            lane,
            severity: 1,
            priority: 1,
            oldestReportAt: t('2026-05-01T00:00:00'),
            newestReportAt: t('2026-05-01T00:00:00'),
            reportCount: 1,
            reporterCount: 1,
            categories: [lane === 0 ? 'grooming' : 'spam'],
          })
          .returning()
      )[0]!.id;
    const event = (itemId: string, reportedId: string, kind: 'claimed' | 'assigned' | 'resolved' | 'dismissed' | 'escalated', actor: StaffActor, at: string, extra: Partial<typeof moderationEvents.$inferInsert> = {}) =>
      db.insert(moderationEvents).values({ itemId, reportedId, kind, actorType: 'staff', actorId: actor.id, createdAt: t(at), ...extra });

    const child = await item('acc_child_case', 0);
    await event(child, 'acc_child_case', 'claimed', ana, '2026-05-04T10:00:00');
    await event(child, 'acc_child_case', 'resolved', ana, '2026-05-04T10:30:00', { accountAction: 'ban' });
    const spam = await item('acc_spam', 1);
    await event(spam, 'acc_spam', 'claimed', ana, '2026-05-05T09:00:00');
    await event(spam, 'acc_spam', 'dismissed', ana, '2026-05-05T09:10:00');
    const hard = await item('acc_hard', 1);
    await event(hard, 'acc_hard', 'assigned', admin, '2026-05-12T08:00:00', { details: { assigneeId: ana.id, previousAssignee: null } });
    await event(hard, 'acc_hard', 'escalated', ana, '2026-05-12T08:50:00');
    const quick = await item('acc_quick', 1);
    await event(quick, 'acc_quick', 'resolved', ben, '2026-05-06T12:00:00', { accountAction: 'warn' });

    const [ban] = await db.insert(accountActions).values({ accountId: 'acc_child_case', action: 'ban', reason: 'grooming', actorId: ana.id, createdAt: t('2026-05-04T10:30:00') }).returning();
    await db.insert(accountActions).values({ accountId: 'acc_hard', action: 'warn', reason: 'x', actorId: ana.id, createdAt: t('2026-05-12T08:50:00') });
    await db.insert(accountActions).values({ accountId: 'acc_quick', action: 'warn', reason: 'x', actorId: ben.id, createdAt: t('2026-05-06T12:00:00') });
    await db.insert(appeals).values({ externalId: 'ap-1', accountId: 'acc_child_case', decisionId: ban!.id, statement: 'not me', status: 'overturned', submittedBy: randomUUID() });
    // Before the range: left out.
    await db.insert(accountActions).values({ accountId: 'acc_old', action: 'ban', reason: 'x', actorId: ana.id, createdAt: t('2026-04-01T00:00:00') });

    await db.transaction(async (tx) => {
      await appendAudit(tx, { actor: ana, action: 'triage.item.view', targetType: 'queue_item', targetId: child, changes: { reportedId: 'acc_child_case' }, at: t('2026-05-04T10:01:00') });
      await appendAudit(tx, { actor: ana, action: 'triage.item.view', targetType: 'queue_item', targetId: spam, changes: { reportedId: 'acc_spam' }, at: t('2026-05-05T09:01:00') });
    });
  });
  afterAll(async () => database?.close());

  const range = { from: '2026-05-01', to: '2026-05-31' };

  it('counts each moderator’s items, median handling time, decisions by kind, overturns and child-safety exposure', async () => {
    const figures = await loadTeamFigures(ctxOf(database.db, admin), { ...range, period: 'week' });
    expect(figures.scope).toBe('team');
    const anaTotal = figures.totals.find((row) => row.staffId === ana.id)!;
    expect(anaTotal).toMatchObject({
      email: 'ana@lookout.test',
      name: 'Ana',
      period: 'all',
      itemsHandled: 3,
      medianHandlingMinutes: 30,
      decisions: { 'resolved: ban': 1, dismissed: 1, escalated: 1 },
      accountDecisions: 2,
      overturned: 1,
      childSafetyItems: 1,
      childSafetyViews: 1,
    });
    expect(figures.totals.find((row) => row.staffId === ben.id)).toMatchObject({ itemsHandled: 1, medianHandlingMinutes: null, decisions: { 'resolved: warn': 1 }, overturned: 0 });
    // Admins who decided nothing still appear, with zeros.
    expect(figures.totals.find((row) => row.staffId === admin.id)).toMatchObject({ itemsHandled: 0 });
    expect(figures.rows.filter((row) => row.staffId === ana.id).map((row) => [row.period, row.itemsHandled, row.medianHandlingMinutes])).toEqual([
      ['2026-05-04', 2, 20],
      ['2026-05-11', 1, 50],
    ]);
    expect(figures.decisionKinds).toEqual(['dismissed', 'escalated', 'resolved: ban', 'resolved: warn']);
  });

  it('shows a moderator their own figures only, whatever they ask for', async () => {
    const own = await loadTeamFigures(ctxOf(database.db, ben), { ...range, staffId: ana.id });
    expect(own.scope).toBe('own');
    expect(new Set([...own.rows, ...own.totals].map((row) => row.staffId))).toEqual(new Set([ben.id]));
    const liaison = await makeStaff(database.db, 'liaison');
    await expect(loadTeamFigures(ctxOf(database.db, liaison), range)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('writes the figures as CSV, one row per moderator and period, then the totals', async () => {
    const figures = await loadTeamFigures(ctxOf(database.db, admin), { ...range, period: 'month', staffId: ana.id });
    const rows = parse(teamFiguresCsv(figures)) as string[][];
    expect(rows[0]).toEqual([
      'period',
      'staff_email',
      'staff_name',
      'items_handled',
      'median_handling_minutes',
      'decisions_dismissed',
      'decisions_escalated',
      'decisions_resolved_ban',
      'account_decisions',
      'overturned_on_appeal',
      'child_safety_items',
      'child_safety_reviews_opened',
    ]);
    expect(rows.slice(1)).toEqual([
      ['2026-05-01', 'ana@lookout.test', 'Ana', '3', '30', '1', '1', '1', '2', '1', '1', '1'],
      ['all', 'ana@lookout.test', 'Ana', '3', '30', '1', '1', '1', '2', '1', '1', '1'],
    ]);
  });
});
