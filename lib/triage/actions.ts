import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '@/db/client';
import { accountNotes, queueItemReports, queueItems } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission, type Actor } from '../auth/permissions';
import type { LibContext } from '../context';
import { ACCOUNT_ACTIONS, BUILTIN_QUEUES, ESCALATION_TARGETS, type EscalationTarget, type ItemStatus } from './contract';
import { applyDecision, refusalOf, type LockedItem } from './decisions';
import { recordEvents } from './events';
import { refreshItems } from './priority';
import { assertQueueAccess } from './queues';
import { DomainError, notFound } from '../errors';
import { storableString } from '../validation/text';

const reason = (what: string) => storableString().trim().min(1, `reason is required to ${what}`).max(4000, 'reason is at most 4000 characters');
const target = {
  itemId: z.uuid('itemId: not an item id'),
  // The version the reviewer saw: the action is refused if the item changed since.
  version: z.coerce.number().int().min(1),
  templateId: z.uuid().optional(),
};

/** One schema for every review action; the review page's forms and the server share it. */
export const reviewActionInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge'), ...target }),
  z.object({ action: z.literal('dismiss'), ...target, reason: reason('dismiss') }),
  z.object({
    action: z.literal('resolve'),
    ...target,
    accountAction: z.enum(ACCOUNT_ACTIONS, 'accountAction: choose warn, restrict, suspend, ban or reinstate'),
    reason: reason('resolve'),
    // A suspension for this many days is lifted by itself; left out, it lasts until reinstated.
    suspendDays: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.coerce.number('suspendDays: a number of days').int('suspendDays: whole days').min(1, 'suspendDays: at least 1').max(365, 'suspendDays: at most 365').optional(),
    ),
  }).refine((input) => input.suspendDays === undefined || input.accountAction === 'suspend', {
    message: 'suspendDays: only a suspension has an end',
    path: ['suspendDays'],
  }),
  z.object({
    action: z.literal('escalate'),
    ...target,
    escalateTo: z.enum(ESCALATION_TARGETS, 'escalateTo: choose senior_review or liaison'),
    reason: reason('escalate'),
  }),
  z.object({
    action: z.literal('comment'),
    ...target,
    note: storableString().trim().min(1, 'note is empty').max(10_000, 'note is at most 10000 characters'),
  }),
]);
export type ReviewActionInput = z.output<typeof reviewActionInput>;

export interface ActionResult {
  itemId: string;
  version: number;
  status: ItemStatus;
  queueId: string;
}

/** Says who changed the item since the reviewer loaded it, so the refusal is useful. */
async function staleMessage(tx: Db, itemId: string): Promise<string> {
  const [last] = await queryRows<{ kind: string; actor_type: string; email: string | null; created_at: Date }>(
    tx,
    sql`select e.kind, e.actor_type, s.email, e.created_at
        from moderation_events e left join staff s on e.actor_type = 'staff' and s.id::text = e.actor_id
        where e.item_id = ${itemId} and e.kind not in ('claimed', 'released', 'assigned', 'unassigned')
        order by e.id desc limit 1`,
  );
  const when = last ? new Date(last.created_at).toISOString().slice(11, 16) : '';
  const what =
    !last || last.kind === 'reports_added' || last.kind === 'created'
      ? `new reports arrived at ${when} UTC`
      : `${last.email ?? last.actor_type} ${last.kind.replace('_', ' ')} it at ${when} UTC`;
  return `This item changed since you opened it: ${what}. Nothing was saved; reload to see it as it is now.`;
}

/**
 * Acknowledge, dismiss, resolve (with an account action), escalate or comment on one item.
 * One transaction: the item is locked, its version compared with the one the reviewer saw (a
 * mismatch is refused and writes nothing), the change and its event written, then one audit entry.
 */
export async function actOnItem(ctx: LibContext, input: ReviewActionInput): Promise<ActionResult> {
  const moderator = requirePermission(ctx.actor, 'reports:act');
  const now = ctx.now;
  return ctx.db.transaction(async (tx) => {
    const [item] = await tx.select().from(queueItems).where(eq(queueItems.id, input.itemId)).for('update');
    if (!item) throw notFound(`Item ${input.itemId}`);
    await assertQueueAccess(tx, moderator, item.queueId);
    if (item.version !== input.version) throw new DomainError('conflict', await staleMessage(tx, item.id));
    const refusal = input.action === 'comment' ? null : refusalOf(item, input, moderator, now);
    if (refusal) throw new DomainError('conflict', `Cannot ${input.action}: this item is ${refusal}.`);

    let result: ActionResult = { itemId: item.id, version: item.version + 1, status: item.status, queueId: item.queueId };
    if (input.action === 'escalate') {
      result = await escalate(tx, moderator, item, input.escalateTo, input.reason, now);
    } else if (input.action === 'comment') {
      await comment(tx, moderator, item, input.note);
    } else {
      const endsAt = input.action === 'resolve' && input.suspendDays ? new Date(now.getTime() + input.suspendDays * 86_400_000) : null;
      await applyDecision(tx, moderator, [item], input.action === 'resolve' ? { ...input, endsAt } : input, null, now);
      result.status = input.action === 'acknowledge' ? 'in_review' : input.action === 'dismiss' ? 'dismissed' : 'resolved';
    }

    await appendAudit(tx, {
      actor: moderator,
      action: `triage.${input.action}`,
      targetType: 'queue_item',
      targetId: item.id,
      changes: {
        reportedId: item.reportedId,
        from: item.status,
        to: result.status,
        ...(input.action === 'resolve' ? { accountAction: input.accountAction } : {}),
        ...(input.action === 'escalate' ? { escalateTo: input.escalateTo, intoItem: result.itemId } : {}),
        ...(input.templateId ? { templateId: input.templateId } : {}),
      },
      reason: 'reason' in input ? input.reason : input.action === 'comment' ? input.note : null,
      requestAddress: ctx.requestAddress,
    });
    return result;
  });
}

async function comment(tx: Db, moderator: Actor & { type: 'staff' }, item: LockedItem, note: string): Promise<void> {
  await tx.insert(accountNotes).values({ accountId: item.reportedId, itemId: item.id, authorId: moderator.id, body: note });
  await tx
    .update(queueItems)
    .set({ version: sql`${queueItems.version} + 1`, firstActionAt: sql`coalesce(${queueItems.firstActionAt}, now())` })
    .where(eq(queueItems.id, item.id));
  await recordEvents(tx, moderator, [{ itemId: item.id, reportedId: item.reportedId, kind: 'commented', reason: note }]);
}

/**
 * Moves the item to the Escalated queue for senior review or liaison. If the account already waits
 * there, the item's reports join that item and this one is closed as merged.
 */
async function escalate(
  tx: Db,
  moderator: Actor & { type: 'staff' },
  item: LockedItem & { lane: number },
  escalateTo: EscalationTarget,
  why: string,
  now: Date,
): Promise<ActionResult> {
  const escalatedQueue = BUILTIN_QUEUES.escalated;
  const [waiting] =
    item.queueId === escalatedQueue
      ? []
      : await tx
          .select()
          .from(queueItems)
          .where(
            and(
              eq(queueItems.queueId, escalatedQueue),
              eq(queueItems.reportedId, item.reportedId),
              sql`status in ('open', 'in_review', 'escalated')`,
            ),
          )
          .for('update');
  const common = { version: sql`${queueItems.version} + 1`, firstActionAt: sql`coalesce(${queueItems.firstActionAt}, now())` };

  if (!waiting) {
    const [moved] = await tx
      .update(queueItems)
      .set({ ...common, queueId: escalatedQueue, status: 'escalated', escalationTarget: escalateTo, assigneeId: null, leaseExpiresAt: null })
      .where(eq(queueItems.id, item.id))
      .returning({ version: queueItems.version });
    await syncReports(tx, item.id, 'escalated');
    await refreshItems(tx, [item.id]);
    await recordEvents(tx, moderator, [
      {
        itemId: item.id,
        reportedId: item.reportedId,
        kind: 'escalated',
        fromStatus: item.status,
        toStatus: 'escalated',
        reason: why,
        details: { escalateTo, fromQueue: item.queueId },
      },
    ]);
    return { itemId: item.id, version: moved!.version, status: 'escalated', queueId: escalatedQueue };
  }

  await tx.update(queueItemReports).set({ itemId: waiting.id }).where(eq(queueItemReports.itemId, item.id));
  await tx
    .update(queueItems)
    .set({ ...common, status: 'merged', mergedIntoId: waiting.id, closedAt: now, leaseExpiresAt: null })
    .where(eq(queueItems.id, item.id));
  const [target] = await tx
    .update(queueItems)
    .set({ ...common, status: 'escalated', escalationTarget: escalateTo, lane: sql`least(${queueItems.lane}, ${item.lane})` })
    .where(eq(queueItems.id, waiting.id))
    .returning({ version: queueItems.version });
  await syncReports(tx, waiting.id, 'escalated');
  await refreshItems(tx, [waiting.id]);
  await recordEvents(tx, moderator, [
    { itemId: item.id, reportedId: item.reportedId, kind: 'merged', fromStatus: item.status, toStatus: 'merged', reason: why, details: { into: waiting.id } },
    {
      itemId: waiting.id,
      reportedId: item.reportedId,
      kind: 'escalated',
      fromStatus: waiting.status,
      toStatus: 'escalated',
      reason: why,
      details: { escalateTo, mergedFrom: item.id, fromQueue: item.queueId },
    },
  ]);
  return { itemId: waiting.id, version: target!.version, status: 'escalated', queueId: escalatedQueue };
}

async function syncReports(tx: Db, itemId: string, status: 'escalated'): Promise<void> {
  await queryRows(
    tx,
    sql`update reports r set status = ${status}
        from queue_item_reports q
        where q.item_id = ${itemId} and r.reported_id = q.reported_id and r.report_id = q.report_id`,
  );
}
