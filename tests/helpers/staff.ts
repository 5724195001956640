import { randomUUID } from 'node:crypto';
import { count } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditLog, staff } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import type { Role } from '@/lib/auth/roles';
import { loadStaffSession, openSession, type StaffActor } from '@/lib/auth/session';

export const TEST_PASSWORD = 'test-password-123';
let testPasswordHash: Promise<string> | undefined;

/** Inserts a staff member (password TEST_PASSWORD) and returns them as an actor. */
export async function makeStaff(db: Db, role: Role, extra: Partial<typeof staff.$inferInsert> = {}): Promise<StaffActor> {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const [row] = await db
    .insert(staff)
    .values({ email: `${role}-${randomUUID().slice(0, 8)}@lookout.test`, role, passwordHash: await testPasswordHash, ...extra })
    .returning();
  return { type: 'staff', id: row!.id, email: row!.email, role: row!.role };
}

export async function auditCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditLog);
  return row!.n;
}

/**
 * What the server makes of a token for this member issued under `sessionVersion`: a fresh session
 * row is opened (as sign-in does) and the token checked against it. Null when the server refuses it.
 */
export async function liveSession(db: Db, staffId: string, sessionVersion: number, now: Date = new Date()) {
  const session = await openSession(db, staffId, now);
  return loadStaffSession({ db, actor: null, requestAddress: null, now }, { staffId, sessionVersion, sessionId: session.id, authenticatedAt: now.getTime() });
}
