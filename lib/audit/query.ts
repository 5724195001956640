import { and, asc, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { requirePermission, type Actor } from '../auth/permissions';
import { storableString } from '../validation/text';
import { appendAudit, type AuditRow } from './log';

const optionalText = (max: number) =>
  storableString()
    .trim()
    .max(max)
    .optional()
    .transform((value) => value || undefined);
const cursor = z.coerce.number().int().positive().optional().catch(undefined);

/** The audit page's URL: filters plus a keyset cursor (newest first; `before`/`after` a seq). */
export const auditQuerySchema = z.object({
  actor: optionalText(320),
  action: optionalText(64),
  targetType: optionalText(64),
  targetId: optionalText(200),
  before: cursor,
  after: cursor,
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

export interface AuditPage {
  entries: AuditRow[];
  /** Cursor for the next older page, when there is one. */
  olderThan: number | null;
  /** Cursor for the next newer page, when there is one. */
  newerThan: number | null;
}

export const AUDIT_PAGE_SIZE = 50;

/**
 * Reads one page of the audit log, newest first, for admins (`audit:read`). Keyset pagination on
 * seq; each filter has an index ending in seq (see db/schema/staff.ts). Reading the log is itself
 * recorded, in the same transaction, with the filters used.
 */
export async function listAuditEntries(
  db: Db,
  actor: Actor | null,
  query: z.input<typeof auditQuerySchema>,
  options: { requestAddress?: string | null; pageSize?: number } = {},
): Promise<AuditPage> {
  const admin = requirePermission(actor, 'audit:read');
  const { before, after, ...filters } = auditQuerySchema.parse(query);
  const pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
  const conditions: SQL[] = [];
  if (filters.actor) conditions.push(eq(sql`lower(${auditLog.actorEmail})`, filters.actor.toLowerCase()));
  if (filters.action) conditions.push(eq(auditLog.action, filters.action));
  if (filters.targetType) conditions.push(eq(auditLog.targetType, filters.targetType));
  if (filters.targetId) conditions.push(eq(auditLog.targetId, filters.targetId));

  return db.transaction(async (tx) => {
    // Going back towards newer entries reads ascending from the cursor, then flips.
    const towardsNewer = after !== undefined && before === undefined;
    const rows = await tx
      .select()
      .from(auditLog)
      .where(and(...conditions, towardsNewer ? gt(auditLog.seq, after) : before !== undefined ? lt(auditLog.seq, before) : undefined))
      .orderBy(towardsNewer ? asc(auditLog.seq) : desc(auditLog.seq))
      .limit(pageSize + 1);
    const hasMore = rows.length > pageSize;
    const entries = rows.slice(0, pageSize);
    if (towardsNewer) entries.reverse();

    const first = entries[0]?.seq;
    const last = entries.at(-1)?.seq;
    const olderThan = last === undefined ? null : towardsNewer || hasMore ? last : null;
    const newerThan = first === undefined ? null : (towardsNewer ? hasMore : before !== undefined) ? first : null;

    await appendAudit(tx, {
      actor: admin,
      action: 'audit.view',
      targetType: 'audit_log',
      changes: { filters, before: before ?? null, after: after ?? null, shown: entries.length },
      requestAddress: options.requestAddress,
    });
    return { entries, olderThan, newerThan };
  });
}
