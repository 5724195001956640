import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { staff } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { decoyPasswordHash, verifyPassword } from './password';
import { MAX_PASSWORD_LENGTH } from './password-length';
import type { Role } from './roles';
import { openSession } from './session';
import { clearAccountFailures, recordFailure, secondsUntilAllowed, throttleKeys } from './throttle';
import { acceptTotpCode } from './second-factor';
import { storableString } from '../validation/text';

export const signInSchema = z.object({
  email: storableString().trim().toLowerCase().max(320),
  password: storableString().max(MAX_PASSWORD_LENGTH),
  code: z
    .string()
    .trim()
    .transform((code) => code.replace(/\s+/g, ''))
    .optional(),
});
export type SignInInput = z.input<typeof signInSchema>;

/** What a session token carries: who, which session version it was issued under, and its session row. */
export interface SignedInStaff {
  id: string;
  email: string;
  role: Role;
  sessionVersion: number;
}

/**
 * `invalid` is deliberately one outcome for unknown email, wrong password and disabled account,
 * so the sign-in page cannot tell them apart. A second factor is asked for only after the
 * password was right.
 */
export type SignInResult =
  | { outcome: 'signed_in'; staff: SignedInStaff; session: { id: string; authenticatedAt: Date } }
  | { outcome: 'invalid' }
  | { outcome: 'throttled'; retryAfterSeconds: number }
  | { outcome: 'code_required' }
  | { outcome: 'code_invalid' };

/**
 * Checks a staff member's email, password and (when enrolled) one-time code, throttled per
 * account and per address. A success is audited as `staff.sign_in`; failures are counted in
 * signin_failures rather than the audit chain, so anonymous traffic cannot flood the log.
 */
export async function authenticateStaff(
  db: Db,
  rawInput: SignInInput,
  requestAddress: string | null,
  now: Date = new Date(),
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(rawInput);
  if (!parsed.success) return { outcome: 'invalid' };
  const { email, password, code } = parsed.data;
  const keys = throttleKeys(email, requestAddress);

  const retryAfterSeconds = await secondsUntilAllowed(db, keys, now);
  if (retryAfterSeconds > 0) return { outcome: 'throttled', retryAfterSeconds };

  const [member] = await db.select().from(staff).where(eq(sql`lower(${staff.email})`, email));
  const passwordMatches = await verifyPassword(password, member?.passwordHash ?? (await decoyPasswordHash()));
  if (!member || !member.active || !passwordMatches) {
    await recordFailure(db, keys, now);
    return { outcome: 'invalid' };
  }

  if (member.totpSecret) {
    if (!code) return { outcome: 'code_required' };
    if (!(await acceptTotpCode(db, { id: member.id, totpSecret: member.totpSecret }, code, now))) {
      await recordFailure(db, keys, now);
      return { outcome: 'code_invalid' };
    }
  }

  const signedIn: SignedInStaff = {
    id: member.id,
    email: member.email,
    role: member.role,
    sessionVersion: member.sessionVersion,
  };
  const session = await db.transaction(async (tx) => {
    await clearAccountFailures(tx, email);
    const opened = await openSession(tx, member.id, now);
    await appendAudit(tx, {
      actor: { type: 'staff', id: member.id, email: member.email, role: member.role },
      action: 'staff.sign_in',
      targetType: 'staff',
      targetId: member.id,
      changes: { secondFactor: Boolean(member.totpSecret) },
      requestAddress,
    });
    return opened;
  });
  return { outcome: 'signed_in', staff: signedIn, session };
}
