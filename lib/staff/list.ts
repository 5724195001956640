import { asc, sql } from 'drizzle-orm';
import { staff } from '@/db/schema';
import { requirePermission } from '../auth/permissions';
import type { Role } from '../auth/roles';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../auth/session';
import type { LibContext } from '../context';

export interface StaffListEntry {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  secondFactor: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
  /** When they last signed in (a session opened), or null if never. */
  lastSignIn: Date | null;
  /** Sessions still open now: not ended, within 8 hours of sign-in and 30 minutes of use. */
  activeSessions: number;
}

/** A session row still open at `now` (lib/auth/session.ts's rules, as SQL over staff_sessions aliased `ss`). Building block. */
export function sessionOpenSql(now: Date) {
  return sql`(ss.ended_at is null and ss.authenticated_at > ${new Date(now.getTime() - SESSION_ABSOLUTE_MS)} and ss.last_seen_at > ${new Date(now.getTime() - SESSION_IDLE_MS)})`;
}

/**
 * The whole team, for admins, with each member's last sign-in, second factor and open sessions.
 * Not paginated: the team is tens of people, not thousands (served by the unique index on
 * lower(email) and staff_sessions_staff_idx).
 */
export async function listStaff(ctx: LibContext, _input: Record<string, never> = {}): Promise<StaffListEntry[]> {
  requirePermission(ctx.actor, 'staff:manage');
  // The subqueries name "staff"."id" in full: drizzle leaves a single table's columns unqualified.
  const rows = await ctx.db
    .select({
      member: staff,
      lastSignIn: sql<Date | string | null>`(select max(ss.authenticated_at) from staff_sessions ss where ss.staff_id = "staff"."id")`,
      activeSessions: sql<number>`(select count(*)::int from staff_sessions ss where ss.staff_id = "staff"."id" and ${sessionOpenSql(ctx.now)})`,
    })
    .from(staff)
    .orderBy(asc(staff.email));
  return rows.map(({ member, lastSignIn, activeSessions }) => ({
    id: member.id,
    email: member.email,
    name: member.name,
    role: member.role,
    active: member.active,
    secondFactor: member.totpSecret !== null,
    mustChangePassword: member.mustChangePassword,
    createdAt: member.createdAt,
    lastSignIn: lastSignIn ? new Date(lastSignIn) : null,
    activeSessions: Number(activeSessions),
  }));
}
