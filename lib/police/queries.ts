import { and, asc, desc, eq, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { inTurn } from '@/db/client';
import {
  policeRequestAttachments,
  policeRequestEvents,
  policeRequests,
  policeRequestTargets,
  policeRequestVerifications,
  preservationHolds,
  staff,
} from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import { withDb, type LibContext } from '../context';
import { OPEN_STATUSES, REQUEST_STATUSES } from './contract';
import { holdState } from './holds';
import { emergencyStatementOwed, legalWarnings } from './legal';
import { legalApprover, listPackages } from './package';
import { allowedTransitions } from './workflow';
import { cursorTimestamp, cursorTimestampSql, decodeCursor, encodeCursor } from '../cursor';
import { notFound } from '../errors';
import { storableString } from '../validation/text';

const pageCursor = z.tuple([cursorTimestamp, z.uuid()]);

export const requestListSchema = z.object({
  status: z.enum(REQUEST_STATUSES).optional(),
  // Keyset cursor (lib/cursor.ts) of the last row shown: its received_at as text, with microseconds, and id.
  after: storableString().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Requests, newest received first, keyset-paged (police_requests_received_idx). Liaison/admin. */
export async function listRequests(ctx: LibContext, input: z.output<typeof requestListSchema>) {
  requirePermission(ctx.actor, 'police:read');
  let after: SQL | undefined;
  if (input.after) {
    const [at, id] = decodeCursor(input.after, pageCursor);
    after = sql`(${policeRequests.receivedAt}, ${policeRequests.id}) < (${at}::timestamptz, ${id}::uuid)`;
  }
  const rows = await ctx.db
    .select({
      id: policeRequests.id,
      reference: policeRequests.reference,
      type: policeRequests.type,
      jurisdiction: policeRequests.jurisdiction,
      agency: policeRequests.agency,
      status: policeRequests.status,
      receivedAt: policeRequests.receivedAt,
      cursorAt: sql<string>`${cursorTimestampSql(policeRequests.receivedAt)}`,
      dueAt: policeRequests.dueAt,
      timeZone: policeRequests.timeZone,
      // Spelled out with its table: drizzle renders columns unqualified here, and a bare "id" inside
      // the subquery would be the target's own id (every count 0).
      targets: sql<number>`(select count(*)::int from police_request_targets t where t.request_id = "police_requests"."id")`,
    })
    .from(policeRequests)
    .where(and(input.status ? eq(policeRequests.status, input.status) : undefined, after))
    .orderBy(desc(policeRequests.receivedAt), desc(policeRequests.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > input.limit && last ? encodeCursor([last.cursorAt, last.id]) : null };
}

/** How far ahead "due soon" looks. */
export const DUE_SOON_HOURS = 72;

/**
 * The deadline dashboard: open requests that are overdue at ctx.now or due within `soonHours`
 * (default DUE_SOON_HOURS), emergencies first, then by due time (police_requests_status_due_idx).
 * Liaison/admin.
 */
export async function dueDashboard(ctx: LibContext, input: { soonHours?: number } = {}) {
  requirePermission(ctx.actor, 'police:read');
  const now = ctx.now;
  const horizon = new Date(now.getTime() + (input.soonHours ?? DUE_SOON_HOURS) * 3_600_000);
  const rows = await ctx.db
    .select({
      id: policeRequests.id,
      reference: policeRequests.reference,
      type: policeRequests.type,
      agency: policeRequests.agency,
      status: policeRequests.status,
      dueAt: policeRequests.dueAt,
      timeZone: policeRequests.timeZone,
    })
    .from(policeRequests)
    .where(and(inArray(policeRequests.status, [...OPEN_STATUSES]), isNotNull(policeRequests.dueAt), lte(policeRequests.dueAt, horizon)))
    .orderBy(sql`${policeRequests.type} = 'emergency_disclosure' desc`, asc(policeRequests.dueAt), asc(policeRequests.reference));
  return rows.map((row) => ({
    ...row,
    dueAt: row.dueAt!,
    emergency: row.type === 'emergency_disclosure',
    overdue: row.dueAt! <= now,
  }));
}

/**
 * Everything the request page shows: the request, its targets and their decisions, verifications,
 * attachments (without bytes), history, holds, packages, legal warnings and the next allowed
 * statuses. Opening it is a view of sensitive data: audited. Liaison/admin.
 */
export async function getRequestDetail(ctx: LibContext, requestId: string) {
  const actor = requirePermission(ctx.actor, 'police:read');
  return ctx.db.transaction(async (tx) => {
    const [request] = await tx.select().from(policeRequests).where(eq(policeRequests.id, requestId));
    if (!request) throw notFound(`police request ${requestId}`);
    const [targets, verifications, attachments, history, holds, packages, approvedBy] = await inTurn([
      () => tx.select().from(policeRequestTargets).where(eq(policeRequestTargets.requestId, requestId)).orderBy(asc(policeRequestTargets.identifier)),
      () => tx
        .select({ verification: policeRequestVerifications, verifiedByEmail: staff.email })
        .from(policeRequestVerifications)
        .innerJoin(staff, eq(staff.id, policeRequestVerifications.verifiedBy))
        .where(eq(policeRequestVerifications.requestId, requestId))
        .orderBy(asc(policeRequestVerifications.verifiedAt)),
      () => tx
        .select({
          id: policeRequestAttachments.id,
          kind: policeRequestAttachments.kind,
          filename: policeRequestAttachments.filename,
          sizeBytes: policeRequestAttachments.sizeBytes,
          sha256: policeRequestAttachments.sha256,
          uploadedAt: policeRequestAttachments.uploadedAt,
        })
        .from(policeRequestAttachments)
        .where(eq(policeRequestAttachments.requestId, requestId))
        .orderBy(asc(policeRequestAttachments.uploadedAt)),
      () => tx
        .select({ event: policeRequestEvents, actorEmail: staff.email })
        .from(policeRequestEvents)
        .innerJoin(staff, eq(staff.id, policeRequestEvents.actorId))
        .where(eq(policeRequestEvents.requestId, requestId))
        .orderBy(asc(policeRequestEvents.id)),
      () => tx.select().from(preservationHolds).where(eq(preservationHolds.requestId, requestId)).orderBy(asc(preservationHolds.createdAt)),
      () => listPackages(withDb(ctx, tx), requestId),
      () => legalApprover(tx, requestId),
    ]);
    await appendAudit(tx, { actor, action: 'police_request.view', targetType: 'police_request', targetId: requestId, requestAddress: ctx.requestAddress });
    return {
      request,
      targets,
      verifications: verifications.map((v) => ({ ...v.verification, verifiedByEmail: v.verifiedByEmail })),
      attachments,
      history: history.map((h) => ({ ...h.event, actorEmail: h.actorEmail })),
      holds: holds.map((hold) => ({ ...hold, state: holdState(hold, ctx.now) })),
      packages,
      approvedBy,
      emergencyStatementOwed: emergencyStatementOwed(request, attachments, history.map((h) => h.event)),
      requestWarnings: legalWarnings(request.type, request.categories),
      nextStatuses: allowedTransitions(request.status),
    };
  });
}

export type RequestDetail = Awaited<ReturnType<typeof getRequestDetail>>;
