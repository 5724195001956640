import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '@/db/client';
import { bulkBatches, queueItems } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission, type Actor } from '../auth/permissions';
import type { LibContext } from '../context';
import type { ReportCategory } from '../platform/contract';
import { ACCOUNT_ACTIONS, BULK_MAX_ITEMS, type ItemStatus } from './contract';
import { applyDecision, refusalOf, type Decision, type LockedItem } from './decisions';
import { filterConditions, orderOf, visibleQueue } from './listing';
import { allowedQueueIds } from './queues';
import { anyOf } from './sql';
import { renderTemplate, templateValuesOf } from './templates';
import { bulkViewSchema, viewFingerprint } from './view';
import { DomainError } from '../errors';
import { storableString } from '../validation/text';

const decisionFields = {
  action: z.enum(['acknowledge', 'dismiss', 'resolve'], 'action: choose acknowledge, dismiss or resolve'),
  accountAction: z.enum(ACCOUNT_ACTIONS).optional(),
  reason: storableString().trim().max(4000, 'reason is at most 4000 characters').default(''),
};

function checkDecision(input: { action: string; accountAction?: string; reason: string }, ctx: z.RefinementCtx) {
  if (input.action !== 'acknowledge' && !input.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: `reason is required to ${input.action}` });
  if (input.action === 'resolve' && !input.accountAction) {
    ctx.addIssue({ code: 'custom', path: ['accountAction'], message: 'accountAction is required to resolve' });
  }
}

/**
 * What to act on: picked rows, or every row of a filtered queue view (up to the bound). A view names
 * its queue and carries the fingerprint of the filter the moderator saw (lib/triage/view.ts).
 */
export const bulkSelection = z.union([
  z.object({ itemIds: z.array(z.uuid('itemIds: not an item id')).min(1, 'select at least one item').max(BULK_MAX_ITEMS) }),
  z.object({
    view: bulkViewSchema.extend({ queue: z.string('view: name the queue to act on').min(1, 'view: name the queue to act on').max(64) }),
    fingerprint: z.string('fingerprint: the filter you saw is missing; open the bulk workspace from the queue page').regex(/^[0-9a-f]{16}$/, 'fingerprint: not a filter fingerprint'),
  }),
]);
export type BulkSelection = z.infer<typeof bulkSelection>;

export const bulkPreviewInput = z.object({ ...decisionFields, selection: bulkSelection }).superRefine(checkDecision);
export type BulkPreviewInput = z.output<typeof bulkPreviewInput>;

/** Confirming a preview sends back the items and versions it showed; anything that changed since is skipped. */
export const bulkApplyInput = z
  .object({
    ...decisionFields,
    selection: bulkSelection,
    items: z
      .array(z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) }))
      .min(1, 'nothing to apply')
      .max(BULK_MAX_ITEMS, `a batch holds at most ${BULK_MAX_ITEMS} items`),
  })
  .superRefine(checkDecision);
export type BulkApplyInput = z.output<typeof bulkApplyInput>;

export interface BulkPreviewRow {
  id: string;
  reportedId: string;
  username: string | null;
  queueId: string;
  status: ItemStatus;
  reportCount: number;
  categories: ReportCategory[];
  version: number;
  skipReason: string | null;
  /** The reason as it will be recorded on this item: the bulk text with this item's placeholders filled. */
  reason: string;
}

type Candidate = Omit<BulkPreviewRow, 'reason'> & { queueName: string; assigneeId: string | null; leaseExpiresAt: Date | null };

/** Refuses a view whose filter is not the one the moderator saw: a different reading must never widen the action. */
function checkFingerprint(selection: BulkSelection): void {
  if ('view' in selection && viewFingerprint(selection.view) !== selection.fingerprint) {
    throw new DomainError('conflict', 'The filter to act on differs from the one shown on the queue page; nothing was changed. Open the bulk workspace again from the queue page.');
  }
}

async function selectCandidates(db: Db, actor: Actor & { type: 'staff' }, selection: BulkSelection, now: Date): Promise<Candidate[]> {
  const columns = sql`qi.id, qi.reported_id, a.username, qi.queue_id, (select q.name from queues q where q.id = qi.queue_id) as queue_name,
                      qi.status, qi.report_count, qi.categories::text[] as categories, qi.version, qi.assignee_id, qi.lease_expires_at`;
  let rows: Record<string, unknown>[];
  if ('itemIds' in selection) {
    rows = await queryRows(
      db,
      sql`select ${columns} from queue_items qi left join accounts a on a.account_id = qi.reported_id
          where qi.id = ${anyOf(selection.itemIds, 'uuid')}
          order by qi.lane, (-qi.priority), qi.oldest_report_at, qi.id`,
    );
  } else {
    const queue = await visibleQueue(db, actor, selection.view.queue);
    rows = await queryRows(
      db,
      sql`select ${columns} from queue_items qi left join accounts a on a.account_id = qi.reported_id
          where ${sql.join(filterConditions(queue, { ...selection.view }, actor.id, now), sql` and `)}
          order by ${orderOf(selection.view.sort)}
          limit ${BULK_MAX_ITEMS + 1}`,
    );
    if (rows.length > BULK_MAX_ITEMS) {
      throw new DomainError('invalid_input', `selection: this view holds more than ${BULK_MAX_ITEMS} items; narrow the filters`);
    }
  }
  return rows.map((row) => ({
    id: row.id as string,
    reportedId: row.reported_id as string,
    username: row.username as string | null,
    queueId: row.queue_id as string,
    queueName: row.queue_name as string,
    status: row.status as ItemStatus,
    reportCount: row.report_count as number,
    categories: row.categories as ReportCategory[],
    version: row.version as number,
    assigneeId: row.assignee_id as string | null,
    leaseExpiresAt: row.lease_expires_at ? new Date(row.lease_expires_at as string) : null,
    skipReason: null,
  }));
}

function refusalIn(
  allowed: Set<string> | null,
  item: LockedItem,
  decision: { action: string },
  moderator: Actor & { type: 'staff' },
  now: Date,
): string | null {
  if (allowed && !allowed.has(item.queueId)) return 'in a queue you may not work';
  return refusalOf(item, decision, moderator, now);
}

/** The bulk reason filled with one item's own values (lib/triage/templates.ts). */
function reasonOf(reason: string, candidate: Candidate): string {
  return renderTemplate(
    reason,
    templateValuesOf({ accountId: candidate.reportedId, username: candidate.username, categories: candidate.categories, reportCount: candidate.reportCount, queueName: candidate.queueName }),
  );
}

function decisionOf(input: BulkApplyInput, candidates: Candidate[]): Decision {
  if (input.action === 'acknowledge') return { action: 'acknowledge' };
  const reasonByItem = new Map(candidates.map((candidate) => [candidate.id, reasonOf(input.reason, candidate)]));
  if (input.action === 'dismiss') return { action: 'dismiss', reason: input.reason, reasonByItem };
  return { action: 'resolve', reason: input.reason, accountAction: input.accountAction!, reasonByItem };
}

/** Shows what a bulk action would do, item by item, without changing anything. */
export async function previewBulk(ctx: LibContext, input: BulkPreviewInput): Promise<{ rows: BulkPreviewRow[]; applicable: number }> {
  const moderator = requirePermission(ctx.actor, 'reports:act');
  checkFingerprint(input.selection);
  const candidates = await selectCandidates(ctx.db, moderator, input.selection, ctx.now);
  const allowed = await allowedQueueIds(ctx.db, moderator.id);
  const rows = candidates.map((candidate): BulkPreviewRow => {
    const { assigneeId, leaseExpiresAt, queueName, ...row } = candidate;
    return {
      ...row,
      skipReason: refusalIn(allowed, { ...row, assigneeId, leaseExpiresAt }, input, moderator, ctx.now),
      reason: input.action === 'acknowledge' ? '' : reasonOf(input.reason, candidate),
    };
  });
  return { rows, applicable: rows.filter((row) => row.skipReason === null).length };
}

/**
 * Applies a previewed bulk action in one transaction: one batch row, one event per item carrying the
 * batch id, one audit entry for the whole batch. Items that changed since the preview, or that someone
 * else now holds, are skipped and listed, never overwritten.
 */
export async function applyBulk(
  ctx: LibContext,
  input: BulkApplyInput,
): Promise<{ batchId: string; applied: number; skipped: { id: string; reason: string }[]; auditSeq: number }> {
  const moderator = requirePermission(ctx.actor, 'reports:act');
  checkFingerprint(input.selection);
  const seen = new Map(input.items.map((item) => [item.id, item.version]));
  return ctx.db.transaction(async (tx) => {
    // The confirmation acts only on previewed items that the selection still holds now: an item
    // that left the filtered view (or was never in it) is skipped, never acted on.
    const candidates = await selectCandidates(tx, moderator, input.selection, ctx.now);
    const inSelection = new Set(candidates.map((candidate) => candidate.id));
    const decision = decisionOf(input, candidates);
    // Lock in id order so two batches over overlapping items cannot deadlock.
    const locked = await tx
      .select()
      .from(queueItems)
      .where(inArray(queueItems.id, [...seen.keys()]))
      .orderBy(queueItems.id)
      .for('update');
    const skipped: { id: string; reason: string }[] = [...seen.keys()]
      .filter((id) => !locked.some((item) => item.id === id))
      .map((id) => ({ id, reason: 'not found' }));
    const applicable: typeof locked = [];
    const allowed = await allowedQueueIds(tx, moderator.id);
    for (const item of locked) {
      const refusal = !inSelection.has(item.id)
        ? 'no longer in the selection'
        : item.version !== seen.get(item.id)
          ? 'changed since the preview'
          : refusalIn(allowed, item, decision, moderator, ctx.now);
      if (refusal) skipped.push({ id: item.id, reason: refusal });
      else applicable.push(item);
    }
    if (applicable.length === 0) throw new DomainError('conflict', 'Nothing to apply: every item changed since the preview or cannot take this action.');

    const [batch] = await tx
      .insert(bulkBatches)
      .values({
        createdBy: moderator.id,
        action: input.action,
        reason: input.reason,
        appliedCount: applicable.length,
        skippedCount: skipped.length,
        selection: { ...input.selection, accountAction: input.accountAction ?? null },
      })
      .returning({ id: bulkBatches.id });
    await applyDecision(tx, moderator, applicable, decision, batch!.id, ctx.now);
    const entry = await appendAudit(tx, {
      actor: moderator,
      action: 'triage.bulk',
      targetType: 'bulk_batch',
      targetId: batch!.id,
      changes: {
        action: input.action,
        accountAction: input.accountAction ?? null,
        applied: applicable.map((item) => item.id),
        skipped,
        selection: input.selection,
      },
      reason: input.reason || null,
      requestAddress: ctx.requestAddress,
    });
    return { batchId: batch!.id, applied: applicable.length, skipped, auditSeq: entry.seq };
  });
}

/** The most recent batches for the bulk page, newest first (bulk_batches_created_idx), with their audit entry. */
export async function listBatches(ctx: LibContext, input: { limit?: number } = {}) {
  requirePermission(ctx.actor, 'reports:read');
  const rows = await queryRows<{
    id: string;
    action: string;
    reason: string;
    applied_count: number;
    skipped_count: number;
    created_at: Date;
    created_by: string | null;
    audit_seq: number | null;
  }>(
    ctx.db,
    sql`select b.id, b.action, b.reason, b.applied_count, b.skipped_count, b.created_at, s.email as created_by,
               (select a.seq from audit_log a where a.target_type = 'bulk_batch' and a.target_id = b.id::text limit 1)::int as audit_seq
        from bulk_batches b left join staff s on s.id = b.created_by
        order by b.created_at desc, b.id desc limit ${input.limit ?? 20}`,
  );
  return rows.map((row) => ({ ...row, created_at: new Date(row.created_at) }));
}
