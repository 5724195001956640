import type { Db } from '@/db/client';
import { staff } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { E2E_STAFF } from './staff-accounts';

/** Seeds the e2e database with E2E_STAFF. Extend with more seeders next to this one. */
export async function seedE2eStaff(db: Db): Promise<void> {
  const rows = await Promise.all(
    Object.values(E2E_STAFF).map(async (member) => ({
      email: member.email,
      role: member.role,
      passwordHash: await hashPassword(member.password),
    })),
  );
  await db.insert(staff).values(rows);
}
