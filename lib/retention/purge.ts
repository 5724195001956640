import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '../../db/client';
import { appendAudit } from '../audit/log';
import { requirePermission, type Actor } from '../auth/permissions';

export const purgeSchema = z.object({
  olderThanDays: z.coerce
    .number({ error: '--older-than: expected a number of days' })
    .int('--older-than: expected a whole number of days')
    .min(1, '--older-than: at least 1 day'),
});
export type PurgeInput = z.output<typeof purgeSchema>;

const PURGED_TABLES = ['contacts', 'blocks', 'reports'] as const;
type PurgedTable = (typeof PURGED_TABLES)[number];

export interface PurgeResult {
  cutoff: Date;
  deleted: Record<PurgedTable, number>;
  skippedForHolds: Record<PurgedTable, number>;
}

/**
 * Per table: which rows are old enough to go, and which accounts a row touches. A row that
 * touches any account under an active preservation hold stays, whatever its age.
 */
function rules(cutoff: string, held: SQL): Record<PurgedTable, { old: SQL; touchesHeld: SQL }> {
  return {
    contacts: {
      old: sql`last_contact_at < ${cutoff}::timestamptz`,
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
 * touching an account under an active (started, unexpired, unreleased) preservation hold, and
 * counts those it kept for that reason. Admin (retention:purge). One transaction, one audit entry.
 */
export async function purgeOlderThan(db: Db, actorInput: Actor, input: PurgeInput, now: Date = new Date()): Promise<PurgeResult> {
  const actor = requirePermission(actorInput, 'retention:purge');
  const cutoff = new Date(now.getTime() - input.olderThanDays * 86_400_000);
  const nowText = now.toISOString();
  const held = sql`select account_id from preservation_holds
    where released_at is null and expires_at > ${nowText}::timestamptz and starts_at <= ${nowText}::timestamptz`;
  return db.transaction(async (tx) => {
    const result: PurgeResult = {
      cutoff,
      deleted: { contacts: 0, blocks: 0, reports: 0 },
      skippedForHolds: { contacts: 0, blocks: 0, reports: 0 },
    };
    for (const [table, rule] of Object.entries(rules(cutoff.toISOString(), held)) as [PurgedTable, ReturnType<typeof rules>[PurgedTable]][]) {
      const name = sql.identifier(table);
      const [skipped] = await queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from ${name} where ${rule.old} and ${rule.touchesHeld}`,
      );
      const [deleted] = await queryRows<{ n: number }>(
        tx,
        sql`with gone as (delete from ${name} where ${rule.old} and not ${rule.touchesHeld} returning 1) select count(*)::int as n from gone`,
      );
      result.skippedForHolds[table] = Number(skipped?.n ?? 0);
      result.deleted[table] = Number(deleted?.n ?? 0);
    }
    await appendAudit(tx, {
      actor,
      action: 'retention.purge',
      targetType: 'retention',
      changes: { olderThanDays: input.olderThanDays, cutoff, deleted: result.deleted, skippedForHolds: result.skippedForHolds },
    });
    return result;
  });
}
