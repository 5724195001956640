import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { AGE_BANDS, claimedAgeBandSql, type AgeBand } from '../platform/age-band';
import { REPORT_CATEGORIES, REPORT_STATUS, type ReportCategory, type ReportStatus } from '../platform/contract';

export interface Overview {
  asOf: Date;
  accounts: number;
  accountsByAgeBand: Record<AgeBand, number>;
  conversations: number;
  blocks: number;
  reports: number;
  reportsByCategoryAndStatus: Record<ReportCategory, Record<ReportStatus, number>>;
}

/** Headline figures of the imported platform data as of the context's clock. Claimed ages only; risk adds likely ages. */
export async function loadOverview(ctx: LibContext): Promise<Overview> {
  requirePermission(ctx.actor, 'overview:read');
  const { db, now: asOf } = ctx;
  const [bands, [totals], reportCells] = await Promise.all([
    queryRows<{ band: AgeBand; n: number }>(
      db,
      sql`select ${claimedAgeBandSql(sql`claimed_birthdate`, sql`age_assurance`, asOf)} as band,
          count(*)::int as n
        from accounts group by 1`,
    ),
    queryRows<{ conversations: number; blocks: number }>(
      db,
      sql`select (select count(*) from contacts)::int as conversations, (select count(*) from blocks)::int as blocks`,
    ),
    queryRows<{ category: ReportCategory; status: ReportStatus; n: number }>(
      db,
      sql`select category, status, count(*)::int as n from reports group by 1, 2`,
    ),
  ]);

  const accountsByAgeBand = Object.fromEntries(AGE_BANDS.map((band) => [band, 0])) as Record<AgeBand, number>;
  for (const { band, n } of bands) accountsByAgeBand[band] = n;

  const reportsByCategoryAndStatus = Object.fromEntries(
    REPORT_CATEGORIES.map((category) => [category, Object.fromEntries(REPORT_STATUS.map((status) => [status, 0]))]),
  ) as Overview['reportsByCategoryAndStatus'];
  for (const { category, status, n } of reportCells) reportsByCategoryAndStatus[category][status] = n;

  return {
    asOf,
    accounts: bands.reduce((sum, row) => sum + row.n, 0),
    accountsByAgeBand,
    conversations: totals?.conversations ?? 0,
    blocks: totals?.blocks ?? 0,
    reports: reportCells.reduce((sum, row) => sum + row.n, 0),
    reportsByCategoryAndStatus,
  };
}
