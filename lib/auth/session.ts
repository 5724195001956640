import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { staff } from '@/db/schema';
import { appendAudit } from '../audit/log';
import type { Actor } from './permissions';
import { mfaRequiredFor } from './totp';

export type StaffActor = Extract<Actor, { type: 'staff' }>;

/** The signed-in staff member behind a session, and what they must do before anything else. */
export interface StaffSession {
  actor: StaffActor;
  mustChangePassword: boolean;
  mustEnrolSecondFactor: boolean;
}

/**
 * Re-reads the staff row behind a session token on every request. A token is dead when its
 * member is disabled or its session version is older than the row's (bumped by sign-out,
 * role change and disabling), so those take effect on the very next request.
 */
export async function loadStaffSession(db: Db, staffId: string, sessionVersion: number): Promise<StaffSession | null> {
  if (!/^[0-9a-f-]{36}$/i.test(staffId) || !Number.isInteger(sessionVersion)) return null;
  const [member] = await db
    .select()
    .from(staff)
    .where(and(eq(staff.id, staffId), eq(staff.active, true), eq(staff.sessionVersion, sessionVersion)));
  if (!member) return null;
  return {
    actor: { type: 'staff', id: member.id, email: member.email, role: member.role },
    mustChangePassword: member.mustChangePassword,
    mustEnrolSecondFactor: mfaRequiredFor(member.role) && !member.totpSecret,
  };
}

/**
 * Signs a staff member out everywhere: bumping the session version kills every token issued
 * before, on every device.
 */
export async function endAllSessions(db: Db, actor: StaffActor, requestAddress: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(staff)
      .set({ sessionVersion: sql`${staff.sessionVersion} + 1` })
      .where(eq(staff.id, actor.id));
    await appendAudit(tx, { actor, action: 'staff.sign_out', targetType: 'staff', targetId: actor.id, requestAddress });
  });
}
