import { asc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { staff } from '@/db/schema';
import { requirePermission, type Actor } from '../auth/permissions';
import type { Role } from '../auth/roles';

export interface StaffListEntry {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  secondFactor: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
}

/**
 * The whole team, for admins. Not paginated: the team is tens of people, not thousands
 * (served by the unique index on lower(email)).
 */
export async function listStaff(db: Db, actor: Actor | null): Promise<StaffListEntry[]> {
  requirePermission(actor, 'staff:manage');
  const rows = await db.select().from(staff).orderBy(asc(staff.email));
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active,
    secondFactor: row.totpSecret !== null,
    mustChangePassword: row.mustChangePassword,
    createdAt: row.createdAt,
  }));
}
