import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditLog, staff } from '@/db/schema';
import { authenticateStaff } from '@/lib/auth/signin';
import { currentTotp, newTotpSecret } from '@/lib/auth/totp';
import { decryptTotpSecret } from '@/lib/auth/totp-secret';
import { DomainError } from '@/lib/errors';
import { addStaff, bootstrapFirstAdmin, changeStaffRole, disableStaff, enableStaff, resetStaffPassword } from '@/lib/staff/manage';
import { changeOwnPassword, enrolTotp, removeTotp } from '@/lib/staff/self';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine } from '../helpers/db';
import { auditCount, liveSession, makeStaff, TEST_PASSWORD } from '../helpers/staff';

describe(`staff management on ${testEngine()}`, () => {
  let database: Database;
  const db = () => database.db;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  const lastEntry = async () => (await db().select().from(auditLog).orderBy(sql`seq desc`).limit(1))[0]!;
  const row = async (id: string) => (await db().select().from(staff).where(eq(staff.id, id)))[0]!;
  /** Runs a call that must fail with `message`, and checks it wrote no audit entry. */
  async function expectRefused(call: () => Promise<unknown>, message: RegExp | string, kind: unknown = DomainError) {
    const before = await auditCount(db());
    await expect(call()).rejects.toSatisfy((error: unknown) => error instanceof (kind as typeof Error) && !!String((error as Error).message).match(message));
    expect(await auditCount(db())).toBe(before);
  }

  describe('bootstrap', () => {
    it('lets the first admin in without an actor, once, as system:bootstrap', async () => {
      await db().execute(sql`delete from staff`);
      await expectRefused(() => bootstrapFirstAdmin(ctxOf(db(), null), { email: 'mod@lookout.test', role: 'moderator', password: TEST_PASSWORD }), /must be an admin/);
      const tries = await Promise.allSettled(
        ['first@lookout.test', 'second@lookout.test'].map((email) => bootstrapFirstAdmin(ctxOf(db(), null), { email, role: 'admin', password: TEST_PASSWORD })),
      );
      expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(1);
      expect(tries.filter((t) => t.status === 'rejected').map((t) => String((t as PromiseRejectedResult).reason.message))).toEqual([
        expect.stringMatching(/staff already exist/),
      ]);
      expect(await lastEntry()).toMatchObject({ action: 'staff.add', actorType: 'system', actorId: 'bootstrap' });
    });
  });

  it('adds a member with a one-time password that must be changed, in one audited transaction', async () => {
    const admin = await makeStaff(db(), 'admin');
    const before = await auditCount(db());
    const added = await addStaff(ctxOf(db(), admin, { requestAddress: '10.0.0.9' }), { email: ' New.Person@Lookout.test ', role: 'liaison', name: 'New Person' });
    expect(await auditCount(db())).toBe(before + 1);
    expect(added.email).toBe('new.person@lookout.test');
    expect(added.initialPassword).toMatch(/^[\w]{5}(-[\w]{5}){3}$/);
    expect(await row(added.id)).toMatchObject({ role: 'liaison', active: true, mustChangePassword: true, name: 'New Person' });
    expect(await lastEntry()).toMatchObject({
      action: 'staff.add',
      actorId: admin.id,
      targetId: added.id,
      requestAddress: '10.0.0.9',
      changes: { email: 'new.person@lookout.test', name: 'New Person', role: 'liaison', oneTimePassword: true },
    });
    expect(JSON.stringify(await lastEntry())).not.toContain(added.initialPassword!);
    const signIn = await authenticateStaff(db(), { email: added.email, password: added.initialPassword! }, null);
    expect(signIn.outcome).toBe('signed_in');
    expect((await liveSession(db(), added.id, 1))?.mustChangePassword).toBe(true);
  });

  it('refuses a duplicate email (any case) and bad input, writing nothing', async () => {
    const admin = await makeStaff(db(), 'admin');
    await addStaff(ctxOf(db(), admin), { email: 'dup@lookout.test', role: 'moderator' });
    await expectRefused(() => addStaff(ctxOf(db(), admin), { email: 'DUP@lookout.test', role: 'admin' }), /already exists/);
    await expectRefused(() => addStaff(ctxOf(db(), admin), { email: 'not-an-email', role: 'moderator' }), /valid email/, Error);
    await expectRefused(() => addStaff(ctxOf(db(), admin), { email: 'x@lookout.test', role: 'boss' as 'admin' }), /Choose a role/, Error);
    await expectRefused(() => addStaff(ctxOf(db(), admin), { email: 'y@lookout.test', role: 'moderator', password: 'short' }), /at least 12/, Error);
  });

  it('changes a role, ending the member’s sessions', async () => {
    const admin = await makeStaff(db(), 'admin');
    const member = await makeStaff(db(), 'moderator');
    expect(await liveSession(db(), member.id, 1)).not.toBeNull();
    const before = await auditCount(db());
    await changeStaffRole(ctxOf(db(), admin), { staffId: member.id, role: 'liaison', reason: 'joined the police desk' });
    expect(await auditCount(db())).toBe(before + 1);
    expect(await row(member.id)).toMatchObject({ role: 'liaison', sessionVersion: 2 });
    expect(await liveSession(db(), member.id, 1)).toBeNull();
    expect(await lastEntry()).toMatchObject({
      action: 'staff.role_change',
      targetId: member.id,
      reason: 'joined the police desk',
      changes: { role: { from: 'moderator', to: 'liaison' } },
    });
    await expectRefused(() => changeStaffRole(ctxOf(db(), admin), { staffId: member.id, role: 'liaison', reason: 'team change' }), /already liaison/);
    await expectRefused(() => changeStaffRole(ctxOf(db(), admin), { staffId: crypto.randomUUID(), role: 'admin', reason: 'team change' }), /no such staff member/);
  });

  it('disables a member: sessions end, sign-in fails; never oneself or the last admin', async () => {
    const admin = await makeStaff(db(), 'admin');
    const member = await makeStaff(db(), 'moderator');
    const before = await auditCount(db());
    await disableStaff(ctxOf(db(), admin), { staffId: member.id, reason: 'left the team' });
    expect(await auditCount(db())).toBe(before + 1);
    expect(await row(member.id)).toMatchObject({ active: false, sessionVersion: 2 });
    expect(await liveSession(db(), member.id, 1)).toBeNull();
    expect(await liveSession(db(), member.id, 2)).toBeNull();
    expect((await authenticateStaff(db(), { email: member.email, password: TEST_PASSWORD }, null)).outcome).toBe('invalid');
    await expectRefused(() => disableStaff(ctxOf(db(), admin), { staffId: member.id, reason: 'left the team' }), /already disabled/);
    await expectRefused(() => disableStaff(ctxOf(db(), admin), { staffId: admin.id, reason: 'left the team' }), /your own account/);

    await enableStaff(ctxOf(db(), admin), { staffId: member.id });
    expect(await row(member.id)).toMatchObject({ active: true });
    expect((await authenticateStaff(db(), { email: member.email, password: TEST_PASSWORD }, null)).outcome).toBe('signed_in');
    await expectRefused(() => enableStaff(ctxOf(db(), admin), { staffId: member.id }), /already active/);
  });

  it('resets a lost password to a one-time one, ending the member’s sessions', async () => {
    const admin = await makeStaff(db(), 'admin');
    const member = await makeStaff(db(), 'moderator');
    const before = await auditCount(db());
    const { initialPassword } = await resetStaffPassword(ctxOf(db(), admin), { staffId: member.id, reason: 'forgot it' });
    expect(await auditCount(db())).toBe(before + 1);
    expect(await lastEntry()).toMatchObject({ action: 'staff.password_reset', targetId: member.id, reason: 'forgot it' });
    expect(JSON.stringify(await lastEntry())).not.toContain(initialPassword);
    expect(await row(member.id)).toMatchObject({ mustChangePassword: true, sessionVersion: 2 });
    expect((await authenticateStaff(db(), { email: member.email, password: TEST_PASSWORD }, null)).outcome).toBe('invalid');
    expect((await authenticateStaff(db(), { email: member.email, password: initialPassword }, null)).outcome).toBe('signed_in');
    await expectRefused(() => resetStaffPassword(ctxOf(db(), admin), { staffId: admin.id }), /your profile page/);
  });

  it('keeps at least one active admin', async () => {
    await db().update(staff).set({ active: false }).where(eq(staff.role, 'admin'));
    const onlyAdmin = await makeStaff(db(), 'admin');
    await expectRefused(() => changeStaffRole(ctxOf(db(), onlyAdmin), { staffId: onlyAdmin.id, role: 'moderator', reason: 'team change' }), /last active admin/);
    const second = await makeStaff(db(), 'admin');
    await changeStaffRole(ctxOf(db(), onlyAdmin), { staffId: onlyAdmin.id, role: 'moderator', reason: 'team change' });
    await expectRefused(() => changeStaffRole(ctxOf(db(), second), { staffId: second.id, role: 'liaison', reason: 'team change' }), /last active admin/);
  });

  it('changes one’s own password: proves the old one, clears must-change, ends sessions', async () => {
    const member = await makeStaff(db(), 'moderator', { mustChangePassword: true });
    await expectRefused(
      () => changeOwnPassword(ctxOf(db(), member), { currentPassword: 'wrong-password', newPassword: 'new-password-123', confirmPassword: 'new-password-123' }),
      /current password is not right/,
    );
    await expectRefused(
      () => changeOwnPassword(ctxOf(db(), member), { currentPassword: TEST_PASSWORD, newPassword: 'new-password-123', confirmPassword: 'new-password-124' }),
      /differ/,
      Error,
    );
    const before = await auditCount(db());
    await changeOwnPassword(ctxOf(db(), member), { currentPassword: TEST_PASSWORD, newPassword: 'new-password-123', confirmPassword: 'new-password-123' });
    expect(await auditCount(db())).toBe(before + 1);
    expect(await row(member.id)).toMatchObject({ mustChangePassword: false, sessionVersion: 2 });
    expect((await lastEntry()).changes).toEqual({ wasOneTimePassword: true });
    expect((await authenticateStaff(db(), { email: member.email, password: TEST_PASSWORD }, null)).outcome).toBe('invalid');
    expect((await authenticateStaff(db(), { email: member.email, password: 'new-password-123' }, null)).outcome).toBe('signed_in');
  });

  it('enrols a second factor only with a matching code, and removes it with the password', async () => {
    const member = await makeStaff(db(), 'liaison');
    const secret = newTotpSecret();
    await expectRefused(() => enrolTotp(ctxOf(db(), member), { currentPassword: TEST_PASSWORD, secret, code: currentTotp(secret, new Date(Date.now() + 3_600_000)) }), /does not match/);
    await expectRefused(() => enrolTotp(ctxOf(db(), member), { currentPassword: 'wrong-password', secret, code: currentTotp(secret) }), /password is not right/);
    await enrolTotp(ctxOf(db(), member), { currentPassword: TEST_PASSWORD, secret, code: currentTotp(secret) });
    // Stored encrypted under the key outside the database: the secret itself is nowhere in the row.
    const stored = (await row(member.id)).totpSecret!;
    expect(stored).not.toContain(secret);
    expect(decryptTotpSecret(member.id, stored)).toBe(secret);
    expect(await lastEntry()).toMatchObject({ action: 'staff.totp_enrol', changes: {} });
    await expectRefused(() => enrolTotp(ctxOf(db(), member), { currentPassword: TEST_PASSWORD, secret, code: currentTotp(secret) }), /already set up/);

    // Required by default for liaison; removable only where LOOKOUT_REQUIRE_MFA=0 switched it off.
    await expectRefused(() => removeTotp(ctxOf(db(), member), { currentPassword: TEST_PASSWORD }), /required for the liaison role/);
    process.env.LOOKOUT_REQUIRE_MFA = '0';
    try {
      await expectRefused(() => removeTotp(ctxOf(db(), member), { currentPassword: 'wrong-password' }), /not right/);
      await removeTotp(ctxOf(db(), member), { currentPassword: TEST_PASSWORD });
    } finally {
      delete process.env.LOOKOUT_REQUIRE_MFA;
    }
    expect((await row(member.id)).totpSecret).toBeNull();
  });
});
