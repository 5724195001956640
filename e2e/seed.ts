import type { Db } from '@/db/client';
import { staff } from '@/db/schema';
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
