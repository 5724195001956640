import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditLog } from '@/db/schema';
import { appendAudit } from '@/lib/audit/log';
import { listAuditEntries, parseAuditQuery } from '@/lib/audit/query';
import type { StaffActor } from '@/lib/auth/session';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine } from '../helpers/db';
import { makeStaff } from '../helpers/staff';

describe(`reading the audit log on ${testEngine()}`, () => {
  let database: Database;
  let admin: StaffActor;
  let moderator: StaffActor;
  beforeAll(async () => {
    database = await openTestDatabase();
    admin = await makeStaff(database.db, 'admin');
    moderator = await makeStaff(database.db, 'moderator');
    // seq 1..12: moderator views accounts a0..a5, admin changes staff s0..s5, interleaved.
    for (let i = 0; i < 6; i++) {
      await database.db.transaction(async (tx) => {
        await appendAudit(tx, { actor: moderator, action: 'account.view', targetType: 'account', targetId: `a${i}` });
        await appendAudit(tx, { actor: admin, action: 'staff.role_change', targetType: 'staff', targetId: `s${i}` });
      });
    }
  });
  afterAll(async () => database?.close());

  const seqs = (page: { entries: { seq: number }[] }) => page.entries.map((entry) => entry.seq);

  it('pages newest first by keyset, both ways', async () => {
    const first = await listAuditEntries(ctxOf(database.db, admin), { pageSize: 5 });
    expect(seqs(first)).toEqual([12, 11, 10, 9, 8]);
    expect(first).toMatchObject({ olderThan: 8, newerThan: null });
    const second = await listAuditEntries(ctxOf(database.db, admin), { before: 8, pageSize: 5 });
    expect(seqs(second)).toEqual([7, 6, 5, 4, 3]);
    expect(second).toMatchObject({ olderThan: 3, newerThan: 7 });
    const back = await listAuditEntries(ctxOf(database.db, admin), { after: 7, pageSize: 5 });
    expect(seqs(back)).toEqual([12, 11, 10, 9, 8]);
    // The three views above were recorded (seq 13–15), so there is now something newer than 12.
    expect(back).toMatchObject({ olderThan: 8, newerThan: 12 });
  });

  it('filters by actor email (any case), action and target', async () => {
    const byActor = await listAuditEntries(ctxOf(database.db, admin), { actor: moderator.email.toUpperCase(), pageSize: 3 });
    expect(byActor.entries.map((entry) => entry.targetId)).toEqual(['a5', 'a4', 'a3']);
    const byAction = await listAuditEntries(ctxOf(database.db, admin), { actions: 'staff.role_change', before: 5 });
    expect(byAction.entries.map((entry) => entry.targetId)).toEqual(['s1', 's0']);
    const byTarget = await listAuditEntries(ctxOf(database.db, admin), { targetType: 'account', targetId: 'a2' });
    expect(seqs(byTarget)).toEqual([5]);
  });

  it('ignores a malformed cursor instead of failing', async () => {
    const page = await listAuditEntries(ctxOf(database.db, admin), parseAuditQuery({ before: 'abc', actions: 'account.view' }).query);
    expect(page.entries).toHaveLength(6);
  });

  it('records each reading, with its filters, as an audit entry', async () => {
    await listAuditEntries(ctxOf(database.db, admin, { requestAddress: '10.1.2.3' }), parseAuditQuery({ actions: 'account.view', targetType: '' }).query);
    const [entry] = await database.db.select().from(auditLog).orderBy(sql`seq desc`).limit(1);
    expect(entry).toMatchObject({
      action: 'audit.view',
      actorId: admin.id,
      targetType: 'audit_log',
      requestAddress: '10.1.2.3',
      changes: { filters: { actions: 'account.view' }, before: null, after: null, shown: 6 },
    });
  });
});
