import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { REPORT_CATEGORIES, type ReportCategory } from '../platform/contract';
import { BUILTIN_QUEUES, CATEGORY_SEVERITY, CHILD_SAFETY_CATEGORIES } from './contract';
import { anyOf } from './sql';

/**
 * Priority is severity × risk band: a fixed number per item (1 to 50), recomputed when its reports or
 * its account's risk score change, never by the clock. The queue sorts by
 *
 *   lane (child safety first) → priority (highest first) → oldest report (longest waiting first) → id
 *
 * so a grooming report on a high-risk account (10 × 5 = 50) comes before any harassment report
 * (at most 4 × 5 = 20), however long that one has waited. Waiting time does not multiply priority:
 * it orders items of equal priority and it makes an item overdue once its queue's target passes —
 * the queue tabs count overdue items, rows are marked, and "Overdue only" lists them — so a deadline
 * escalates the wait to people, not past a more dangerous case. The order is stable from minute to
 * minute, which is what lets one index serve it (queue_items_priority_idx).
 */
export const RISK_BANDS = [
  { band: 1, from: 0, label: 'no or low risk' },
  { band: 2, from: 25, label: 'some risk' },
  { band: 3, from: 50, label: 'elevated risk' },
  { band: 4, from: 75, label: 'high risk' },
  { band: 5, from: 100, label: 'highest risk' },
] as const;

/**
 * An account's risk band from its score (lib/risk scores run from 0 to about 250): an unscored or
 * quieted account counts as band 1, each 25 points one band more, 100 or more band 5.
 */
export function riskBand(score: number | null): number {
  const clamped = Math.min(Math.max(score ?? 0, 0), 100);
  return 1 + Math.floor(clamped / 25);
}

export function riskBandSql(riskScore: SQL): SQL {
  return sql`(1 + floor(least(greatest(coalesce(${riskScore}, 0), 0), 100) / 25))::int`;
}

/** The ORDER BY of the priority sort; queue_items_priority_idx holds exactly these keys. */
export const PRIORITY_ORDER = sql.raw('lane, (-priority), oldest_report_at, id');

function severitySql(category: SQL): SQL {
  const cases = REPORT_CATEGORIES.map((name) => sql`when ${sql.raw(`'${name}'`)} then ${sql.raw(String(CATEGORY_SEVERITY[name]))}`);
  return sql`(case ${category}::text ${sql.join(cases, sql` `)} end)`;
}

const childSafetyArray = sql.raw(`array[${CHILD_SAFETY_CATEGORIES.map((name) => `'${name}'`).join(',')}]::report_category[]`);

/**
 * Building block (inside the caller's transaction): recomputes the stored aggregates and priority of the given items from the reports attached to them.
 * One statement for any number of items, so routing a large import stays set-wise.
 */
export async function refreshItems(tx: Db, itemIds: string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await queryRows(
    tx,
    sql`update queue_items qi set
          report_count = a.report_count,
          reporter_count = a.reporter_count,
          oldest_report_at = a.oldest,
          newest_report_at = a.newest,
          categories = a.categories,
          severity = a.severity,
          risk_score = a.risk_score,
          lane = case when qi.lane = 0 or qi.queue_id = ${BUILTIN_QUEUES.childSafety} or a.categories && ${childSafetyArray} then 0 else 1 end,
          priority = a.severity * ${riskBandSql(sql`a.risk_score`)}
        from (
          select qir.item_id,
                 count(*)::int as report_count,
                 count(distinct r.reporter_id)::int as reporter_count,
                 min(r.created_at) as oldest,
                 max(r.created_at) as newest,
                 array_agg(distinct r.category) as categories,
                 max(${severitySql(sql`r.category`)}) as severity,
                 max(${currentRisk(sql`qir.reported_id`)}) as risk_score
          from queue_item_reports qir
          join reports r on r.reported_id = qir.reported_id and r.report_id = qir.report_id
          where qir.item_id = ${anyOf(itemIds, 'uuid')}
          group by qir.item_id
        ) a
        where qi.id = a.item_id`,
  );
}

/** The account's current risk score, or null when unscored or quieted by a reviewer's dismissal. */
export function currentRisk(accountId: SQL): SQL {
  return sql`(select rs.score from risk_scores rs where rs.account_id = ${accountId} and not rs.quiet)`;
}

/**
 * Building block (inside the caller's transaction): after a scoring run, brings the waiting items' stored risk (and so their priority) up to date.
 * Returns how many items moved.
 */
export async function refreshWaitingRisk(tx: Db): Promise<number> {
  const changed = await queryRows<{ id: string }>(
    tx,
    sql`update queue_items qi set
          risk_score = fresh.score,
          priority = qi.severity * ${riskBandSql(sql`fresh.score`)}
        from (select q.id, ${currentRisk(sql`q.reported_id`)} as score
              from queue_items q where q.status in ('open', 'in_review', 'escalated')) fresh
        where qi.id = fresh.id and qi.risk_score is distinct from fresh.score
        returning qi.id`,
  );
  return changed.length;
}

/** The category that gives an item its severity (the most severe of its reports). */
export function leadCategory(categories: readonly ReportCategory[]): ReportCategory | null {
  return categories.reduce<ReportCategory | null>((lead, category) => (lead === null || CATEGORY_SEVERITY[category] > CATEGORY_SEVERITY[lead] ? category : lead), null);
}

/**
 * Why a row sits where it does, in one line: its lane, then severity × risk band = priority, from the
 * values the item was ranked by. Rows of equal priority follow by waiting time, which the page shows next to this.
 */
export function priorityWhy(item: { childSafety: boolean; categories: readonly ReportCategory[]; severity: number; rankedRisk: number | null; priority: number }): string {
  const lead = leadCategory(item.categories);
  const band = riskBand(item.rankedRisk);
  const risk = item.rankedRisk === null ? 'not scored' : `score ${Math.round(item.rankedRisk)}`;
  const label = RISK_BANDS[band - 1]!.label;
  return `${item.childSafety ? 'Child safety lane · ' : ''}${lead ? lead.replaceAll('_', ' ') : 'report'} ${item.severity} × ${label} ${band} (${risk}) = priority ${item.priority}`;
}
