import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '@/db/client';
import { queueItems, staff } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { can, requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { ACTIVE_ITEM_STATUS, CLAIM_LEASE_MINUTES } from './contract';
import { recordEvents } from './events';
import { PRIORITY_ORDER } from './priority';
import { assertQueueAccess } from './queues';
import { DomainError, notFound } from '../errors';

/** Held by someone at `now`: assigned, and the claim has not lapsed (a manual assignment never lapses). */
export function isHeld(item: { assigneeId: string | null; leaseExpiresAt: Date | null }, now: Date): boolean {
  return item.assigneeId !== null && (item.leaseExpiresAt === null || item.leaseExpiresAt >= now);
}

/**
 * "Start reviewing": gives the caller the top unheld item of a queue, leased for CLAIM_LEASE_MINUTES.
 * Atomic: the row is picked with FOR UPDATE SKIP LOCKED, so two moderators claiming at the same instant
 * on PostgreSQL take different rows (PGlite has one connection, so claims there are serial anyway).
 * A moderator who already holds an item in the queue gets that one back instead of a second.
 */
export async function claimNext(ctx: LibContext, queueId: string): Promise<{ itemId: string; reclaimed: boolean } | null> {
  const moderator = requirePermission(ctx.actor, 'reports:act');
  return ctx.db.transaction(async (tx) => {
    await assertQueueAccess(tx, moderator, queueId);
    const [held] = await queryRows<{ id: string }>(
      tx,
      sql`select id from queue_items
          where queue_id = ${queueId} and status in ('open', 'in_review', 'escalated')
            and assignee_id = ${moderator.id} and (lease_expires_at is null or lease_expires_at >= now())
          order by ${PRIORITY_ORDER} limit 1`,
    );
    if (held) return { itemId: held.id, reclaimed: true };

    // The subquery walks queue_items_priority_idx in priority order and locks the first free row.
    const [claimed] = await queryRows<{ id: string; reported_id: string; previous_assignee: string | null; lease_expires_at: Date }>(
      tx,
      sql`with next as (
            select id, assignee_id from queue_items
            where queue_id = ${queueId} and status in ('open', 'in_review', 'escalated')
              and (assignee_id is null or lease_expires_at < now())
            order by ${PRIORITY_ORDER}
            limit 1
            for update skip locked
          )
          update queue_items qi
          set assignee_id = ${moderator.id}, lease_expires_at = now() + ${CLAIM_LEASE_MINUTES}::int * interval '1 minute'
          from next where qi.id = next.id
          returning qi.id, qi.reported_id, next.assignee_id as previous_assignee, qi.lease_expires_at`,
    );
    if (!claimed) return null;
    await recordEvents(tx, moderator, [
      {
        itemId: claimed.id,
        reportedId: claimed.reported_id,
        kind: 'claimed',
        details: { leaseExpiresAt: new Date(claimed.lease_expires_at).toISOString(), previousAssignee: claimed.previous_assignee },
      },
    ]);
    await appendAudit(tx, {
      actor: moderator,
      action: 'triage.claim',
      targetType: 'queue_item',
      targetId: claimed.id,
      changes: { queueId, reportedId: claimed.reported_id, previousAssignee: claimed.previous_assignee },
      requestAddress: ctx.requestAddress,
    });
    return { itemId: claimed.id, reclaimed: false };
  });
}

export const assignInput = z.object({
  itemId: z.uuid('itemId: not an item id'),
  // Null takes the item off whoever holds it.
  staffId: z.uuid('staffId: not a staff id').nullable(),
});
export type AssignInput = z.output<typeof assignInput>;

/**
 * Manual assignment (no lease: it holds until unassigned) or unassignment. Anyone who may act on
 * reports may do it; it is audited, so taking someone's item is visible.
 */
export async function assignItem(ctx: LibContext, input: AssignInput) {
  const moderator = requirePermission(ctx.actor, 'reports:act');
  return ctx.db.transaction(async (tx) => {
    const [item] = await tx.select().from(queueItems).where(eq(queueItems.id, input.itemId)).for('update');
    if (!item) throw notFound(`Item ${input.itemId}`);
    await assertQueueAccess(tx, moderator, item.queueId);
    if (!(ACTIVE_ITEM_STATUS as readonly string[]).includes(item.status)) {
      throw new DomainError('conflict', `This item is already ${item.status}; there is nothing to assign.`);
    }
    if (input.staffId) {
      const [assignee] = await tx
        .select({ id: staff.id, role: staff.role })
        .from(staff)
        .where(and(eq(staff.id, input.staffId), eq(staff.active, true)));
      if (!assignee || !can(assignee.role, 'reports:act')) {
        throw new DomainError('invalid_input', 'staffId: not an active staff member who may act on reports');
      }
      await assertQueueAccess(tx, { type: 'staff', id: assignee.id, email: '', role: assignee.role }, item.queueId);
    }
    const previous = isHeld(item, ctx.now) ? item.assigneeId : null;
    await tx
      .update(queueItems)
      .set({ assigneeId: input.staffId, leaseExpiresAt: null })
      .where(eq(queueItems.id, item.id));
    await recordEvents(tx, moderator, [
      {
        itemId: item.id,
        reportedId: item.reportedId,
        kind: input.staffId ? 'assigned' : 'unassigned',
        details: { assigneeId: input.staffId, previousAssignee: previous },
      },
    ]);
    await appendAudit(tx, {
      actor: moderator,
      action: input.staffId ? 'triage.assign' : 'triage.unassign',
      targetType: 'queue_item',
      targetId: item.id,
      changes: { assigneeId: input.staffId, previousAssignee: previous },
      requestAddress: ctx.requestAddress,
    });
  });
}

/** Gives back one's own claim before its lease ends ("skip" in the review flow). */
export async function releaseItem(ctx: LibContext, itemId: string) {
  const moderator = requirePermission(ctx.actor, 'reports:act');
  const id = assignInput.shape.itemId.parse(itemId);
  await ctx.db.transaction(async (tx) => {
    const [item] = await tx.select().from(queueItems).where(eq(queueItems.id, id)).for('update');
    if (!item) throw notFound(`Item ${id}`);
    if (item.assigneeId !== moderator.id || !isHeld(item, ctx.now)) throw new DomainError('conflict', 'You do not hold this item.');
    await tx.update(queueItems).set({ assigneeId: null, leaseExpiresAt: null }).where(eq(queueItems.id, id));
    await recordEvents(tx, moderator, [{ itemId: id, reportedId: item.reportedId, kind: 'released' }]);
    await appendAudit(tx, {
      actor: moderator,
      action: 'triage.release',
      targetType: 'queue_item',
      targetId: id,
      changes: { reportedId: item.reportedId },
      requestAddress: ctx.requestAddress,
    });
  });
}
