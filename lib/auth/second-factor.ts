import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { staff } from '@/db/schema';
import { decryptTotpSecret } from './totp-secret';
import { matchTotpStep } from './totp';

/**
 * Accepts a one-time code for a staff member once: the code must match their (decrypted) secret
 * and belong to a later time-step than the last code accepted for them. The step is recorded
 * with a compare-and-set, so two sign-ins racing with the same code cannot both pass.
 */
export async function acceptTotpCode(
  db: Db,
  member: { id: string; totpSecret: string },
  code: string,
  now: Date,
): Promise<boolean> {
  const step = matchTotpStep(decryptTotpSecret(member.id, member.totpSecret), code, now);
  if (step === null) return false;
  return recordTotpStep(db, member.id, step);
}

/** Records `step` as the newest accepted one; false when it is not newer (a replay). */
export async function recordTotpStep(db: Db, staffId: string, step: number): Promise<boolean> {
  const updated = await db
    .update(staff)
    .set({ totpLastStep: step })
    .where(and(eq(staff.id, staffId), or(isNull(staff.totpLastStep), lt(staff.totpLastStep, step))))
    .returning({ id: staff.id });
  return updated.length === 1;
}
