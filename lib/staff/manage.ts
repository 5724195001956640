import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { staff, staffSessions } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { generateInitialPassword, hashPassword } from '../auth/password';
import { requirePermission, type Actor } from '../auth/permissions';
import type { StaffActor } from '../auth/session';
import type { LibContext } from '../context';
import { DomainError } from '../errors';
import {
  addStaffSchema,
  changeRoleSchema,
  disableStaffSchema,
  staffStatusSchema,
  type AddStaffInput,
  type ChangeRoleInput,
  type DisableStaffInput,
  type StaffStatusInput,
} from './schemas';

/**
 * Admins running the team: add, change role, disable, enable, reset a password. Each call checks `staff:manage`,
 * runs in one transaction and writes one audit entry in it. Role changes and disabling bump the
 * member's session version, which ends their sessions on their next request.
 */

export type StaffRow = typeof staff.$inferSelect;

export interface AddedStaff {
  id: string;
  email: string;
  role: StaffRow['role'];
  /** Shown once to whoever added the member; only its hash is stored. Null when a password was given. */
  initialPassword: string | null;
}

/**
 * Adds a staff member. Without a password, generates a one-time one that must be changed at
 * first sign-in. The actor is an admin, or `system:bootstrap` via bootstrapFirstAdmin.
 */
export async function addStaff(ctx: LibContext, input: AddStaffInput): Promise<AddedStaff> {
  const staffActor = requirePermission(ctx.actor, 'staff:manage');
  return insertStaff(ctx.db, staffActor, addStaffSchema.parse(input), ctx.requestAddress);
}

// Serialises bootstraps so two can never both see an empty staff table.
const BOOTSTRAP_LOCK_KEY = 7_400_118;

/** The very first member: allowed without an actor, only as an admin, only while there are no staff at all. */
export async function bootstrapFirstAdmin(ctx: LibContext, input: AddStaffInput): Promise<AddedStaff> {
  const parsed = addStaffSchema.parse(input);
  if (parsed.role !== 'admin') throw new DomainError('invalid_input', 'the first staff member must be an admin');
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`);
    const [{ n }] = (await tx.select({ n: count() }).from(staff)) as [{ n: number }];
    if (n > 0) throw new DomainError('invalid_input', 'staff already exist: act as an admin with --as <email>');
    return insertStaff(tx, { type: 'system', name: 'bootstrap' }, parsed, ctx.requestAddress);
  });
}

async function insertStaff(
  db: Db,
  actor: StaffActor | Extract<Actor, { type: 'system' }>,
  input: ReturnType<typeof addStaffSchema.parse>,
  requestAddress: string | null,
): Promise<AddedStaff> {
  const initialPassword = input.password ? null : generateInitialPassword();
  const passwordHash = await hashPassword(input.password ?? initialPassword!);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: staff.id }).from(staff).where(eq(sql`lower(${staff.email})`, input.email));
    if (existing) throw new DomainError('invalid_input', `a staff member with email ${input.email} already exists`);
    const [row] = await tx
      .insert(staff)
      .values({ email: input.email, name: input.name, role: input.role, passwordHash, mustChangePassword: initialPassword !== null })
      .returning();
    const member = row!;
    await appendAudit(tx, {
      actor,
      action: 'staff.add',
      targetType: 'staff',
      targetId: member.id,
      changes: { email: member.email, name: member.name, role: member.role, oneTimePassword: initialPassword !== null },
      requestAddress,
    });
    return { id: member.id, email: member.email, role: member.role, initialPassword };
  });
}

/**
 * Changes a member's role, with a reason (audited); their sessions end. The last active admin
 * cannot be demoted: someone must be able to manage staff and read the audit log.
 */
export async function changeStaffRole(ctx: LibContext, input: ChangeRoleInput): Promise<StaffRow> {
  const admin = requirePermission(ctx.actor, 'staff:manage');
  const { staffId, role, reason } = changeRoleSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    const member = await lockMember(tx, staffId);
    if (member.role === role) throw new DomainError('invalid_input', `${member.email} is already ${role}`);
    if (member.role === 'admin') await assertAnotherActiveAdmin(tx, member.id, 'demote');
    const [updated] = await tx
      .update(staff)
      .set({ role, sessionVersion: sql`${staff.sessionVersion} + 1` })
      .where(eq(staff.id, member.id))
      .returning();
    await endSessionRows(tx, member.id, ctx.now);
    await appendAudit(tx, {
      actor: admin,
      action: 'staff.role_change',
      targetType: 'staff',
      targetId: member.id,
      changes: { email: member.email, role: { from: member.role, to: role } },
      reason,
      requestAddress: ctx.requestAddress,
    });
    return updated!;
  });
}

/** Disables a member, with a reason (audited): their sessions end at once. Never oneself, never the last active admin. */
export async function disableStaff(ctx: LibContext, input: DisableStaffInput): Promise<StaffRow> {
  const admin = requirePermission(ctx.actor, 'staff:manage');
  const { staffId, reason } = disableStaffSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    const member = await lockMember(tx, staffId);
    if (member.id === admin.id) throw new DomainError('invalid_input', 'you cannot disable your own account');
    if (!member.active) throw new DomainError('invalid_input', `${member.email} is already disabled`);
    if (member.role === 'admin') await assertAnotherActiveAdmin(tx, member.id, 'disable');
    const [updated] = await tx
      .update(staff)
      .set({ active: false, sessionVersion: sql`${staff.sessionVersion} + 1` })
      .where(eq(staff.id, member.id))
      .returning();
    await endSessionRows(tx, member.id, ctx.now);
    await appendAudit(tx, {
      actor: admin,
      action: 'staff.disable',
      targetType: 'staff',
      targetId: member.id,
      changes: { email: member.email, active: { from: true, to: false } },
      reason,
      requestAddress: ctx.requestAddress,
    });
    return updated!;
  });
}

export async function enableStaff(ctx: LibContext, input: StaffStatusInput): Promise<StaffRow> {
  const admin = requirePermission(ctx.actor, 'staff:manage');
  const { staffId, reason } = staffStatusSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    const member = await lockMember(tx, staffId);
    if (member.active) throw new DomainError('invalid_input', `${member.email} is already active`);
    const [updated] = await tx.update(staff).set({ active: true }).where(eq(staff.id, member.id)).returning();
    await appendAudit(tx, {
      actor: admin,
      action: 'staff.enable',
      targetType: 'staff',
      targetId: member.id,
      changes: { email: member.email, active: { from: false, to: true } },
      reason,
      requestAddress: ctx.requestAddress,
    });
    return updated!;
  });
}

/**
 * For a member who lost their password: a new one-time password (shown once to the admin, must
 * be changed at next sign-in); their sessions end and their second factor stays as it is.
 */
export async function resetStaffPassword(ctx: LibContext, input: StaffStatusInput): Promise<{ email: string; initialPassword: string }> {
  const admin = requirePermission(ctx.actor, 'staff:manage');
  const { staffId, reason } = staffStatusSchema.parse(input);
  const initialPassword = generateInitialPassword();
  const passwordHash = await hashPassword(initialPassword);
  return ctx.db.transaction(async (tx) => {
    const member = await lockMember(tx, staffId);
    if (member.id === admin.id) throw new DomainError('invalid_input', 'change your own password on your profile page');
    await tx
      .update(staff)
      .set({ passwordHash, mustChangePassword: true, sessionVersion: sql`${staff.sessionVersion} + 1` })
      .where(eq(staff.id, member.id));
    await endSessionRows(tx, member.id, ctx.now);
    await appendAudit(tx, {
      actor: admin,
      action: 'staff.password_reset',
      targetType: 'staff',
      targetId: member.id,
      changes: { email: member.email },
      reason,
      requestAddress: ctx.requestAddress,
    });
    return { email: member.email, initialPassword };
  });
}

/** Finds a member by email (any case), for the CLI's --email. Building block: the command that uses it checks its own permission. */
export async function findStaffByEmail(db: Db, email: string): Promise<StaffRow> {
  const [member] = await db.select().from(staff).where(eq(sql`lower(${staff.email})`, email.trim().toLowerCase()));
  if (!member) throw new DomainError('invalid_input', `no staff member with email ${email}`);
  return member;
}

async function lockMember(tx: Db, staffId: string): Promise<StaffRow> {
  const [member] = await tx.select().from(staff).where(eq(staff.id, staffId)).for('update');
  if (!member) throw new DomainError('invalid_input', 'no such staff member');
  return member;
}

/** The team must keep at least one active admin, or nobody could manage staff or read the audit log. */
async function assertAnotherActiveAdmin(tx: Db, exceptId: string, verb: string): Promise<void> {
  // Locks every active admin row, so two admins cannot disable or demote each other at once.
  const admins = await tx
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.role, 'admin'), eq(staff.active, true)))
    .for('update');
  if (!admins.some((admin) => admin.id !== exceptId)) throw new DomainError('invalid_input', `cannot ${verb} the last active admin`);
}

/** Marks a member's open session rows ended (their tokens already died with the session version bump), so lists of active sessions stay true. */
async function endSessionRows(tx: Db, staffId: string, now: Date): Promise<void> {
  await tx
    .update(staffSessions)
    .set({ endedAt: now })
    .where(and(eq(staffSessions.staffId, staffId), isNull(staffSessions.endedAt)));
}
