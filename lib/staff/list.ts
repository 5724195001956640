import { asc, count, eq, gt, sql, type SQL } from 'drizzle-orm';
import { staff } from '@/db/schema';
import { requirePermission } from '../auth/permissions';
import type { Role } from '../auth/roles';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../auth/session';
import type { LibContext } from '../context';
import { staffPageSchema, type StaffPageInput } from './schemas';

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

/** Members per page of the staff list. */
export const STAFF_PAGE_SIZE = 50;

/**
 * The whole team, for admins, with each member's last sign-in, second factor and open sessions, by email.
 * For the pages that need everyone at once (the queue restrictions); the staff list pages through it.
 */
export async function listStaff(ctx: LibContext, _input: Record<string, never> = {}): Promise<StaffListEntry[]> {
  requirePermission(ctx.actor, 'staff:manage');
  return staffEntries(ctx, undefined, undefined);
}

export interface StaffPage {
  members: StaffListEntry[];
  /** The whole team's size. */
  total: number;
  /** The email to continue after, when there is a next page. */
  nextAfter: string | null;
}

/**
 * One page of the staff list (`staff:manage`): members by email after `after`, and how many there are in
 * all. A cursor that is not storable text (a damaged link) starts again from the first page.
 */
export async function listStaffPage(ctx: LibContext, input: StaffPageInput): Promise<StaffPage> {
  requirePermission(ctx.actor, 'staff:manage');
  const parsed = staffPageSchema.safeParse(input);
  const after = parsed.success ? parsed.data.after : undefined;
  const rows = await staffEntries(ctx, after === undefined ? undefined : gt(staff.email, after), STAFF_PAGE_SIZE + 1);
  const [counted] = await ctx.db.select({ total: count() }).from(staff);
  const members = rows.slice(0, STAFF_PAGE_SIZE);
  return { members, total: counted?.total ?? 0, nextAfter: rows.length > STAFF_PAGE_SIZE ? members[members.length - 1]!.email : null };
}

/** Building block: one member's list entry, or null. */
export async function staffEntry(ctx: LibContext, staffId: string): Promise<StaffListEntry | null> {
  const [entry] = await staffEntries(ctx, eq(staff.id, staffId), 1);
  return entry ?? null;
}

/** Members matching `where`, by email (a team is hundreds at most; sessions are read by staff_sessions_staff_idx). */
async function staffEntries(ctx: LibContext, where: SQL | undefined, limit: number | undefined): Promise<StaffListEntry[]> {
  // The subqueries name "staff"."id" in full: drizzle leaves a single table's columns unqualified.
  const query = ctx.db
    .select({
      member: staff,
      lastSignIn: sql<Date | string | null>`(select max(ss.authenticated_at) from staff_sessions ss where ss.staff_id = "staff"."id")`,
      activeSessions: sql<number>`(select count(*)::int from staff_sessions ss where ss.staff_id = "staff"."id" and ${sessionOpenSql(ctx.now)})`,
    })
    .from(staff)
    .where(where)
    .orderBy(asc(staff.email));
  const rows = await (limit === undefined ? query : query.limit(limit));
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
