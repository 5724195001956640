import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, moderationEvents, queueItems, riskReviews } from '@/db/schema';
import { protectChildren, protectChildrenSchema } from '@/lib/protection/protect-children';
import type { StaffActor } from '@/lib/auth/session';
import { breakThresholdSchema, DEFAULT_BREAK_AFTER, isFoldedCategory, readBreakThreshold, revealReportText, setBreakThreshold, wellnessToday } from '@/lib/wellness/wellness';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { auditCount, makeStaff } from '../helpers/staff';
import { NOW, plantGraphWorld } from '../graph/world';

describe(`moderator wellness on ${testEngine()}`, () => {
  let database: TestDatabase;
  let moderator: StaffActor;
  let admin: StaffActor;
  const ctx = (actor: StaffActor | null = moderator, now = NOW) => ctxOf(database.db, actor, { now });

  beforeAll(async () => {
    database = await openTestDatabase();
    await plantGraphWorld(database.db);
    moderator = await makeStaff(database.db, 'moderator');
    admin = await makeStaff(database.db, 'admin');
  });
  afterAll(async () => database?.close());

  it('folds sexual-content and grooming text; a reveal returns the text and is audited', async () => {
    expect(['grooming', 'sexual_content'].every((c) => isFoldedCategory(c as never))).toBe(true);
    expect(isFoldedCategory('spam')).toBe(false);
    const before = await auditCount(database.db);
    expect(await revealReportText(ctx(), { reportedId: 'groomer', reportId: 'rep-1' })).toEqual({ reportId: 'rep-1', text: 'keeps asking for photos' });
    expect(await auditCount(database.db)).toBe(before + 1);
    const [entry] = await database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(entry).toMatchObject({ action: 'report.text.reveal', targetType: 'report', targetId: 'rep-1', actorId: moderator.id });
    expect(entry!.changes).toEqual({ reportedId: 'groomer', category: 'grooming' });
    await expect(revealReportText(ctx(), { reportedId: 'kid-1', reportId: 'rep-1' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(revealReportText(ctx(null), { reportedId: 'groomer', reportId: 'rep-1' })).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(await auditCount(database.db)).toBe(before + 1);
  });

  it("counts a moderator's child-safety work today and suggests a break past the admin's threshold", async () => {
    expect(await wellnessToday(ctx())).toEqual({ handled: 0, breakAfter: DEFAULT_BREAK_AFTER, suggestBreak: false });
    const today = new Date(NOW.getTime() + 9 * 3_600_000);
    const yesterday = new Date(NOW.getTime() - 3_600_000);
    // Two decisions on one child-safety item (one item), one on an ordinary item, one claim (not a decision), one yesterday.
    const item = (lane: number) => ({
      queueId: 'child-safety',
      reportedId: `acc-${lane}-${Math.random()}`,
      lane,
      severity: 5,
      priority: 5,
      oldestReportAt: NOW,
      newestReportAt: NOW,
      reportCount: 1,
      reporterCount: 1,
      categories: ['grooming' as const],
      status: 'resolved' as const,
    });
    const [safety, ordinary, older] = await database.owner.insert(queueItems).values([item(0), { ...item(1), queueId: 'everything-else' }, item(0)]).returning({ id: queueItems.id, reportedId: queueItems.reportedId });
    const event = (itemId: string, reportedId: string, kind: 'resolved' | 'escalated' | 'claimed', createdAt: Date) => ({ itemId, reportedId, kind, actorType: 'staff', actorId: moderator.id, createdAt });
    await database.owner.insert(moderationEvents).values([
      event(safety!.id, safety!.reportedId, 'escalated', today),
      event(safety!.id, safety!.reportedId, 'resolved', today),
      event(ordinary!.id, ordinary!.reportedId, 'resolved', today),
      event(older!.id, older!.reportedId, 'claimed', today),
      event(older!.id, older!.reportedId, 'resolved', yesterday),
    ]);
    await database.db.insert(riskReviews).values({ accountId: 'groomer', decision: 'confirm', reason: 'x', reviewerId: moderator.id, reviewedAt: today, score: 88, signals: {} });
    await protectChildren(ctx(moderator, today), protectChildrenSchema.parse({ adultId: 'groomer', scope: 'all', actions: 'silent_block', reason: 'x' }));
    expect(await wellnessToday(ctx(moderator, today))).toEqual({ handled: 3, breakAfter: DEFAULT_BREAK_AFTER, suggestBreak: false });
    // Someone else's day is their own.
    expect((await wellnessToday(ctx(admin, today))).handled).toBe(0);

    const before = await auditCount(database.db);
    await setBreakThreshold(ctx(admin), breakThresholdSchema.parse({ breakAfter: '3' }));
    expect(await auditCount(database.db)).toBe(before + 1);
    const [entry] = await database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(entry).toMatchObject({ action: 'settings.wellness.update', targetId: 'wellness.break_after' });
    expect(entry!.changes).toEqual({ breakAfter: { from: DEFAULT_BREAK_AFTER, to: 3 } });
    expect(await readBreakThreshold(ctx(admin))).toEqual({ breakAfter: 3 });
    expect(await wellnessToday(ctx(moderator, today))).toEqual({ handled: 3, breakAfter: 3, suggestBreak: true });
    // The next day starts from nothing.
    expect((await wellnessToday(ctx(moderator, new Date(NOW.getTime() + 86_400_000)))).handled).toBe(0);
    // 0 turns the prompt off.
    await setBreakThreshold(ctx(admin), { breakAfter: 0 });
    expect(await wellnessToday(ctx(moderator, today))).toMatchObject({ suggestBreak: false, breakAfter: 0 });
  });

  it('only an admin sets the threshold, and only to a whole number in range', async () => {
    await expect(setBreakThreshold(ctx(moderator), { breakAfter: 5 })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(readBreakThreshold(ctx(moderator))).rejects.toMatchObject({ code: 'forbidden' });
    expect(breakThresholdSchema.safeParse({ breakAfter: '2.5' }).success).toBe(false);
    expect(breakThresholdSchema.safeParse({ breakAfter: '-1' }).success).toBe(false);
    expect(breakThresholdSchema.safeParse({ breakAfter: 'lots' }).success).toBe(false);
  });
});
