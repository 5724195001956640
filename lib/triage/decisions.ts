import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { queueItems } from '@/db/schema';
import type { Actor } from '../auth/permissions';
import { recordAccountActions } from '../moderation/account-actions';
import { enqueueOutboxEvents } from '../outbox/enqueue';
import { isHeld } from './claims';
import { ACTIVE_ITEM_STATUS, CLAIM_LEASE_MINUTES, type AccountAction, type ItemStatus } from './contract';
import { recordEvents } from './events';
import { anyOf } from './sql';

/**
 * The decisions that can be taken on one item or, set-wise, on a bulk batch. A bulk reason is a
 * template filled per item, so `reasonByItem` carries each item's own text (else `reason` holds for all).
 */
export type Decision =
  | { action: 'acknowledge'; templateId?: string }
  | { action: 'dismiss'; reason: string; templateId?: string; reasonByItem?: ReadonlyMap<string, string> }
  | {
      action: 'resolve';
      accountAction: AccountAction;
      reason: string;
      templateId?: string;
      reasonByItem?: ReadonlyMap<string, string>;
      /** The account action was already taken by the caller (a confirmed risk review); the items only record it. */
      accountActionTaken?: boolean;
      /** A suspension that the delivery worker lifts at this time. */
      endsAt?: Date | null;
    };

function reasonFor(decision: Decision, itemId: string): string | null {
  if (decision.action === 'acknowledge') return null;
  return decision.reasonByItem?.get(itemId) ?? decision.reason;
}

export type LockedItem = Pick<
  typeof queueItems.$inferSelect,
  'id' | 'queueId' | 'reportedId' | 'status' | 'version' | 'assigneeId' | 'leaseExpiresAt'
>;

const STATUS_AFTER = { acknowledge: 'in_review', dismiss: 'dismissed', resolve: 'resolved' } as const satisfies Record<
  Decision['action'],
  ItemStatus
>;
const EVENT_OF = { acknowledge: 'acknowledged', dismiss: 'dismissed', resolve: 'resolved' } as const;

/** Why a decision cannot be taken on an item now, or null if it can. */
export function refusalOf(item: LockedItem, decision: { action: string }, actor: Actor & { type: 'staff' }, now: Date): string | null {
  if (!(ACTIVE_ITEM_STATUS as readonly string[]).includes(item.status)) return `already ${item.status.replace('_', ' ')}`;
  if (decision.action === 'acknowledge' && item.status === 'in_review') return 'already under review';
  if (isHeld(item, now) && item.assigneeId !== actor.id) return 'held by another moderator';
  return null;
}

function anyItem(items: { id: string }[]) {
  return anyOf(
    items.map((item) => item.id),
    'uuid',
  );
}

/**
 * Building block: takes one decision on locked, checked items, set-wise: the items' status and version, their
 * reports' status, the account actions, and one event per item. The caller writes the audit entry.
 */
export async function applyDecision(
  tx: Db,
  actor: Actor & { type: 'staff' },
  items: LockedItem[],
  decision: Decision,
  batchId: string | null,
  now: Date,
): Promise<void> {
  if (items.length === 0) return;
  const status = STATUS_AFTER[decision.action];
  const closing = decision.action !== 'acknowledge';
  await queryRows(
    tx,
    sql`update queue_items set
          status = ${status},
          version = version + 1,
          first_action_at = coalesce(first_action_at, now()),
          closed_at = ${closing ? sql`now()` : sql`null`},
          ${
            closing
              ? sql`lease_expires_at = null`
              : // Acknowledging takes the item (or keeps one's manual assignment, which has no lease).
                sql`lease_expires_at = case when assignee_id = ${actor.id} and lease_expires_at is null then null
                                            else now() + ${CLAIM_LEASE_MINUTES}::int * interval '1 minute' end,
                    assignee_id = ${actor.id}`
          }
        where id = ${anyItem(items)}`,
  );
  await queryRows(
    tx,
    sql`update reports r set status = ${status}
        from queue_item_reports q
        where q.item_id = ${anyItem(items)} and r.reported_id = q.reported_id and r.report_id = q.report_id`,
  );
  if (decision.action === 'resolve' && !decision.accountActionTaken) {
    const firstItemOf = new Map<string, string>();
    for (const item of items) if (!firstItemOf.has(item.reportedId)) firstItemOf.set(item.reportedId, item.id);
    await recordAccountActions(
      tx,
      [...firstItemOf].map(([accountId, itemId]) => ({
        accountId,
        action: decision.accountAction,
        reason: reasonFor(decision, itemId)!,
        actorId: actor.id,
        sourceType: batchId ? 'bulk_batch' : 'queue_item',
        sourceId: batchId ?? items[0]!.id,
        endsAt: decision.endsAt ?? null,
      })),
      now,
    );
  }
  if (closing) await noticeReporters(tx, items, decision.action === 'resolve' ? 'actioned' : 'not_actioned', now);
  await recordEvents(
    tx,
    actor,
    items.map((item) => ({
      itemId: item.id,
      reportedId: item.reportedId,
      kind: EVENT_OF[decision.action],
      fromStatus: item.status,
      toStatus: status,
      accountAction: decision.action === 'resolve' ? decision.accountAction : null,
      reason: reasonFor(decision, item.id),
      batchId,
      details: decision.templateId ? { templateId: decision.templateId } : {},
    })),
  );
}

/** Tells each reporter of the closed items' reports whether their report was actioned (nothing more). */
async function noticeReporters(tx: Db, items: LockedItem[], outcome: 'actioned' | 'not_actioned', now: Date): Promise<void> {
  const reports = await queryRows<{ report_id: string; reporter_id: string }>(
    tx,
    sql`select r.report_id, r.reporter_id from queue_item_reports q
        join reports r on r.reported_id = q.reported_id and r.report_id = q.report_id
        where q.item_id = ${anyItem(items)} and r.reporter_id is not null`,
  );
  await enqueueOutboxEvents(
    tx,
    reports.map((report) => ({
      type: 'report.outcome' as const,
      data: { account_id: report.reporter_id, report_id: report.report_id, outcome },
      source: { type: 'report', id: report.report_id },
    })),
    now,
  );
}
