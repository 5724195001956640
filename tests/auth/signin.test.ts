import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditLog, signinFailures, staff } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { endAllSessions, loadStaffSession, openSession } from '@/lib/auth/session';
import { authenticateStaff } from '@/lib/auth/signin';
import { currentTotp, newTotpSecret } from '@/lib/auth/totp';
import { encryptTotpSecret } from '@/lib/auth/totp-secret';
import { openTestDatabase, testEngine } from '../helpers/db';
import { auditCount, makeStaff } from '../helpers/staff';

describe(`sign-in on ${testEngine()}`, () => {
  let database: Database;
  let passwordHash: string;
  const t0 = new Date('2030-01-01T10:00:00Z');
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

  beforeAll(async () => {
    database = await openTestDatabase();
    passwordHash = await hashPassword('right-password');
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    // DELETE, not TRUNCATE: other tables reference staff (nothing here writes to them).
    await database.db.execute(sql`delete from signin_failures`);
    await database.db.execute(sql`delete from staff_sessions`);
    await database.db.execute(sql`delete from staff`);
  });

  /** A moderator whose password is 'right-password'. */
  const addStaff = (email: string, extra: Partial<typeof staff.$inferInsert> = {}) => makeStaff(database.db, 'moderator', { email, passwordHash, ...extra });
  const attempt = (email: string, password: string, now: Date, address = '10.0.0.1', code?: string) =>
    authenticateStaff(database.db, { email, password, code }, address, now);

  it('signs in with the right password (any email case) and audits it', async () => {
    const member = await addStaff('Maya@Lookout.test');
    const before = await auditCount(database.db);
    const result = await attempt('  maya@lookout.TEST ', 'right-password', t0);
    expect(result).toEqual({
      outcome: 'signed_in',
      staff: { id: member.id, email: 'Maya@Lookout.test', role: 'moderator', sessionVersion: 1 },
      session: { id: expect.any(String), authenticatedAt: t0 },
    });
    expect(await auditCount(database.db)).toBe(before + 1);
    const [entry] = await database.db.select().from(auditLog).orderBy(sql`seq desc`).limit(1);
    expect(entry).toMatchObject({ action: 'staff.sign_in', actorId: member.id, targetId: member.id, requestAddress: '10.0.0.1' });
  });

  it('gives one outcome for wrong password, unknown email and disabled account', async () => {
    await addStaff('a@lookout.test');
    await addStaff('off@lookout.test', { active: false });
    const before = await auditCount(database.db);
    expect(await attempt('a@lookout.test', 'wrong', t0)).toEqual({ outcome: 'invalid' });
    expect(await attempt('nobody@lookout.test', 'right-password', t0)).toEqual({ outcome: 'invalid' });
    expect(await attempt('off@lookout.test', 'right-password', t0)).toEqual({ outcome: 'invalid' });
    expect(await auditCount(database.db)).toBe(before);
  });

  it('throttles an account after five failures with a growing delay', async () => {
    await addStaff('a@lookout.test');
    for (let i = 0; i < 5; i++) {
      // A fresh address each time: only the account counter is at work here.
      expect(await attempt('a@lookout.test', 'wrong', at(i), `10.1.0.${i}`)).toEqual({ outcome: 'invalid' });
    }
    // Refused without looking at the password, even the right one.
    expect(await attempt('a@lookout.test', 'right-password', at(5), '10.2.0.1')).toEqual({ outcome: 'throttled', retryAfterSeconds: 14 });
    expect(await attempt('a@lookout.test', 'wrong', at(19), '10.2.0.1')).toEqual({ outcome: 'invalid' });
    expect(await attempt('a@lookout.test', 'right-password', at(20), '10.2.0.1')).toEqual({ outcome: 'throttled', retryAfterSeconds: 29 });
    expect((await attempt('a@lookout.test', 'right-password', at(49), '10.2.0.1')).outcome).toBe('signed_in');
    const [row] = await database.db.select().from(signinFailures).where(eq(signinFailures.key, 'account:a@lookout.test'));
    expect(row).toBeUndefined();
  });

  it('throttles an address spraying many accounts after twenty failures, but not other addresses', async () => {
    await addStaff('target@lookout.test');
    for (let i = 0; i < 19; i++) await attempt(`guess${i}@lookout.test`, 'wrong', at(i), '10.9.9.9');
    expect((await attempt('target@lookout.test', 'wrong', at(19), '10.9.9.9')).outcome).toBe('invalid');
    expect(await attempt('target@lookout.test', 'right-password', at(20), '10.9.9.9')).toEqual({ outcome: 'throttled', retryAfterSeconds: 14 });
    expect((await attempt('target@lookout.test', 'right-password', at(20), '10.0.0.2')).outcome).toBe('signed_in');
  });

  it('throttles unknown emails exactly like known ones', async () => {
    for (let i = 0; i < 5; i++) await attempt('ghost@lookout.test', 'wrong', at(i), `10.3.0.${i}`);
    expect(await attempt('ghost@lookout.test', 'wrong', at(5), '10.4.0.1')).toEqual({ outcome: 'throttled', retryAfterSeconds: 14 });
  });

  it('forgets failures after a quiet hour', async () => {
    await addStaff('a@lookout.test');
    for (let i = 0; i < 5; i++) await attempt('a@lookout.test', 'wrong', at(i), `10.5.0.${i}`);
    expect(await attempt('a@lookout.test', 'wrong', at(3700), '10.6.0.1')).toEqual({ outcome: 'invalid' });
    const [row] = await database.db.select().from(signinFailures).where(eq(signinFailures.key, 'account:a@lookout.test'));
    expect(row?.failures).toBe(1);
  });

  it('asks for the one-time code only after the right password, and checks it', async () => {
    const secret = newTotpSecret();
    const member = await addStaff('mfa@lookout.test');
    await database.db.update(staff).set({ totpSecret: encryptTotpSecret(member.id, secret) }).where(eq(staff.id, member.id));
    expect(await attempt('mfa@lookout.test', 'wrong', t0)).toEqual({ outcome: 'invalid' });
    expect(await attempt('mfa@lookout.test', 'right-password', t0)).toEqual({ outcome: 'code_required' });
    const wrongCode = currentTotp(secret, at(600));
    expect(await attempt('mfa@lookout.test', 'right-password', t0, '10.0.0.1', wrongCode)).toEqual({ outcome: 'code_invalid' });
    const result = await attempt('mfa@lookout.test', 'right-password', t0, '10.0.0.1', currentTotp(secret, t0));
    expect(result.outcome).toBe('signed_in');
  });
});

describe(`sessions on ${testEngine()}`, () => {
  let database: Database;
  const t0 = new Date('2030-01-01T10:00:00Z');
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  async function signedIn(role: 'liaison' | 'admin' | 'moderator', email: string, extra: Partial<typeof staff.$inferInsert> = {}) {
    const [member] = await database.db.insert(staff).values({ email, role, passwordHash: 'x', ...extra }).returning();
    const session = await openSession(database.db, member!.id, t0);
    const token = { staffId: member!.id, sessionVersion: member!.sessionVersion, sessionId: session.id, authenticatedAt: t0.getTime() };
    return { member: member!, token };
  }
  const ctxAt = (now: Date) => ({ db: database.db, actor: null, requestAddress: '10.0.0.7', now });

  it('honours a token until sign-out, role change or disabling moves the row on', async () => {
    const { member, token } = await signedIn('liaison', 's@lookout.test', { totpSecret: 'v1:set' });
    const id = member.id;
    expect(await loadStaffSession(ctxAt(t0), token)).toEqual({
      actor: { type: 'staff', id, email: 's@lookout.test', role: 'liaison' },
      sessionId: token.sessionId,
      mustChangePassword: false,
      mustEnrolSecondFactor: false,
    });
    expect(await loadStaffSession(ctxAt(t0), { ...token, sessionVersion: 0 })).toBeNull();
    expect(await loadStaffSession(ctxAt(t0), { ...token, staffId: 'not-a-uuid' })).toBeNull();

    await endAllSessions(ctxAt(t0), { staffId: id });
    expect(await loadStaffSession(ctxAt(t0), token)).toBeNull();
    // A newer version does not revive the ended session row either.
    expect(await loadStaffSession(ctxAt(t0), { ...token, sessionVersion: 2 })).toBeNull();
    const [entry] = await database.db.select().from(auditLog).orderBy(sql`seq desc`).limit(1);
    expect(entry).toMatchObject({ action: 'staff.sign_out', targetId: id, requestAddress: '10.0.0.7' });

    const again = await openSession(database.db, id, t0);
    const fresh = { ...token, sessionVersion: 2, sessionId: again.id };
    expect(await loadStaffSession(ctxAt(t0), fresh)).not.toBeNull();
    await database.db.update(staff).set({ active: false }).where(eq(staff.id, id));
    expect(await loadStaffSession(ctxAt(t0), fresh)).toBeNull();
  });

  it('asks liaison and admin to enrol a second factor by default, and not when LOOKOUT_REQUIRE_MFA=0', async () => {
    const admin = await signedIn('admin', 'adm@lookout.test');
    const moderator = await signedIn('moderator', 'mod@lookout.test');
    expect((await loadStaffSession(ctxAt(t0), admin.token))?.mustEnrolSecondFactor).toBe(true);
    expect((await loadStaffSession(ctxAt(t0), moderator.token))?.mustEnrolSecondFactor).toBe(false);
    process.env.LOOKOUT_REQUIRE_MFA = '0';
    try {
      expect((await loadStaffSession(ctxAt(t0), admin.token))?.mustEnrolSecondFactor).toBe(false);
    } finally {
      delete process.env.LOOKOUT_REQUIRE_MFA;
    }
  });
});
