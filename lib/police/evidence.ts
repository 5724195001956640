import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';

/**
 * The evidence summary that goes with a proactive report. Until the risk engine's stored signals
 * are available here, it summarises what the platform itself recorded about the account:
 * reports against it (by category and source, how many distinct reporters, first and last),
 * who blocked it, and how many conversations it started.
 */
export interface AccountEvidence {
  source: 'reports_and_blocks';
  accountId: string;
  reports: { total: number; distinctReporters: number; byCategory: Record<string, number>; bySource: Record<string, number>; first: string | null; last: string | null };
  blockedBy: number;
  conversations: { total: number; initiated: number };
}

export async function accountEvidence(db: Db, accountId: string): Promise<AccountEvidence> {
  const byCategory = await queryRows<{ category: string; source: string; n: number; reporters: number; first: Date | string; last: Date | string }>(
    db,
    sql`select category, source, count(*)::int as n, count(distinct reporter_id)::int as reporters,
               min(created_at) as first, max(created_at) as last
        from reports where reported_id = ${accountId} group by category, source`,
  );
  const [totals] = await queryRows<{ reporters: number; blocked_by: number; conversations: number; initiated: number }>(
    db,
    sql`select
          (select count(distinct reporter_id)::int from reports where reported_id = ${accountId}) as reporters,
          (select count(*)::int from blocks where blocked_id = ${accountId}) as blocked_by,
          (select count(*)::int from contacts where account_lo = ${accountId} or account_hi = ${accountId}) as conversations,
          (select count(*)::int from contacts where initiator_id = ${accountId}) as initiated`,
  );
  const tally = (key: 'category' | 'source') =>
    byCategory.reduce<Record<string, number>>((acc, row) => ({ ...acc, [row[key]]: (acc[row[key]] ?? 0) + Number(row.n) }), {});
  const times = byCategory.flatMap((row) => [new Date(row.first), new Date(row.last)]).sort((a, b) => a.getTime() - b.getTime());
  return {
    source: 'reports_and_blocks',
    accountId,
    reports: {
      total: byCategory.reduce((sum, row) => sum + Number(row.n), 0),
      distinctReporters: Number(totals?.reporters ?? 0),
      byCategory: tally('category'),
      bySource: tally('source'),
      first: times[0]?.toISOString() ?? null,
      last: times.at(-1)?.toISOString() ?? null,
    },
    blockedBy: Number(totals?.blocked_by ?? 0),
    conversations: { total: Number(totals?.conversations ?? 0), initiated: Number(totals?.initiated ?? 0) },
  };
}
