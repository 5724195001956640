import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { AGE_BANDS, claimedAgeBandSql, type AgeBand } from '../platform/age-band';
import { REPORT_CATEGORIES, REPORT_STATUS, type ReportCategory, type ReportStatus } from '../platform/contract';

export interface Overview {
  asOf: Date;
  /** When these figures were counted: at most OVERVIEW_RECOUNT_MS before `asOf`, on the same UTC day. */
  countedAt: Date;
  accounts: number;
  accountsByAgeBand: Record<AgeBand, number>;
  conversations: number;
  blocks: number;
  reports: number;
  reportsByCategoryAndStatus: Record<ReportCategory, Record<ReportStatus, number>>;
}

/**
 * How long one count of the platform is shown again. Counting every account's age band and two
 * million conversations took ~0.4 s a view at 200,000 accounts (docs/performance.md, "Pages"), and
 * the figures only move with an import; the page says when they were counted.
 */
export const OVERVIEW_RECOUNT_MS = 5 * 60_000;

interface Counted {
  day: string;
  countedAt: Date;
  figures: Promise<Omit<Overview, 'asOf'>>;
}

// Per database handle and process: views arriving while a count runs wait for that count instead of
// starting their own. Ages are whole years to the UTC date, so a new day always counts afresh.
const lastCount = new WeakMap<Db, Counted>();

/**
 * Headline figures of the imported platform data as of the context's clock (counted again once they
 * are OVERVIEW_RECOUNT_MS old or from another day). Claimed ages only; risk adds likely ages.
 */
export async function loadOverview(ctx: LibContext): Promise<Overview> {
  requirePermission(ctx.actor, 'overview:read');
  const { db, now: asOf } = ctx;
  const day = asOf.toISOString().slice(0, 10);
  const previous = lastCount.get(db);
  const age = previous ? asOf.getTime() - previous.countedAt.getTime() : Infinity;
  if (previous && previous.day === day && age >= 0 && age < OVERVIEW_RECOUNT_MS) return { asOf, ...(await previous.figures) };
  const counting: Counted = { day, countedAt: asOf, figures: countPlatform(db, asOf) };
  lastCount.set(db, counting);
  try {
    return { asOf, ...(await counting.figures) };
  } catch (error) {
    if (lastCount.get(db) === counting) lastCount.delete(db);
    throw error;
  }
}

/** Building block: one full count of the platform tables at `asOf`. */
async function countPlatform(db: Db, asOf: Date): Promise<Omit<Overview, 'asOf'>> {
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
    countedAt: asOf,
    accounts: bands.reduce((sum, row) => sum + row.n, 0),
    accountsByAgeBand,
    conversations: totals?.conversations ?? 0,
    blocks: totals?.blocks ?? 0,
    reports: reportCells.reduce((sum, row) => sum + row.n, 0),
    reportsByCategoryAndStatus,
  };
}
