import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, staff } from '@/db/schema';
import { loadStaffSession, openSession } from '@/lib/auth/session';
import { listStaff, listStaffPage, STAFF_PAGE_SIZE } from '@/lib/staff/list';
import { changeStaffRole, disableStaff } from '@/lib/staff/manage';
import { loadStaffMember, revokeStaffSession } from '@/lib/staff/sessions';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { auditCount, makeStaff } from '../helpers/staff';

describe(`staff oversight on ${testEngine()}`, () => {
  let database: TestDatabase;
  const db = () => database.db;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  const token = (staffId: string, sessionId: string, at: Date) => ({ staffId, sessionVersion: 1, sessionId, authenticatedAt: at.getTime() });
  const live = (staffId: string, sessionId: string, at: Date, now = new Date()) =>
    loadStaffSession({ db: db(), actor: null, requestAddress: null, now }, token(staffId, sessionId, at));

  it('lists each member’s last sign-in, second factor and open sessions', async () => {
    const admin = await makeStaff(db(), 'admin');
    const member = await makeStaff(db(), 'moderator', { totpSecret: 'encrypted' });
    const now = new Date();
    await openSession(db(), member.id, new Date(now.getTime() - 10 * 60 * 60 * 1000)); // past 8 hours: not open
    await openSession(db(), member.id, new Date(now.getTime() - 5 * 60 * 1000));
    const latest = await openSession(db(), member.id, new Date(now.getTime() - 60 * 1000));
    const listed = (await listStaff(ctxOf(db(), admin, { now }))).find((entry) => entry.id === member.id)!;
    expect(listed).toMatchObject({ secondFactor: true, activeSessions: 2, lastSignIn: latest.authenticatedAt });
    const never = (await listStaff(ctxOf(db(), admin, { now }))).find((entry) => entry.id === admin.id)!;
    expect(never).toMatchObject({ secondFactor: false, activeSessions: 0, lastSignIn: null });
    const detail = await loadStaffMember(ctxOf(db(), admin, { now }), { staffId: member.id });
    expect(detail.sessions.map((session) => session.state)).toEqual(['open', 'open', 'expired']);
  });

  it('pages the list by email: every member once, in the same order as the whole list', async () => {
    const admin = await makeStaff(db(), 'admin');
    for (let i = 0; i < STAFF_PAGE_SIZE + 7; i++) await makeStaff(db(), 'moderator', { email: `paged-${String(i).padStart(3, '0')}@lookout.test` });
    const ctx = ctxOf(db(), admin);
    const everyone = (await listStaff(ctx)).map((entry) => entry.email);
    const paged: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const { members, total, nextAfter } = await listStaffPage(ctx, { after });
      expect(total).toBe(everyone.length);
      expect(members.length).toBe(nextAfter ? STAFF_PAGE_SIZE : everyone.length - paged.length);
      paged.push(...members.map((entry) => entry.email));
      if (!nextAfter) break;
      after = nextAfter;
    }
    expect(everyone.length).toBeGreaterThan(STAFF_PAGE_SIZE);
    expect(paged).toEqual(everyone);
    // A damaged cursor (a NUL byte, a lone surrogate) is the first page, not a server error.
    for (const damaged of ['paged-\u0000', 'paged-\ud800']) {
      expect((await listStaffPage(ctx, { after: damaged })).members.map((entry) => entry.email)).toEqual(everyone.slice(0, STAFF_PAGE_SIZE));
    }
  });

  it('revokes one session, audited: its token is refused at once, the member’s other session goes on', async () => {
    const admin = await makeStaff(db(), 'admin');
    const member = await makeStaff(db(), 'moderator');
    const at = new Date();
    const laptop = await openSession(db(), member.id, at);
    const phone = await openSession(db(), member.id, at);
    expect(await live(member.id, laptop.id, at)).not.toBeNull();
    await revokeStaffSession(ctxOf(db(), admin, { requestAddress: '10.0.0.5' }), { staffId: member.id, sessionId: laptop.id, reason: 'laptop lost on a train' });
    expect(await live(member.id, laptop.id, at)).toBeNull();
    expect(await live(member.id, phone.id, at)).not.toBeNull();
    const [entry] = await db().select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(entry).toMatchObject({
      action: 'staff.session_revoke',
      actorId: admin.id,
      targetType: 'staff',
      targetId: member.id,
      reason: 'laptop lost on a train',
      requestAddress: '10.0.0.5',
      changes: { email: member.email, sessionId: laptop.id },
    });
    const before = await auditCount(db());
    await expect(revokeStaffSession(ctxOf(db(), admin), { staffId: member.id, sessionId: laptop.id })).rejects.toMatchObject({ code: 'conflict' });
    await expect(revokeStaffSession(ctxOf(db(), member), { staffId: member.id, sessionId: phone.id })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await auditCount(db())).toBe(before);
  });

  it('asks for a reason to change a role or disable, and keeps it in the log; open sessions end', async () => {
    const admin = await makeStaff(db(), 'admin');
    const member = await makeStaff(db(), 'moderator');
    const before = await auditCount(db());
    await expect(changeStaffRole(ctxOf(db(), admin), { staffId: member.id, role: 'liaison', reason: '  ' })).rejects.toThrow(/Give a reason/);
    await expect(disableStaff(ctxOf(db(), admin), { staffId: member.id, reason: '' })).rejects.toThrow(/Give a reason/);
    expect(await auditCount(db())).toBe(before);
    const session = await openSession(db(), member.id, new Date());
    await disableStaff(ctxOf(db(), admin), { staffId: member.id, reason: 'Left the company' });
    const [entry] = await db().select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(entry).toMatchObject({ action: 'staff.disable', reason: 'Left the company' });
    expect((await loadStaffMember(ctxOf(db(), admin), { staffId: member.id })).sessions.find((row) => row.id === session.id)?.state).toBe('ended');
  });

  it('refuses to demote or disable the last active admin', async () => {
    await db().update(staff).set({ active: false }).where(eq(staff.role, 'admin'));
    const last = await makeStaff(db(), 'admin');
    const other = await makeStaff(db(), 'admin', { active: false });
    const before = await auditCount(db());
    await expect(changeStaffRole(ctxOf(db(), last), { staffId: last.id, role: 'moderator', reason: 'stepping down' })).rejects.toThrow('cannot demote the last active admin');
    // A disabled admin cannot do it either (their session is dead; the table refuses them too).
    await expect(disableStaff(ctxOf(db(), other), { staffId: last.id, reason: 'take over' })).rejects.toThrow('cannot disable the last active admin');
    expect(await auditCount(db())).toBe(before);
  });
});
