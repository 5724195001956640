import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '@/db/client';
import { appSettings } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { DomainError } from '../errors';
import { ID_MAX, type ReportCategory } from '../platform/contract';
import { opaqueId } from '../validation/text';

/**
 * Moderator wellness: report text that is hard to read stays folded until a moderator chooses to
 * read it (and the reveal is audited, so the text of a child-abuse report is never read
 * unrecorded), and each moderator sees how many child-safety items they handled today, with a
 * quiet suggestion to take a break past a threshold an admin sets.
 */

/** Report categories whose text is folded until revealed. */
export const FOLDED_REPORT_CATEGORIES = ['sexual_content', 'grooming'] as const satisfies readonly ReportCategory[];

export function isFoldedCategory(category: ReportCategory): boolean {
  return (FOLDED_REPORT_CATEGORIES as readonly string[]).includes(category);
}

const BREAK_KEY = 'wellness.break_after';
/** Child-safety items handled in a day past which the break prompt shows, until an admin sets another. */
export const DEFAULT_BREAK_AFTER = 40;

export const breakThresholdSchema = z.object({
  /** 0 turns the prompt off. */
  breakAfter: z.coerce.number({ error: 'breakAfter: a whole number' }).int('breakAfter: a whole number').min(0, 'breakAfter: 0 or more').max(10_000, 'breakAfter: at most 10,000'),
});

export const revealReportSchema = z.object({
  reportedId: opaqueId(ID_MAX, 'reported account'),
  reportId: opaqueId(ID_MAX, 'report'),
});

export interface WellnessToday {
  /** Child-safety items this moderator handled since midnight UTC. */
  handled: number;
  /** The admin's threshold (0: the prompt is off). */
  breakAfter: number;
  suggestBreak: boolean;
}

/** Building block: the break threshold in force. */
async function breakAfterSetting(ctx: LibContext): Promise<number> {
  const [row] = await queryRows<{ value: unknown }>(ctx.db, sql`select value from app_settings where key = ${BREAK_KEY}`);
  return typeof row?.value === 'number' ? row.value : DEFAULT_BREAK_AFTER;
}

/**
 * The signed-in member's own count of child-safety work today (permission reports:read): decisions
 * on items in the child-safety lane, risk reviews and protective decisions. Not audited: it is
 * about the reader, not about anyone's data.
 */
export async function wellnessToday(ctx: LibContext): Promise<WellnessToday> {
  const actor = requirePermission(ctx.actor, 'reports:read');
  const since = new Date(Date.UTC(ctx.now.getUTCFullYear(), ctx.now.getUTCMonth(), ctx.now.getUTCDate())).toISOString();
  const [row] = await queryRows<{ handled: number }>(
    ctx.db,
    sql`select (
          (select count(distinct e.item_id) from moderation_events e join queue_items qi on qi.id = e.item_id
            where e.created_at >= ${since}::timestamptz and e.actor_type = 'staff' and e.actor_id = ${actor.id}
              and e.kind in ('acknowledged', 'dismissed', 'resolved', 'escalated') and qi.lane = 0)
          + (select count(*) from risk_reviews r where r.reviewer_id = ${actor.id} and r.reviewed_at >= ${since}::timestamptz)
          + (select count(*) from protective_decisions d where d.actor_id = ${actor.id} and d.created_at >= ${since}::timestamptz)
        )::int as handled`,
  );
  const breakAfter = await breakAfterSetting(ctx);
  const handled = row?.handled ?? 0;
  return { handled, breakAfter, suggestBreak: breakAfter > 0 && handled >= breakAfter };
}

/** The break threshold as an admin sees it (permission wellness:manage). */
export async function readBreakThreshold(ctx: LibContext): Promise<{ breakAfter: number }> {
  requirePermission(ctx.actor, 'wellness:manage');
  return { breakAfter: await breakAfterSetting(ctx) };
}

/** Sets the break threshold (permission wellness:manage), audited with the old and new value. */
export async function setBreakThreshold(ctx: LibContext, input: z.output<typeof breakThresholdSchema>): Promise<{ breakAfter: number }> {
  const actor = requirePermission(ctx.actor, 'wellness:manage');
  return ctx.db.transaction(async (tx) => {
    const [old] = await queryRows<{ value: unknown }>(tx, sql`select value from app_settings where key = ${BREAK_KEY} for update`);
    await tx
      .insert(appSettings)
      .values({ key: BREAK_KEY, value: input.breakAfter, updatedBy: actor.id, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: input.breakAfter, updatedBy: actor.id, updatedAt: ctx.now } });
    await appendAudit(tx, {
      actor,
      action: 'settings.wellness.update',
      targetType: 'setting',
      targetId: BREAK_KEY,
      changes: { breakAfter: { from: typeof old?.value === 'number' ? old.value : DEFAULT_BREAK_AFTER, to: input.breakAfter } },
      requestAddress: ctx.requestAddress,
    });
    return { breakAfter: input.breakAfter };
  });
}

/**
 * The text of one report, read on purpose (permission reports:read): the reveal is audited in the
 * same transaction, whatever the category, so folded text is never shown unrecorded.
 */
export async function revealReportText(ctx: LibContext, input: z.output<typeof revealReportSchema>): Promise<{ reportId: string; text: string }> {
  const actor = requirePermission(ctx.actor, 'reports:read');
  return ctx.db.transaction(async (tx) => {
    const [report] = await queryRows<{ description: string; category: ReportCategory }>(
      tx,
      sql`select description, category::text as category from reports where reported_id = ${input.reportedId} and report_id = ${input.reportId}`,
    );
    if (!report) throw new DomainError('not_found', `No report ${input.reportId} about ${input.reportedId}.`);
    await appendAudit(tx, {
      actor,
      action: 'report.text.reveal',
      targetType: 'report',
      targetId: input.reportId,
      changes: { reportedId: input.reportedId, category: report.category },
      requestAddress: ctx.requestAddress,
    });
    return { reportId: input.reportId, text: report.description };
  });
}
