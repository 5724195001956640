import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { AGE_BANDS, REPORT_CATEGORIES, REPORT_STATUS, type AgeBand, type ReportCategory, type ReportStatus } from '../platform/contract';

export interface Overview {
  asOf: Date;
  accounts: number;
  accountsByAgeBand: Record<AgeBand, number>;
  conversations: number;
  blocks: number;
  reports: number;
  reportsByCategoryAndStatus: Record<ReportCategory, Record<ReportStatus, number>>;
}

/** Headline figures of the imported platform data. Claimed ages only; risk adds likely ages. */
export async function loadOverview(db: Db, asOf = new Date()): Promise<Overview> {
  const asOfDate = asOf.toISOString().slice(0, 10);
  const [bands, [totals], reportCells] = await Promise.all([
    queryRows<{ band: AgeBand; n: number }>(
      db,
      sql`select case
            when claimed_birthdate is null then 'unknown'
            when claimed_birthdate > (${asOfDate}::date - interval '13 years') then 'under_13'
            when claimed_birthdate > (${asOfDate}::date - interval '16 years') then '13_15'
            when claimed_birthdate > (${asOfDate}::date - interval '18 years') then '16_17'
            else 'adult' end as band,
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
