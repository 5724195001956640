import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { staff, staffSessions } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { E2E_STAFF, type E2eStaffMember } from './staff-accounts';

/** Seeds the e2e database with staff who sign in with known passwords (E2E_STAFF unless told). */
export async function seedE2eStaff(db: Db, members: readonly E2eStaffMember[] = Object.values(E2E_STAFF)): Promise<void> {
  const rows = await Promise.all(
    members.map(async (member) => ({
      email: member.email,
      role: member.role,
      passwordHash: await hashPassword(member.password),
    })),
  );
  await db.insert(staff).values(rows);
}

/** A session of E2E_STAFF.agedSession last used 31 minutes before the server started: past the idle timeout. */
export const IDLE_SESSION_ID = '00000000-0000-4000-8000-00000000a9ed';

export async function seedE2eIdleSession(db: Db): Promise<void> {
  const [member] = await db.select().from(staff).where(eq(staff.email, E2E_STAFF.agedSession.email));
  const now = Date.now();
  await db.insert(staffSessions).values({
    id: IDLE_SESSION_ID,
    staffId: member!.id,
    authenticatedAt: new Date(now - 40 * 60_000),
    lastSeenAt: new Date(now - 31 * 60_000),
  });
}
