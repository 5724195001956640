import { z } from 'zod';
import { policeRequestVerifications } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { LONG_TEXT_MAX, TEXT_MAX, VERIFICATION_METHODS } from './contract';
import { optionalText, requiredText } from './form-values';
import { lockRequest } from './workflow';
import { DomainError } from '../errors';

export const verificationSchema = z.object({
  requestId: z.uuid('request id: not a valid id'),
  method: z.enum(VERIFICATION_METHODS, { error: 'choose how the requester was verified' }),
  // The domain checked, or the agency's published number that was called back.
  contactUsed: requiredText(TEXT_MAX, 'the domain or number used'),
  notes: optionalText(LONG_TEXT_MAX),
});
export type VerificationInput = z.output<typeof verificationSchema>;

/** The domain of the officer's e-mail, which the official-domain check compares with the agency's. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * Records how the requester was verified and by whom. Liaison/admin, while the request is in
 * `verifying`: the legal review cannot start without at least one of these.
 */
export async function recordVerification(ctx: LibContext, input: VerificationInput): Promise<string> {
  const actor = requirePermission(ctx.actor, 'police:write');
  return ctx.db.transaction(async (tx) => {
    const request = await lockRequest(tx, input.requestId);
    if (request.status !== 'verifying') {
      throw new DomainError('conflict', `verification is recorded while the request is verifying; ${request.reference} is ${request.status}`);
    }
    const [row] = await tx
      .insert(policeRequestVerifications)
      .values({
        requestId: request.id,
        method: input.method,
        contactUsed: input.contactUsed,
        notes: input.notes ?? '',
        verifiedBy: actor.id,
        verifiedAt: ctx.now,
      })
      .returning({ id: policeRequestVerifications.id });
    await appendAudit(tx, {
      actor,
      action: 'police_request.verify',
      targetType: 'police_request',
      targetId: request.id,
      changes: { reference: request.reference, verificationId: row!.id, method: input.method, contactUsed: input.contactUsed },
      requestAddress: ctx.requestAddress,
    });
    return row!.id;
  });
}
