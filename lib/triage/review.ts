import { asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { inTurn, queryRows } from '@/db/client';
import { accountActions, accountNotes, accounts, birthdateChanges, queueItems, queues, riskScores, riskSignals, staff } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { claimedAgeBand, isMinorSql, type AgeBand } from '../platform/age-band';
import type { AgeAssurance, ReportCategory, ReportSource, ReportStatus } from '../platform/contract';
import { cursorTimestamp, decodeCursor, encodeCursor } from '../cursor';
import { isHeld } from './claims';
import { activeHoldExists } from './holds';
import { assertQueueAccess } from './queues';
import { renderTemplate, templatesInOrder, templateValuesOf } from './templates';
import { anyOf } from './sql';
import { notFound } from '../errors';

/** Reports shown per page of the review page. */
export const REVIEW_REPORTS_PAGE = 100;
const reportCursor = z.tuple([cursorTimestamp, z.string().min(1).max(64)]);

export interface AccountSummary {
  accountId: string;
  username: string | null;
  displayName: string | null;
  claimedBirthdate: string | null;
  ageBand: AgeBand;
  ageAssurance: AgeAssurance | null;
  createdAt: Date | null;
  country: string | null;
  status: string | null;
}

export interface ReviewReport {
  reportId: string;
  category: ReportCategory;
  source: ReportSource;
  description: string;
  createdAt: Date;
  status: ReportStatus;
  reporter: (AccountSummary & { reportsFiled: number }) | null;
}

function summaryOf(row: typeof accounts.$inferSelect | undefined, accountId: string, now: Date): AccountSummary {
  return {
    accountId,
    username: row?.username ?? null,
    displayName: row?.displayName ?? null,
    claimedBirthdate: row?.claimedBirthdate ?? null,
    ageBand: row ? claimedAgeBand(row.claimedBirthdate, row.ageAssurance, now) : 'unknown',
    ageAssurance: row?.ageAssurance ?? null,
    // Raw rows (the reporters') may carry the time as text on PGlite.
    createdAt: row?.createdAt ? new Date(row.createdAt) : null,
    country: row?.country ?? null,
    status: row?.status ?? null,
  };
}

/**
 * Everything a reviewer needs to decide one item: its reports with their reporters, the reported
 * account with its age evidence, contact summary, risk signals and hold badge, its other reports,
 * past actions, notes and the item's history. Reports and account details are sensitive: opening an item is audited.
 */
export async function loadReview(ctx: LibContext, input: { itemId: string; reportsAfter?: string }) {
  const viewer = requirePermission(ctx.actor, 'reports:read');
  const id = z.uuid('itemId: not an item id').parse(input.itemId);
  const after = input.reportsAfter ? decodeCursor(input.reportsAfter, reportCursor) : null;
  const now = ctx.now;
  return ctx.db.transaction(async (tx) => {
    const [item] = await tx
      .select({ item: queueItems, queueName: queues.name, targetMinutes: queues.targetMinutes, assigneeEmail: staff.email })
      .from(queueItems)
      .innerJoin(queues, eq(queues.id, queueItems.queueId))
      .leftJoin(staff, eq(staff.id, queueItems.assigneeId))
      .where(eq(queueItems.id, id));
    if (!item) throw notFound(`Item ${id}`);
    await assertQueueAccess(tx, viewer, item.item.queueId);
    const accountId = item.item.reportedId;

    const [account] = await tx.select().from(accounts).where(eq(accounts.accountId, accountId));
    const itemReports = await queryRows<{
      report_id: string;
      category: ReportCategory;
      source: ReportSource;
      description: string;
      created_at: Date;
      status: ReportStatus;
      reporter_id: string | null;
      created_key: string;
    }>(
      tx,
      sql`select r.report_id, r.category, r.source, r.description, r.created_at, r.status, r.reporter_id,
                 r.created_at::text as created_key
          from queue_item_reports q join reports r on r.reported_id = q.reported_id and r.report_id = q.report_id
          where q.item_id = ${id}
            ${after ? sql`and (r.created_at, r.report_id) < (${after[0]}::timestamptz, ${after[1]})` : sql``}
          order by r.created_at desc, r.report_id desc
          limit ${REVIEW_REPORTS_PAGE + 1}`,
    );
    // One page of reports (an account can gather thousands); the rest are a "next page" link away.
    const lastShown = itemReports.length > REVIEW_REPORTS_PAGE ? itemReports[REVIEW_REPORTS_PAGE - 1] : undefined;
    const reportsNext = lastShown ? encodeCursor([lastShown.created_key, lastShown.report_id]) : null;
    itemReports.splice(REVIEW_REPORTS_PAGE);
    const reporterIds = [...new Set(itemReports.flatMap((row) => (row.reporter_id ? [row.reporter_id] : [])))];
    const reporterRows = reporterIds.length
      ? await queryRows<typeof accounts.$inferSelect & { reports_filed: number }>(
          tx,
          sql`select a.account_id as "accountId", a.username, a.display_name as "displayName", a.claimed_birthdate::text as "claimedBirthdate",
                     a.age_assurance as "ageAssurance", a.created_at as "createdAt", a.country, a.status,
                     (select count(*)::int from reports f where f.reporter_id = a.account_id) as reports_filed
              from accounts a where a.account_id = ${anyOf(reporterIds, 'text')}`,
        )
      : [];
    const [otherReports, changes, siblings, [contactSummary], history, notes, actions, events, templates, [risk], signals, [hold]] = await inTurn([
      () => queryRows<{ report_id: string; category: ReportCategory; created_at: Date; status: ReportStatus; item_id: string | null; queue_id: string | null }>(
        tx,
        sql`select r.report_id, r.category, r.created_at, r.status, q.item_id, qi.queue_id
            from reports r
            left join queue_item_reports q on q.reported_id = r.reported_id and q.report_id = r.report_id
            left join queue_items qi on qi.id = q.item_id
            where r.reported_id = ${accountId} and (q.item_id is null or q.item_id <> ${id})
            order by r.created_at desc limit 50`,
      ),
      () => tx.select().from(birthdateChanges).where(eq(birthdateChanges.accountId, accountId)).orderBy(asc(birthdateChanges.changedAt)),
      () => account?.deviceCluster
        ? tx
            .select()
            .from(accounts)
            .where(sql`${accounts.deviceCluster} = ${account.deviceCluster} and ${accounts.accountId} <> ${accountId}`)
            .limit(20)
        : [],
      () => queryRows<{ conversations: number; initiated: number; minors_initiated: number; blocked_by: number }>(
        tx,
        sql`select count(*)::int as conversations,
                   count(*) filter (where c.initiator_id = ${accountId})::int as initiated,
                   count(*) filter (where c.initiator_id = ${accountId}
                     and ${isMinorSql(sql`m.claimed_birthdate`, sql`m.age_assurance`, now)})::int as minors_initiated,
                   (select count(*)::int from blocks b where b.blocked_id = ${accountId}) as blocked_by
            from contacts c
            left join accounts m on m.account_id = case when c.account_lo = ${accountId} then c.account_hi else c.account_lo end
            where c.account_lo = ${accountId} or c.account_hi = ${accountId}`,
      ),
      () => queryRows<{ id: string; queue_id: string; status: string; created_at: Date; closed_at: Date | null }>(
        tx,
        sql`select id, queue_id, status, created_at, closed_at from queue_items
            where reported_id = ${accountId} and id <> ${id} order by created_at desc limit 20`,
      ),
      () => tx
        .select({ id: accountNotes.id, body: accountNotes.body, createdAt: accountNotes.createdAt, author: staff.email })
        .from(accountNotes)
        .leftJoin(staff, eq(staff.id, accountNotes.authorId))
        .where(eq(accountNotes.accountId, accountId))
        .orderBy(desc(accountNotes.createdAt))
        .limit(50),
      () => tx
        .select({ id: accountActions.id, action: accountActions.action, reason: accountActions.reason, createdAt: accountActions.createdAt, actor: staff.email })
        .from(accountActions)
        .leftJoin(staff, eq(staff.id, accountActions.actorId))
        .where(eq(accountActions.accountId, accountId))
        .orderBy(desc(accountActions.createdAt))
        .limit(50),
      () => queryRows<{ id: number; kind: string; actor_type: string; email: string | null; reason: string | null; account_action: string | null; created_at: Date; batch_id: string | null }>(
        tx,
        sql`select e.id, e.kind, e.actor_type, s.email, e.reason, e.account_action, e.created_at, e.batch_id
            from moderation_events e left join staff s on e.actor_type = 'staff' and s.id::text = e.actor_id
            where e.item_id = ${id} order by e.id`,
      ),
      () => templatesInOrder(tx),
      () => tx.select().from(riskScores).where(eq(riskScores.accountId, accountId)),
      () => tx
        .select({ code: riskSignals.code, weight: riskSignals.weight, evidence: riskSignals.evidence, pattern: riskSignals.pattern })
        .from(riskSignals)
        .where(eq(riskSignals.accountId, accountId))
        .orderBy(desc(riskSignals.weight)),
      () => queryRows<{ on_hold: boolean }>(tx, sql`select ${activeHoldExists(sql`${accountId}`, now)} as on_hold`),
    ]);

    await appendAudit(tx, {
      actor: viewer,
      action: 'triage.item.view',
      targetType: 'queue_item',
      targetId: id,
      changes: { reportedId: accountId },
      requestAddress: ctx.requestAddress,
    });

    const values = templateValuesOf({
      accountId,
      username: account?.username ?? null,
      categories: item.item.categories,
      reportCount: item.item.reportCount,
      queueName: item.queueName,
    });
    return {
      item: {
        ...item.item,
        queueName: item.queueName,
        held: isHeld(item.item, now),
        assigneeEmail: isHeld(item.item, now) ? item.assigneeEmail : null,
        overdue: item.item.oldestReportAt.getTime() < now.getTime() - item.targetMinutes * 60_000,
      },
      account: summaryOf(account, accountId, now),
      // Moderators learn that a hold exists, never anything about it.
      onHold: hold?.on_hold ?? false,
      risk: risk ? { score: risk.score, likelyBand: risk.likelyBand, claimedBand: risk.claimedBand, patterns: risk.patterns, quiet: risk.quiet, signals } : null,
      ageEvidence: {
        birthdateChanges: changes,
        deviceSiblings: siblings.map((row) => summaryOf(row, row.accountId, now)),
      },
      contacts: {
        conversations: contactSummary?.conversations ?? 0,
        initiated: contactSummary?.initiated ?? 0,
        minorsInitiated: contactSummary?.minors_initiated ?? 0,
        blockedBy: contactSummary?.blocked_by ?? 0,
      },
      reportsNext,
      reportsAfter: input.reportsAfter ?? null,
      reports: itemReports.map(
        (row): ReviewReport => {
          const reporter = row.reporter_id ? reporterRows.find((candidate) => candidate.accountId === row.reporter_id) : undefined;
          return {
            reportId: row.report_id,
            category: row.category,
            source: row.source,
            description: row.description,
            createdAt: new Date(row.created_at),
            status: row.status,
            reporter: row.reporter_id ? { ...summaryOf(reporter, row.reporter_id, now), reportsFiled: reporter?.reports_filed ?? 0 } : null,
          };
        },
      ),
      otherReports: otherReports.map((row) => ({
        reportId: row.report_id,
        category: row.category,
        createdAt: new Date(row.created_at),
        status: row.status,
        itemId: row.item_id,
        queueId: row.queue_id,
      })),
      otherItems: history.map((row) => ({ ...row, created_at: new Date(row.created_at), closed_at: row.closed_at ? new Date(row.closed_at) : null })),
      notes,
      accountActions: actions,
      events: events.map((row) => ({ ...row, created_at: new Date(row.created_at) })),
      templates: templates.map((template) => ({ ...template, rendered: renderTemplate(template.body, values) })),
    };
  });
}

export type Review = Awaited<ReturnType<typeof loadReview>>;
