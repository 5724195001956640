import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { parsePgArray } from '../risk/queries';

/**
 * The evidence summary that goes with a proactive report: the risk engine's latest assessment of
 * the account (score, patterns, and each stored signal with its evidence in words), when it has
 * one, and what the platform itself recorded — reports against the account (by category and
 * source, distinct reporters, first and last), who blocked it, how many conversations it started.
 */
export interface AccountEvidence {
  accountId: string;
  risk: {
    score: number;
    patterns: string[];
    assessedAsOf: string;
    signals: { code: string; weight: number; evidence: string }[];
  } | null;
  reports: { total: number; distinctReporters: number; byCategory: Record<string, number>; bySource: Record<string, number>; first: string | null; last: string | null };
  blockedBy: number;
  conversations: { total: number; initiated: number };
}

/** Building block (inside recordProactiveReport's transaction): the account's evidence summary as it stands now. */
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
    accountId,
    risk: await riskAssessment(db, accountId),
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

async function riskAssessment(db: Db, accountId: string): Promise<AccountEvidence['risk']> {
  const [score] = await queryRows<{ score: number; patterns: string[] | string; as_of: Date | string }>(
    db,
    sql`select score, patterns, as_of from risk_scores where account_id = ${accountId}`,
  );
  if (!score) return null;
  const signals = await queryRows<{ code: string; weight: number; evidence: string }>(
    db,
    sql`select code, weight, evidence from risk_signals where account_id = ${accountId} order by weight desc, code`,
  );
  return {
    score: Number(score.score),
    patterns: parsePgArray(score.patterns),
    assessedAsOf: new Date(score.as_of).toISOString(),
    signals: signals.map((signal) => ({ code: signal.code, weight: Number(signal.weight), evidence: signal.evidence })),
  };
}
