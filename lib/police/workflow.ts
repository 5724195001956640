import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { policeRequestEvents, policeRequests, policeRequestVerifications } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { LONG_TEXT_MAX, OPEN_STATUSES, REQUEST_STATUSES, type RequestStatus } from './contract';
import { requiredText } from './form-values';
import { DomainError, notFound } from '../errors';

/**
 * The request workflow. Only these moves exist:
 *
 *   received → verifying → legal_review → approved | partially_approved | rejected | needs_more_info
 *   approved | partially_approved → disclosed → closed
 *   withdrawn from any open state (the agency withdrew it)
 *
 * Decisions taken here, beyond the chain:
 * - verifying → rejected: a requester who cannot be verified is refused without legal review.
 * - verifying → needs_more_info: verification can stall on missing details just like legal review.
 * - needs_more_info → verifying: new information may come from another officer or document, so
 *   verification starts again; needs_more_info → closed when the agency never answers.
 * - approved | partially_approved → closed: nothing is to be sent (a preservation request is
 *   fulfilled by its hold, not by a package).
 * - rejected → closed.
 */
export const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  received: ['verifying', 'withdrawn'],
  verifying: ['legal_review', 'rejected', 'needs_more_info', 'withdrawn'],
  legal_review: ['approved', 'partially_approved', 'rejected', 'needs_more_info', 'withdrawn'],
  needs_more_info: ['verifying', 'closed', 'withdrawn'],
  approved: ['disclosed', 'closed', 'withdrawn'],
  partially_approved: ['disclosed', 'closed', 'withdrawn'],
  rejected: ['closed'],
  disclosed: ['closed'],
  closed: [],
  withdrawn: [],
};

/** Moves that carry more than a reason, so they have their own function. */
const DEDICATED_STEP: Partial<Record<RequestStatus, string>> = {
  approved: 'record the legal review decision (per-target produce / do-not-produce)',
  partially_approved: 'record the legal review decision (per-target produce / do-not-produce)',
  disclosed: 'a request becomes disclosed when a second liaison releases its disclosure package',
};

export function allowedTransitions(from: RequestStatus): readonly RequestStatus[] {
  return TRANSITIONS[from];
}

export function isOpen(status: RequestStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export const transitionSchema = z.object({
  requestId: z.uuid('request id: not a valid id'),
  to: z.enum(REQUEST_STATUSES, { error: 'unknown status' }),
  reason: requiredText(LONG_TEXT_MAX, 'reason'),
});
export type TransitionInput = z.output<typeof transitionSchema>;

type RequestRow = typeof policeRequests.$inferSelect;

/** Building block: reads a request and locks it for the rest of the caller's transaction. */
export async function lockRequest(tx: Db, requestId: string): Promise<RequestRow> {
  const [request] = await tx.select().from(policeRequests).where(eq(policeRequests.id, requestId)).for('update');
  if (!request) throw notFound(`police request ${requestId}`);
  return request;
}

/** A workflow step the request's current status does not allow. */
function illegalTransition(from: RequestStatus, to: RequestStatus, detail: string): DomainError {
  return new DomainError('conflict', `cannot move a request from ${from} to ${to}: ${detail}`);
}

/** Throws unless the status table allows the move. Writes nothing. */
export function assertTransition(from: RequestStatus, to: RequestStatus): void {
  if (!TRANSITIONS[from].includes(to)) {
    const allowed = TRANSITIONS[from];
    throw illegalTransition(from, to, allowed.length ? `from ${from} it may go to ${allowed.join(', ')}` : `${from} is final`);
  }
}

/**
 * Building block: changes the status and appends the history row. The caller checked the move and writes the
 * one audit entry for its whole step.
 */
export async function applyTransition(
  tx: Db,
  actorId: string,
  request: RequestRow,
  to: RequestStatus,
  reason: string,
  now: Date,
): Promise<void> {
  assertTransition(request.status, to);
  await tx.update(policeRequests).set({ status: to, updatedAt: now }).where(eq(policeRequests.id, request.id));
  await tx.insert(policeRequestEvents).values({ requestId: request.id, fromStatus: request.status, toStatus: to, reason, actorId, at: now });
}

/**
 * Moves a request one step along the workflow with a reason. Liaison/admin. An illegal move throws
 * a conflict and writes nothing (no status change, no history, no audit entry).
 */
export async function transitionRequest(ctx: LibContext, input: TransitionInput): Promise<RequestStatus> {
  const actor = requirePermission(ctx.actor, 'police:write');
  return ctx.db.transaction(async (tx) => {
    const request = await lockRequest(tx, input.requestId);
    assertTransition(request.status, input.to);
    const dedicated = DEDICATED_STEP[input.to];
    if (dedicated) throw illegalTransition(request.status, input.to, dedicated);
    if (input.to === 'legal_review') {
      const [verified] = await tx
        .select({ n: count() })
        .from(policeRequestVerifications)
        .where(eq(policeRequestVerifications.requestId, request.id));
      if (!verified?.n) {
        throw illegalTransition(request.status, input.to, 'record how the requester was verified first');
      }
    }
    await applyTransition(tx, actor.id, request, input.to, input.reason, ctx.now);
    await appendAudit(tx, {
      actor,
      action: 'police_request.transition',
      targetType: 'police_request',
      targetId: request.id,
      changes: { reference: request.reference, status: { from: request.status, to: input.to } },
      reason: input.reason,
      requestAddress: ctx.requestAddress,
    });
    return input.to;
  });
}
