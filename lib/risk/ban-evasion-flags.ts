import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { reports } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { routeReports } from '../triage/routing';
import { inScope, type RunContext } from './run-context';

const FLAGGER = { type: 'system', name: 'ban-evasion' } as const;

/**
 * The proactive flag: for every account the run found evading a child-safety ban and that has no
 * flag yet, an automated report (its id derived from the account, so it is written once) that
 * routing places in the child-safety queue at once — the day the account appears. One audit
 * entry names them. Building block of a scoring run, after the scores are stored.
 */
export async function raiseBanEvasionFlags(tx: Db, run: RunContext): Promise<string[]> {
  const found = await queryRows<{ account_id: string; evidence: string }>(
    tx,
    sql`select s.account_id, s.evidence from risk_signals s
      where s.code = 'ban_evasion' ${inScope(run, sql`s.account_id`)}
        and not exists (select 1 from reports r where r.reported_id = s.account_id and r.report_id = 'lookout-be-' || md5(s.account_id))`,
  );
  if (found.length === 0) return [];
  const rows = found.map((row) => ({
    reportId: flagReportId(row.account_id),
    reporterId: null,
    reportedId: row.account_id,
    category: 'other' as const,
    description: `Ban evasion flagged by Lookout: ${row.evidence}.`,
    createdAt: run.asOf,
    source: 'automated' as const,
  }));
  await tx.insert(reports).values(rows).onConflictDoNothing();
  const routed = await routeReports(
    tx,
    FLAGGER,
    rows.map((row) => ({ reportedId: row.reportedId, reportId: row.reportId })),
    run.asOf,
  );
  await appendAudit(tx, {
    actor: FLAGGER,
    action: 'risk.ban_evasion_flag',
    targetType: 'accounts',
    changes: { accounts: rows.map((row) => row.reportedId), reports: rows.map((row) => row.reportId), byQueue: routed.byQueue },
  });
  return rows.map((row) => row.reportedId);
}

/** The automated report that flags an account: one per account (`lookout-be-` and the md5 of its id). */
export function flagReportId(accountId: string): string {
  return `lookout-be-${md5Hex(accountId)}`;
}

function md5Hex(text: string): string {
  return createHash('md5').update(text).digest('hex');
}
