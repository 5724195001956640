import type { LibContext } from '../context';
import { DomainError } from '../errors';
import { isStorableText } from '../validation/text';
import { appendAudit } from './log';

/** What a refused attempt was aimed at, named as its audit entry will name it. */
export interface DenialTarget {
  /** `<object>.<verb>_denied`, e.g. `police_request.view_denied`. */
  action: `${string}_denied`;
  targetType: string;
  targetId: string | null;
}

/**
 * A refusal on a sensitive object that the audit log must show: the four-eyes rule, a draft
 * package someone tried to take out. The web guard (server/guard.ts) records it with
 * recordDenial when it answers 403, so refusals are written in one place.
 */
export class AccessDenied extends DomainError {
  constructor(
    message: string,
    readonly denial: DenialTarget,
  ) {
    super('forbidden', message);
    this.name = 'AccessDenied';
  }
}

/**
 * Writes a denial entry (`changes.outcome = "denied"`, with the reason shown to the person). The
 * refused attempt changed nothing, so the entry has a transaction of its own. Anonymous callers
 * are not recorded: they get 401 and only signed-in staff can flood nothing but their own trail.
 */
export async function recordDenial(ctx: LibContext, input: DenialTarget & { reason: string }): Promise<void> {
  const { actor } = ctx;
  if (!actor) return;
  await ctx.db.transaction(async (tx) => {
    await appendAudit(tx, {
      actor,
      action: input.action,
      targetType: input.targetType,
      // The id comes from the refused request as typed: keep it only if it can be stored as text.
      targetId: input.targetId === null ? null : isStorableText(input.targetId) ? input.targetId.slice(0, 200) : '(unreadable id)',
      changes: { outcome: 'denied', reason: input.reason },
      requestAddress: ctx.requestAddress,
    });
  });
}
