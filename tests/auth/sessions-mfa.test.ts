import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { staff } from '@/db/schema';
import { loadStaffSession, openSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '@/lib/auth/session';
import { authenticateStaff } from '@/lib/auth/signin';
import { currentTotp, newTotpSecret } from '@/lib/auth/totp';
import { decryptTotpSecret, encryptPlaintextTotpSecrets, encryptTotpSecret } from '@/lib/auth/totp-secret';
import { openTestDatabase, testEngine } from '../helpers/db';
import { makeStaff, TEST_PASSWORD } from '../helpers/staff';

const minutes = (n: number) => n * 60_000;

describe(`session lifetime on ${testEngine()}`, () => {
  let database: Database;
  const t0 = new Date('2030-03-01T08:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  async function tokenFor() {
    const member = await makeStaff(database.db, 'moderator');
    const session = await openSession(database.db, member.id, t0);
    return { staffId: member.id, sessionVersion: 1, sessionId: session.id, authenticatedAt: t0.getTime() };
  }
  const load = (token: Awaited<ReturnType<typeof tokenFor>>, now: Date) => loadStaffSession({ db: database.db, actor: null, requestAddress: null, now }, token);

  it('ends a session left idle for 30 minutes; each request moves the idle clock on', async () => {
    const token = await tokenFor();
    expect(await load(token, at(minutes(29)))).not.toBeNull();
    // 29 minutes after the last request, still alive; the whole span is past 30 minutes since sign-in.
    expect(await load(token, at(minutes(58)))).not.toBeNull();
    expect(await load(token, at(minutes(58) + SESSION_IDLE_MS))).toBeNull();
  });

  it('ends a session 8 hours after sign-in however active it was', async () => {
    const token = await tokenFor();
    for (let now = minutes(20); now < SESSION_ABSOLUTE_MS; now += minutes(20)) {
      expect(await load(token, at(now)), `after ${now / 60_000} min`).not.toBeNull();
    }
    expect(await load(token, at(SESSION_ABSOLUTE_MS))).toBeNull();
  });

  it('checks the token’s sign-in time too: a token claiming an older sign-in is refused', async () => {
    const token = await tokenFor();
    expect(await load({ ...token, authenticatedAt: t0.getTime() - SESSION_ABSOLUTE_MS }, at(minutes(1)))).toBeNull();
    expect(await load(token, at(minutes(1)))).not.toBeNull();
  });
});

describe(`second factor on ${testEngine()}`, () => {
  let database: Database;
  const t0 = new Date('2030-03-01T08:00:05Z');
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  it('refuses a code that was already used, and accepts the next one', async () => {
    const member = await makeStaff(database.db, 'liaison');
    const secret = newTotpSecret();
    await database.db.update(staff).set({ totpSecret: encryptTotpSecret(member.id, secret) }).where(eq(staff.id, member.id));
    const attempt = (code: string, now: Date) => authenticateStaff(database.db, { email: member.email, password: TEST_PASSWORD, code }, '10.0.0.1', now);

    const code = currentTotp(secret, t0);
    expect((await attempt(code, t0)).outcome).toBe('signed_in');
    // The same code, still inside its 30-second window: a replay.
    expect(await attempt(code, new Date(t0.getTime() + 10_000))).toEqual({ outcome: 'code_invalid' });
    // An older code still within the drift window is refused as well.
    expect(await attempt(currentTotp(secret, new Date(t0.getTime() - 30_000)), new Date(t0.getTime() + 10_000))).toEqual({ outcome: 'code_invalid' });
    const later = new Date(t0.getTime() + 30_000);
    expect((await attempt(currentTotp(secret, later), later)).outcome).toBe('signed_in');
  });

  it('stores the secret encrypted, bound to its member, and encrypts secrets left in plain text', async () => {
    const member = await makeStaff(database.db, 'admin');
    const other = await makeStaff(database.db, 'admin');
    const secret = newTotpSecret();
    const stored = encryptTotpSecret(member.id, secret);
    await database.db.update(staff).set({ totpSecret: stored }).where(eq(staff.id, member.id));
    const raw = (await database.db.execute(sql`select totp_secret from staff where id = ${member.id}`)) as unknown as { rows: { totp_secret: string }[] };
    expect(raw.rows[0]!.totp_secret).not.toContain(secret);
    expect(decryptTotpSecret(member.id, raw.rows[0]!.totp_secret)).toBe(secret);
    // Copied onto another member's row, it does not decrypt.
    expect(() => decryptTotpSecret(other.id, stored)).toThrow();

    const legacy = newTotpSecret();
    await database.db.update(staff).set({ totpSecret: legacy }).where(eq(staff.id, other.id));
    expect(await encryptPlaintextTotpSecrets(database.db)).toBe(1);
    const [row] = await database.db.select({ totpSecret: staff.totpSecret }).from(staff).where(eq(staff.id, other.id));
    expect(row!.totpSecret).not.toContain(legacy);
    expect(decryptTotpSecret(other.id, row!.totpSecret!)).toBe(legacy);
    expect(await encryptPlaintextTotpSecrets(database.db)).toBe(0);
  });
});
