import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { REPORT_CATEGORIES } from '../platform/contract';
import { BUILTIN_QUEUES, CATEGORY_SEVERITY, CHILD_SAFETY_CATEGORIES } from './contract';
import { anyOf } from './sql';

/**
 * Priority is severity × risk × waiting time. That product grows at a different rate for every item,
 * so the order it gives changes minute by minute and cannot be stored in an index. What can be stored
 * is the moment each item's product reaches one fixed urgency threshold:
 *
 *   urgent_at = oldest report + URGENCY_MINUTES / (severity × risk factor)
 *
 * Sorting by urgent_at puts first the items that reached (or will soonest reach) the threshold, so a
 * grooming report (severity 10) outranks a spam report (severity 1) filed up to 21.6 hours earlier.
 * Child safety comes before everything through the `lane` column that leads the index; once an item
 * is in that lane (it was routed to Child safety or has a child-safety report) it stays there, escalated or not.
 */
export const URGENCY_MINUTES = 24 * 60;

/**
 * Risk scores (lib/risk) run from 0 to about 250; an unscored or quieted account counts as neutral
 * (factor 1), a score of 100 or more as the riskiest (factor 5).
 */
export function riskFactorSql(riskScore: SQL): SQL {
  return sql`(1 + least(greatest(coalesce(${riskScore}, 0), 0), 100) / 25.0)`;
}

function severitySql(category: SQL): SQL {
  const cases = REPORT_CATEGORIES.map((name) => sql`when ${sql.raw(`'${name}'`)} then ${sql.raw(String(CATEGORY_SEVERITY[name]))}`);
  return sql`(case ${category}::text ${sql.join(cases, sql` `)} end)`;
}

const childSafetyArray = sql.raw(`array[${CHILD_SAFETY_CATEGORIES.map((name) => `'${name}'`).join(',')}]::report_category[]`);

/**
 * Recomputes the stored aggregates and priority of the given items from the reports attached to them.
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
          urgent_at = a.oldest + interval '1 minute' * (${URGENCY_MINUTES}::numeric / (a.severity * ${riskFactorSql(sql`a.risk_score`)}))
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
 * After a scoring run, brings the waiting items' stored risk (and so their priority) up to date.
 * Returns how many items moved.
 */
export async function refreshWaitingRisk(tx: Db): Promise<number> {
  const changed = await queryRows<{ id: string }>(
    tx,
    sql`update queue_items qi set
          risk_score = fresh.score,
          urgent_at = qi.oldest_report_at + interval '1 minute' * (${URGENCY_MINUTES}::numeric / (qi.severity * ${riskFactorSql(sql`fresh.score`)}))
        from (select q.id, ${currentRisk(sql`q.reported_id`)} as score
              from queue_items q where q.status in ('open', 'in_review', 'escalated')) fresh
        where qi.id = fresh.id and qi.risk_score is distinct from fresh.score
        returning qi.id`,
  );
  return changed.length;
}
