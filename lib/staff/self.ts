import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { staff } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { hashPassword, verifyPassword } from '../auth/password';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { recordTotpStep } from '../auth/second-factor';
import { matchTotpStep, mfaRequiredFor } from '../auth/totp';
import { encryptTotpSecret } from '../auth/totp-secret';
import {
  changePasswordSchema,
  enrolTotpSchema,
  removeTotpSchema,
  type ChangePasswordInput,
  type EnrolTotpInput,
  type RemoveTotpInput,
} from './schemas';
import { DomainError } from '../errors';

/**
 * A staff member looking after their own sign-in (`profile:manage`). Each change asks for proof
 * of who they are (current password, or a code from the new authenticator), runs in one
 * transaction and writes one audit entry.
 */

async function ownRow(tx: Db, id: string) {
  const [member] = await tx.select().from(staff).where(eq(staff.id, id)).for('update');
  if (!member) throw new DomainError('invalid_input', 'your staff account no longer exists');
  return member;
}

/** Changes the password and ends every session, this one included: sign in again with the new one. */
export async function changeOwnPassword(ctx: LibContext, input: ChangePasswordInput): Promise<void> {
  const self = requirePermission(ctx.actor, 'profile:manage');
  const { currentPassword, newPassword } = changePasswordSchema.parse(input);
  const newHash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    const member = await ownRow(tx, self.id);
    if (!(await verifyPassword(currentPassword, member.passwordHash))) throw new DomainError('invalid_input', 'Your current password is not right.');
    await tx
      .update(staff)
      .set({ passwordHash: newHash, mustChangePassword: false, sessionVersion: sql`${staff.sessionVersion} + 1` })
      .where(eq(staff.id, self.id));
    await appendAudit(tx, {
      actor: self,
      action: 'staff.password_change',
      targetType: 'staff',
      targetId: self.id,
      changes: { wasOneTimePassword: member.mustChangePassword },
      requestAddress: ctx.requestAddress,
    });
  });
}

/**
 * Turns on the second factor once the member confirms their password (a borrowed, unlocked
 * session cannot bind the thief's phone) and proves their app produces codes for this secret.
 * The secret is stored encrypted; the enrolment code's time-step counts as used.
 */
export async function enrolTotp(ctx: LibContext, input: EnrolTotpInput): Promise<void> {
  const self = requirePermission(ctx.actor, 'profile:manage');
  const { currentPassword, secret, code } = enrolTotpSchema.parse(input);
  const step = matchTotpStep(secret, code, ctx.now);
  await ctx.db.transaction(async (tx) => {
    const member = await ownRow(tx, self.id);
    if (!(await verifyPassword(currentPassword, member.passwordHash))) throw new DomainError('invalid_input', 'Your current password is not right.');
    if (step === null) throw new DomainError('invalid_input', 'That code does not match; check the time on your device and try again.');
    if (member.totpSecret) throw new DomainError('invalid_input', 'A second factor is already set up.');
    await tx.update(staff).set({ totpSecret: encryptTotpSecret(self.id, secret), totpLastStep: null }).where(eq(staff.id, self.id));
    await recordTotpStep(tx, self.id, step);
    await appendAudit(tx, {
      actor: self,
      action: 'staff.totp_enrol',
      targetType: 'staff',
      targetId: self.id,
      requestAddress: ctx.requestAddress,
    });
  });
}

/** Turns the second factor off (not allowed where LOOKOUT_REQUIRE_MFA makes it mandatory). */
export async function removeTotp(ctx: LibContext, input: RemoveTotpInput): Promise<void> {
  const self = requirePermission(ctx.actor, 'profile:manage');
  const { currentPassword } = removeTotpSchema.parse(input);
  if (mfaRequiredFor(self.role)) throw new DomainError('invalid_input', `A second factor is required for the ${self.role} role.`);
  await ctx.db.transaction(async (tx) => {
    const member = await ownRow(tx, self.id);
    if (!member.totpSecret) throw new DomainError('invalid_input', 'No second factor is set up.');
    if (!(await verifyPassword(currentPassword, member.passwordHash))) throw new DomainError('invalid_input', 'Your current password is not right.');
    await tx.update(staff).set({ totpSecret: null, totpLastStep: null }).where(eq(staff.id, self.id));
    await appendAudit(tx, {
      actor: self,
      action: 'staff.totp_remove',
      targetType: 'staff',
      targetId: self.id,
      requestAddress: ctx.requestAddress,
    });
  });
}

/** What the profile page shows about one's own sign-in. */
export async function ownSignInSettings(ctx: LibContext, _input: Record<string, never> = {}): Promise<{ secondFactor: boolean; mustChangePassword: boolean }> {
  const self = requirePermission(ctx.actor, 'profile:manage');
  const [member] = await ctx.db
    .select({ totpSecret: staff.totpSecret, mustChangePassword: staff.mustChangePassword })
    .from(staff)
    .where(eq(staff.id, self.id));
  if (!member) throw new DomainError('invalid_input', 'your staff account no longer exists');
  return { secondFactor: member.totpSecret !== null, mustChangePassword: member.mustChangePassword };
}
