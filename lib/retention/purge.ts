import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '@/db/client';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { lastContactBefore } from '../platform/last-contact';
import { dropKeptState } from '../risk/dirty';

export const purgeSchema = z.object({
  olderThanDays: z.coerce
    .number({ error: '--older-than: expected a number of days' })
    .int('--older-than: expected a whole number of days')
    .min(1, '--older-than: at least 1 day'),
});
export type PurgeInput = z.output<typeof purgeSchema>;

type PurgedTable = 'contacts' | 'blocks' | 'reports';

export interface PurgeResult {
  cutoff: Date;
  deleted: Record<PurgedTable, number>;
  skippedForHolds: Record<PurgedTable, number>;
  /** Old reports nobody has decided yet (open, in review, escalated): evidence still in use. */
  skippedUndecidedReports: number;
  /** Rows went, so the risk scores' kept state no longer holds: the next import re-scores every account (lib/risk/dirty.ts). */
  fullRescoreNext: boolean;
}

/** A report waiting for a moderator's decision is never purged, however old. */
const UNDECIDED_REPORT = sql`status in ('open', 'in_review', 'escalated')`;

/**
 * Per table: which rows are old enough to go, and which accounts a row touches. A row that
 * touches any account under an active preservation hold stays, whatever its age.
 */
function rules(cutoff: string, held: SQL): Record<PurgedTable, { old: SQL; touchesHeld: SQL }> {
  return {
    contacts: {
      old: lastContactBefore(sql`${cutoff}::timestamptz`),
      touchesHeld: sql`(account_lo in (${held}) or account_hi in (${held}))`,
    },
    blocks: {
      old: sql`blocked_at < ${cutoff}::timestamptz`,
      touchesHeld: sql`(blocker_id in (${held}) or blocked_id in (${held}))`,
    },
    reports: {
      old: sql`created_at < ${cutoff}::timestamptz`,
      touchesHeld: sql`(reported_id in (${held}) or (reporter_id is not null and reporter_id in (${held})))`,
    },
  };
}

/**
 * The retention job: deletes contacts, blocks and reports older than the cutoff, except rows
 * touching an account under an active (started, unexpired, unreleased) preservation hold and
 * reports still awaiting a decision, and counts those it kept. A deleted report's link to its
 * (closed) queue item goes with it. Admin (retention:purge). One transaction, one audit entry.
 */
export async function purgeOlderThan(ctx: LibContext, input: PurgeInput): Promise<PurgeResult> {
  const actor = requirePermission(ctx.actor, 'retention:purge');
  const now = ctx.now;
  const cutoff = new Date(now.getTime() - input.olderThanDays * 86_400_000);
  const nowText = now.toISOString();
  const held = sql`select account_id from preservation_holds
    where released_at is null and expires_at > ${nowText}::timestamptz and starts_at <= ${nowText}::timestamptz`;
  return ctx.db.transaction(async (tx) => {
    const result: PurgeResult = {
      cutoff,
      deleted: { contacts: 0, blocks: 0, reports: 0 },
      skippedForHolds: { contacts: 0, blocks: 0, reports: 0 },
      skippedUndecidedReports: 0,
      fullRescoreNext: false,
    };
    const count = async (query: SQL) => Number((await queryRows<{ n: number }>(tx, query))[0]?.n ?? 0);
    const byTable = rules(cutoff.toISOString(), held);
    for (const table of ['contacts', 'blocks'] as const) {
      const { old, touchesHeld } = byTable[table];
      const name = sql.identifier(table);
      result.skippedForHolds[table] = await count(sql`select count(*)::int as n from ${name} where ${old} and ${touchesHeld}`);
      result.deleted[table] = await count(
        sql`with gone as (delete from ${name} where ${old} and not ${touchesHeld} returning 1) select count(*)::int as n from gone`,
      );
    }
    const { old, touchesHeld } = byTable.reports;
    result.skippedForHolds.reports = await count(sql`select count(*)::int as n from reports where ${old} and ${touchesHeld}`);
    result.skippedUndecidedReports = await count(
      sql`select count(*)::int as n from reports where ${old} and not ${touchesHeld} and ${UNDECIDED_REPORT}`,
    );
    result.deleted.reports = await count(
      sql`with gone as (
            delete from reports where ${old} and not ${touchesHeld} and not ${UNDECIDED_REPORT} returning reported_id, report_id
          ), unlinked as (
            delete from queue_item_reports link using gone where link.reported_id = gone.reported_id and link.report_id = gone.report_id
          )
          select count(*)::int as n from gone`,
    );
    const deleted = result.deleted.contacts + result.deleted.blocks + result.deleted.reports;
    if (deleted > 0) result.fullRescoreNext = await dropKeptState(tx);
    await appendAudit(tx, {
      actor,
      action: 'retention.purge',
      targetType: 'retention',
      changes: {
        olderThanDays: input.olderThanDays,
        cutoff,
        deleted: result.deleted,
        skippedForHolds: result.skippedForHolds,
        skippedUndecidedReports: result.skippedUndecidedReports,
        fullRescoreNext: result.fullRescoreNext,
      },
      requestAddress: ctx.requestAddress,
    });
    return result;
  });
}
