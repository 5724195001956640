import { and, desc, eq, isNull } from 'drizzle-orm';
import { staff, staffSessions } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../auth/session';
import type { LibContext } from '../context';
import { DomainError, notFound } from '../errors';
import { staffEntry, type StaffListEntry } from './list';
import { revokeSessionSchema, staffIdSchema, type RevokeSessionInput } from './schemas';

export interface StaffSessionRow {
  id: string;
  authenticatedAt: Date;
  lastSeenAt: Date;
  endedAt: Date | null;
  /** open: still usable now; ended: signed out or revoked; expired: past 8 hours or 30 idle minutes. */
  state: 'open' | 'ended' | 'expired';
}

export interface StaffMemberDetail {
  member: StaffListEntry;
  sessions: StaffSessionRow[];
}

function stateOf(row: { authenticatedAt: Date; lastSeenAt: Date; endedAt: Date | null }, now: Date): StaffSessionRow['state'] {
  if (row.endedAt) return 'ended';
  if (now.getTime() - row.authenticatedAt.getTime() >= SESSION_ABSOLUTE_MS || now.getTime() - row.lastSeenAt.getTime() >= SESSION_IDLE_MS) return 'expired';
  return 'open';
}

/** One member for the staff page (`staff:manage`): their sign-in facts and their last 20 sessions, open ones first. */
export async function loadStaffMember(ctx: LibContext, input: { staffId: string }): Promise<StaffMemberDetail> {
  requirePermission(ctx.actor, 'staff:manage');
  const { staffId } = staffIdSchema.parse(input);
  const member = await staffEntry(ctx, staffId);
  if (!member) throw notFound('Staff member');
  const rows = await ctx.db.select().from(staffSessions).where(eq(staffSessions.staffId, staffId)).orderBy(desc(staffSessions.authenticatedAt)).limit(20);
  const sessions = rows
    .map((row) => ({ id: row.id, authenticatedAt: row.authenticatedAt, lastSeenAt: row.lastSeenAt, endedAt: row.endedAt, state: stateOf(row, ctx.now) }))
    .sort((a, b) => Number(b.state === 'open') - Number(a.state === 'open'));
  return { member, sessions };
}

/**
 * Ends one of a member's sessions (`staff:manage`), audited: the next request with its token is
 * refused (lib/auth/session.ts checks ended_at on every request). Their other sessions go on.
 */
export async function revokeStaffSession(ctx: LibContext, input: RevokeSessionInput): Promise<{ email: string }> {
  const admin = requirePermission(ctx.actor, 'staff:manage');
  const { staffId, sessionId, reason } = revokeSessionSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    const [member] = await tx.select({ id: staff.id, email: staff.email }).from(staff).where(eq(staff.id, staffId));
    if (!member) throw notFound('Staff member');
    const [ended] = await tx
      .update(staffSessions)
      .set({ endedAt: ctx.now })
      .where(and(eq(staffSessions.id, sessionId), eq(staffSessions.staffId, staffId), isNull(staffSessions.endedAt)))
      .returning();
    if (!ended) throw new DomainError('conflict', 'That session has already ended.');
    await appendAudit(tx, {
      actor: admin,
      action: 'staff.session_revoke',
      targetType: 'staff',
      targetId: member.id,
      changes: { email: member.email, sessionId, signedInAt: ended.authenticatedAt.toISOString() },
      reason: reason ?? null,
      requestAddress: ctx.requestAddress,
    });
    return { email: member.email };
  });
}
