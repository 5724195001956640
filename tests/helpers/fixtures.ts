import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, blocks, contacts, reports, staff } from '@/db/schema';
import type { Actor } from '@/lib/auth/permissions';
import type { Role } from '@/lib/auth/roles';

/** Inserts a staff member directly (tests only) and returns them as an actor. */
export async function insertStaff(db: Db, role: Role, email = `${role}-${Math.random().toString(36).slice(2, 8)}@lookout.test`) {
  const [row] = await db.insert(staff).values({ email, role, passwordHash: 'not-a-real-hash' }).returning();
  return { type: 'staff', id: row!.id, email, role } satisfies Actor;
}

export function account(id: string, birthdate: string | null, extra: Partial<typeof accounts.$inferInsert> = {}) {
  return { accountId: id, username: `user_${id}`, claimedBirthdate: birthdate, createdAt: new Date('2023-01-01T00:00:00Z'), ...extra };
}

/** A conversation between two accounts, stored under its unordered pair. */
export function conversation(
  initiatorId: string,
  recipientId: string,
  extra: Partial<typeof contacts.$inferInsert> = {},
): typeof contacts.$inferInsert {
  const [lo, hi] = initiatorId < recipientId ? [initiatorId, recipientId] : [recipientId, initiatorId];
  return {
    accountLo: lo,
    accountHi: hi,
    initiatorId,
    recipientId,
    firstContactAt: new Date('2025-01-01T10:00:00Z'),
    lastContactAt: new Date('2025-02-01T10:00:00Z'),
    messagesFromInitiator: 10,
    messagesFromRecipient: 5,
    ...extra,
  };
}

export async function auditCount(db: Db): Promise<number> {
  const result = (await db.execute(sql`select count(*)::int as n from audit_log`)) as unknown as { rows: { n: number }[] };
  return result.rows[0]!.n;
}

export { accounts, blocks, contacts, reports };
