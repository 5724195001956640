import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { staff, staffSessions } from '@/db/schema';
import { appendAudit } from '../audit/log';
import type { LibContext } from '../context';
import type { Actor } from './permissions';
import { mfaRequiredFor } from './totp';

export type StaffActor = Extract<Actor, { type: 'staff' }>;

/** About one shift: a session ends 8 hours after sign-in however active it is. */
export const SESSION_ABSOLUTE_MS = 8 * 60 * 60 * 1000;
/** A session nobody used for 30 minutes is over: an unattended, signed-in screen stops working. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** last_seen_at is written at most this often, so reading pages does not write on every request. */
const LAST_SEEN_RESOLUTION_MS = 60 * 1000;

/** The signed-in staff member behind a session, and what they must do before anything else. */
export interface StaffSession {
  actor: StaffActor;
  sessionId: string;
  mustChangePassword: boolean;
  mustEnrolSecondFactor: boolean;
}

/** What a session token carries (server/auth.ts); all of it is checked against the database. */
export interface SessionToken {
  staffId: string;
  sessionVersion: number;
  sessionId: string;
  /** When the password (and code) were checked, as the token recorded it. */
  authenticatedAt: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opens the session row a new token will name; called in the sign-in's transaction. */
export async function openSession(tx: Db, staffId: string, now: Date): Promise<{ id: string; authenticatedAt: Date }> {
  const [row] = await tx.insert(staffSessions).values({ staffId, authenticatedAt: now, lastSeenAt: now }).returning();
  return { id: row!.id, authenticatedAt: row!.authenticatedAt };
}

/** Why a token is no longer good at `now`, or null while it is: the token's own clock, checked before any query. */
export function tokenExpiry(token: Pick<SessionToken, 'authenticatedAt'>, now: Date): 'absolute' | null {
  return now.getTime() - token.authenticatedAt >= SESSION_ABSOLUTE_MS ? 'absolute' : null;
}

/**
 * Re-reads the staff member and the session row behind a token on every request. A token is dead
 * when its member is disabled, its session version is older than the row's (bumped by sign-out,
 * role change and disabling), its session was ended, 8 hours have passed since sign-in (by the
 * token's clock or the row's), or the session went unused for 30 minutes. A live session's
 * last_seen_at moves on, so the idle timeout counts from the last request.
 */
export async function loadStaffSession(ctx: LibContext, token: SessionToken): Promise<StaffSession | null> {
  const { db, now } = ctx;
  if (!UUID.test(token.staffId) || !UUID.test(token.sessionId) || !Number.isInteger(token.sessionVersion)) return null;
  if (!Number.isFinite(token.authenticatedAt) || tokenExpiry(token, now)) return null;
  const [found] = await db
    .select({ member: staff, session: staffSessions })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(
      and(
        eq(staffSessions.id, token.sessionId),
        eq(staff.id, token.staffId),
        eq(staff.active, true),
        eq(staff.sessionVersion, token.sessionVersion),
        isNull(staffSessions.endedAt),
      ),
    );
  if (!found) return null;
  const { member, session } = found;
  if (now.getTime() - session.authenticatedAt.getTime() >= SESSION_ABSOLUTE_MS) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_IDLE_MS) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await db
      .update(staffSessions)
      .set({ lastSeenAt: now })
      .where(and(eq(staffSessions.id, session.id), lt(staffSessions.lastSeenAt, now)));
  }
  return {
    actor: { type: 'staff', id: member.id, email: member.email, role: member.role },
    sessionId: session.id,
    mustChangePassword: member.mustChangePassword,
    mustEnrolSecondFactor: mfaRequiredFor(member.role) && !member.totpSecret,
  };
}

/**
 * Signs a staff member out everywhere: bumping the session version kills every token issued
 * before, on every device, and their session rows are marked ended. Every sign-out path comes
 * here (the app's button and Auth.js's own /api/auth/signout, through server/auth.ts).
 */
export async function endAllSessions(ctx: LibContext, input: { staffId: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [member] = await tx
      .update(staff)
      .set({ sessionVersion: sql`${staff.sessionVersion} + 1` })
      .where(eq(staff.id, input.staffId))
      .returning();
    if (!member) return;
    await tx
      .update(staffSessions)
      .set({ endedAt: ctx.now })
      .where(and(eq(staffSessions.staffId, member.id), isNull(staffSessions.endedAt)));
    await appendAudit(tx, {
      actor: { type: 'staff', id: member.id, email: member.email, role: member.role },
      action: 'staff.sign_out',
      targetType: 'staff',
      targetId: member.id,
      requestAddress: ctx.requestAddress,
    });
  });
}
