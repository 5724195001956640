import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { opaqueId, safeText } from '../validation/text';
import { queryRows } from '@/db/client';
import { protectiveDecisions } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { DomainError } from '../errors';
import { isMinorSql } from '../platform/age-band';
import { enqueueOutboxEvents } from '../outbox/enqueue';
import type { NewOutboxEvent } from '../outbox/events';

export const PROTECTIVE_ACTIONS = ['ignore_new_users', 'silent_block'] as const;
export type ProtectiveAction = (typeof PROTECTIVE_ACTIONS)[number];

const accountId = opaqueId(64, 'account');

export const protectChildrenSchema = z.object({
  adultId: accountId,
  /** "all": every minor the adult has a conversation with; otherwise exactly `childIds`. */
  scope: z.enum(['all', 'selected']),
  childIds: z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(accountId).max(5000)),
  actions: z.preprocess(
    (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]),
    z.array(z.enum(PROTECTIVE_ACTIONS)).min(1, 'actions: choose at least one protective action'),
  ),
  reason: safeText(2000, 'reason').trim().min(1, 'reason: say why'),
}).refine((input) => input.scope === 'all' || input.childIds.length > 0, { path: ['childIds'], message: 'Tick at least one child, or choose all of them.' });
export type ProtectChildrenInput = z.output<typeof protectChildrenSchema>;

/**
 * Protects children from an adult with the chat app's own features, as one audited decision:
 * for each child, "ignore messages from new users" and/or a silent block of the adult, each an
 * outbox event. Only minors the adult actually reached may be named — a moderator cannot use
 * this to change arbitrary accounts' settings.
 */
export async function protectChildren(ctx: LibContext, input: ProtectChildrenInput): Promise<{ decisionId: string; children: string[]; events: number }> {
  const actor = requirePermission(ctx.actor, 'accounts:act');
  return ctx.db.transaction(async (tx) => {
    const reached = await queryRows<{ child_id: string }>(
      tx,
      sql`select peer.account_id as child_id
          from contacts c
          join accounts peer on peer.account_id = case when c.account_lo = ${input.adultId} then c.account_hi else c.account_lo end
          where (c.account_lo = ${input.adultId} or c.account_hi = ${input.adultId})
            and ${isMinorSql(sql`peer.claimed_birthdate`, sql`peer.age_assurance`, ctx.now)}
          order by peer.account_id`,
    );
    const reachedIds = new Set(reached.map((row) => row.child_id));
    const children = input.scope === 'all' ? [...reachedIds] : [...new Set(input.childIds)];
    if (children.length === 0) throw new DomainError('invalid_input', `${input.adultId} reached no child Lookout knows of: nothing to protect.`);
    const strangers = children.filter((id) => !reachedIds.has(id));
    if (strangers.length > 0) {
      throw new DomainError('invalid_input', `Not a child this account reached: ${strangers.slice(0, 5).join(', ')}${strangers.length > 5 ? ` and ${strangers.length - 5} more` : ''}.`);
    }
    const [decision] = await tx
      .insert(protectiveDecisions)
      .values({ adultAccountId: input.adultId, actions: input.actions, childAccountIds: children, reason: input.reason, actorId: actor.id, createdAt: ctx.now })
      .returning({ id: protectiveDecisions.id });
    const source = { type: 'protective_decision', id: decision!.id };
    const events: NewOutboxEvent[] = children.flatMap((child) =>
      input.actions.map((action): NewOutboxEvent =>
        action === 'silent_block'
          ? { type: 'protection.silent_block', data: { account_id: child, blocked_account_id: input.adultId, decision_id: decision!.id }, source }
          : { type: 'protection.ignore_new_users', data: { account_id: child, decision_id: decision!.id }, source },
      ),
    );
    await enqueueOutboxEvents(tx, events, ctx.now);
    await appendAudit(tx, {
      actor,
      action: 'protection.apply',
      targetType: 'account',
      targetId: input.adultId,
      changes: { decisionId: decision!.id, actions: input.actions, scope: input.scope, children },
      reason: input.reason,
      requestAddress: ctx.requestAddress,
    });
    return { decisionId: decision!.id, children, events: events.length };
  });
}
