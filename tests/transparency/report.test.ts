import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountActions, appeals, patternFlags, policeRequests, preservationHolds, referrals, reports, riskReviews } from '@/db/schema';
import { appendAudit } from '@/lib/audit/log';
import type { StaffActor } from '@/lib/auth/session';
import { periodsBetween, transparencyFigures, transparencyReportCsv, type TransparencyReport } from '@/lib/transparency/report';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { makeStaff } from '../helpers/staff';

const t = (iso: string) => new Date(`${iso}T12:00:00Z`);
const integration = { type: 'integration', id: randomUUID(), name: 'chat app' } as const;

describe(`the transparency report on ${testEngine()}`, () => {
  let database: TestDatabase;
  let liaison: StaffActor;
  let moderator: StaffActor;

  beforeAll(async () => {
    database = await openTestDatabase();
    const db = database.db;
    liaison = await makeStaff(db, 'liaison');
    moderator = await makeStaff(db, 'moderator');
    const report = (id: string, category: 'grooming' | 'spam', source: 'user' | 'automated', at: string) =>
      ({ reportId: id, reporterId: null, reportedId: `acc_${id}`, category, source, createdAt: t(at) }) as const;
    await db.insert(reports).values([
      report('r1', 'grooming', 'user', '2026-01-10'),
      report('r2', 'grooming', 'automated', '2026-02-10'),
      report('r3', 'spam', 'user', '2026-04-02'),
      report('r4', 'spam', 'user', '2026-04-03'),
      report('r0', 'spam', 'user', '2025-12-31'),
    ]);
    await db.transaction((tx) => appendAudit(tx, { actor: integration, action: 'report.ingest', targetType: 'report', changes: { created: ['r3', 'r4'], duplicates: [] }, at: t('2026-04-03') }));
    const [review] = await db.insert(riskReviews).values({ accountId: 'acc_x', decision: 'confirm', reason: 'r', reviewerId: moderator.id, score: 9, signals: {} }).returning();
    await db.insert(patternFlags).values({ accountId: 'acc_x', pattern: 'meeting_request', rationale: 'r', reviewId: review!.id, createdBy: moderator.id, createdAt: t('2026-02-01') });
    const [ban] = await db.insert(accountActions).values({ accountId: 'acc_r1', action: 'ban', reason: 'x', actorId: moderator.id, createdAt: t('2026-01-11') }).returning();
    await db.insert(accountActions).values({ accountId: 'acc_r3', action: 'warn', reason: 'x', actorId: moderator.id, createdAt: t('2026-04-05') });
    await db.insert(appeals).values({ externalId: 'a1', accountId: 'acc_r1', decisionId: ban!.id, statement: 's', status: 'overturned', submittedBy: randomUUID(), createdAt: t('2026-01-12'), decidedAt: t('2026-04-01'), decidedBy: moderator.id });
    const [referral] = await db.insert(referrals).values({ accountId: 'acc_r1', ground: 'imminent_danger', summary: 's', referredBy: moderator.id, createdAt: t('2026-01-15'), reportedAt: t('2026-01-16'), status: 'reported' }).returning();
    const [request] = await db
      .insert(policeRequests)
      .values({
        type: 'subpoena',
        jurisdiction: 'US',
        timeZone: 'UTC',
        agency: 'A',
        officerName: 'O',
        officerEmail: 'o@police.example',
        legalReference: 'L',
        receivedAt: t('2026-02-20'),
        rangeFrom: '2026-01-01',
        rangeTo: '2026-02-01',
        categories: ['subscriber'],
        createdBy: liaison.id,
        status: 'disclosed',
      })
      .returning();
    await db.insert(preservationHolds).values([
      { accountId: 'acc_r1', requestId: request!.id, reason: 'r', startsAt: t('2026-02-20'), expiresAt: t('2026-05-20'), createdBy: liaison.id, createdAt: t('2026-02-20') },
      { accountId: 'acc_r1', referralId: referral!.id, reason: 'r', startsAt: t('2026-01-15'), expiresAt: t('2026-03-15'), createdBy: liaison.id, createdAt: t('2026-01-15'), releasedAt: t('2026-03-01') },
    ]);
  });
  afterAll(async () => database?.close());

  const value = (report: TransparencyReport, key: string, period = 'total') => {
    const measure = report.sections.flatMap((section) => section.measures).find((m) => m.key === key);
    return period === 'total' ? measure?.total : measure?.byPeriod[period];
  };

  it('counts reports by category and source, API arrivals, risk flags, actions, appeals, holds, referrals and police requests, per quarter', async () => {
    const report = await transparencyFigures(ctxOf(database.db, liaison), { from: '2026-01-01', to: '2026-06-30', period: 'quarter' });
    expect(report.periods).toEqual(['2026-Q1', '2026-Q2']);
    expect(value(report, 'reports.all')).toBe(4);
    expect(value(report, 'reports.all.user', '2026-Q1')).toBe(1);
    expect(value(report, 'reports.all.user', '2026-Q2')).toBe(2);
    expect(value(report, 'reports.grooming.automated')).toBe(1);
    expect(value(report, 'reports.via_api', '2026-Q2')).toBe(2);
    expect(value(report, 'risk_flags.meeting_request', '2026-Q1')).toBe(1);
    expect(value(report, 'actions.ban', '2026-Q1')).toBe(1);
    expect(value(report, 'actions.warn', '2026-Q2')).toBe(1);
    expect(value(report, 'appeals.received', '2026-Q1')).toBe(1);
    expect(value(report, 'appeals.overturned', '2026-Q2')).toBe(1);
    expect(value(report, 'holds.request')).toBe(1);
    expect(value(report, 'holds.referral')).toBe(1);
    expect(value(report, 'holds.released', '2026-Q1')).toBe(1);
    expect(value(report, 'referrals.imminent_danger')).toBe(1);
    expect(value(report, 'referrals.reported')).toBe(1);
    expect(value(report, 'police.subpoena.disclosed')).toBe(1);
    // Reports outside the range are left out.
    expect(value(report, 'reports.spam.user', '2026-Q1')).toBe(0);
  });

  it('writes a long-form CSV with a total per measure, and is refused to moderators', async () => {
    const report = await transparencyFigures(ctxOf(database.db, liaison), { from: '2026-01-01', to: '2026-03-31', period: 'month' });
    const rows = parse(transparencyReportCsv(report)) as string[][];
    expect(rows[0]).toEqual(['period', 'section', 'measure', 'label', 'count']);
    expect(rows).toContainEqual(['2026-02', 'reports', 'reports.grooming.automated', 'grooming — automated', '1']);
    expect(rows).toContainEqual(['total', 'police', 'police.all', 'all requests received', '1']);
    await expect(transparencyFigures(ctxOf(database.db, moderator), {})).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('names every period between the bounds, even empty ones', () => {
    expect(periodsBetween(new Date('2025-11-15T00:00:00Z'), new Date('2026-02-01T00:00:00Z'), 'month')).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(periodsBetween(new Date('2025-11-15T00:00:00Z'), new Date('2026-04-02T00:00:00Z'), 'quarter')).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
    expect(periodsBetween(new Date('2025-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'), 'year')).toEqual(['2025']);
  });
});
