import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { appendAudit } from '../audit/log';
import { requirePermission, type Actor } from '../auth/permissions';
import type { LibContext } from '../context';
import type { AgeAssurance, ReportCategory, ReportSource } from '../platform/contract';
import { claimedAgeBand, isMinorSql } from '../platform/age-band';
import { evadesChildSafetyBanSql } from '../risk/ban-evasion';
import { BUILTIN_QUEUES, type ItemStatus } from './contract';
import { recordEvents, type NewEvent } from './events';
import { filterMatches, type ReportFacts } from './filter';
import { currentRisk, refreshItems, refreshWaitingRisk } from './priority';
import { activeHoldExists } from './holds';
import { queuesInOrder, type Queue } from './queues';
import { anyOf } from './sql';

export interface ReportKey {
  reportedId: string;
  reportId: string;
}

export interface RoutingResult {
  routed: number;
  itemsCreated: number;
  itemsJoined: number;
  byQueue: Record<string, number>;
  /** Waiting items whose priority changed because their account's risk score did (routeWaitingReports only). */
  reprioritised?: number;
}

interface FactRow {
  reported_id: string;
  report_id: string;
  category: ReportCategory;
  source: ReportSource;
  reported_birthdate: string | null;
  reported_assurance: AgeAssurance | null;
  reporter_birthdate: string | null;
  reporter_assurance: AgeAssurance | null;
  has_reporter: boolean;
  contacts_minors: boolean;
  escalated: boolean;
  risk: number | null;
  has_hold: boolean;
  ban_evasion: boolean;
}

/**
 * What routing needs to know about each open, not yet queued report from `source` (a relation with
 * reported_id and report_id), computed set-wise. "Contacted minors" means the reported account
 * started a conversation with an account that claims, or was checked, to be under 18.
 */
async function loadFacts(tx: Db, source: SQL, now: Date): Promise<FactRow[]> {
  return queryRows<FactRow>(
    tx,
    sql`select r.reported_id, r.report_id, r.category, r.source,
               ra.claimed_birthdate::text as reported_birthdate, ra.age_assurance as reported_assurance,
               pa.claimed_birthdate::text as reporter_birthdate, pa.age_assurance as reporter_assurance,
               r.reporter_id is not null as has_reporter,
               exists (
                 select 1 from contacts c join accounts m on m.account_id = c.recipient_id
                 where (c.account_lo = r.reported_id or c.account_hi = r.reported_id)
                   and c.initiator_id = r.reported_id
                   and ${isMinorSql(sql`m.claimed_birthdate`, sql`m.age_assurance`, now)}
               ) as contacts_minors,
               exists (
                 select 1 from queue_items qi
                 where qi.reported_id = r.reported_id and qi.queue_id = ${BUILTIN_QUEUES.escalated}
                   and qi.status in ('open', 'in_review', 'escalated')
               ) as escalated,
               ${currentRisk(sql`r.reported_id`)} as risk,
               ${activeHoldExists(sql`r.reported_id`, now)} as has_hold,
               ${evadesChildSafetyBanSql(sql`r.reported_id`)} as ban_evasion
        from (${source}) k
        join reports r on r.reported_id = k.reported_id and r.report_id = k.report_id
        left join accounts ra on ra.account_id = r.reported_id
        left join accounts pa on pa.account_id = r.reporter_id
        where r.status = 'open'
          and not exists (select 1 from queue_item_reports q where q.reported_id = r.reported_id and q.report_id = r.report_id)`,
  );
}

function factsOf(row: FactRow, now: Date): ReportFacts {
  return {
    category: row.category,
    source: row.source,
    reportedAgeBand: claimedAgeBand(row.reported_birthdate, row.reported_assurance ?? 'none', now),
    reporterAgeBand: row.has_reporter ? claimedAgeBand(row.reporter_birthdate, row.reporter_assurance ?? 'none', now) : null,
    reportedContactsMinors: row.contacts_minors,
    risk: row.risk === null ? null : Number(row.risk),
    hasHold: row.has_hold,
    escalated: row.escalated,
    banEvasion: row.ban_evasion,
  };
}

export function chooseQueue(queues: Queue[], facts: ReportFacts): Queue {
  const queue = queues.find((candidate) => filterMatches(candidate.filter, facts));
  // The catch-all matches everything; reaching here means the built-in queues were tampered with.
  if (!queue) throw new Error('no queue matches this report: the "Everything else" queue is missing');
  return queue;
}

const CHUNK = 1000;
const LINK_CHUNK = 5000;

/** Places facts-loaded reports into their queues' waiting items, creating items where needed. */
async function placeReports(tx: Db, actor: Actor, rows: FactRow[], now: Date): Promise<RoutingResult> {
  const result: RoutingResult = { routed: rows.length, itemsCreated: 0, itemsJoined: 0, byQueue: {} };
  if (rows.length === 0) return result;
  const queues = await queuesInOrder(tx);
  const groups = new Map<string, { queueId: string; reportedId: string; reportIds: string[] }>();
  for (const row of rows) {
    const queue = chooseQueue(queues, factsOf(row, now));
    const key = `${queue.id}\u0000${row.reported_id}`;
    const group = groups.get(key) ?? { queueId: queue.id, reportedId: row.reported_id, reportIds: [] };
    group.reportIds.push(row.report_id);
    groups.set(key, group);
    result.byQueue[queue.id] = (result.byQueue[queue.id] ?? 0) + 1;
  }

  const all = [...groups.values()];
  const events: NewEvent[] = [];
  const touched: string[] = [];
  const links: { reported_id: string; report_id: string; item_id: string }[] = [];
  for (let start = 0; start < all.length; start += CHUNK) {
    const chunk = all.slice(start, start + CHUNK);
    // Placeholders for the aggregates; refreshItems computes the real ones from the attached reports.
    // Joining an existing waiting item bumps its version: a reviewer who loaded it has not seen the new report.
    // One JSON parameter per chunk: set-wise on the server, no per-value parameter handling.
    const upserted = await queryRows<{ id: string; queue_id: string; reported_id: string; status: ItemStatus; created: boolean }>(
      tx,
      sql`insert into queue_items (queue_id, reported_id, status, lane, severity, priority, oldest_report_at, newest_report_at,
                                   report_count, reporter_count, categories)
          select g.queue_id, g.reported_id,
                 (case when g.queue_id = ${BUILTIN_QUEUES.escalated} then 'escalated' else 'open' end)::queue_item_status,
                 1, 1, 1, now(), now(), 0, 0, '{}'
          from jsonb_to_recordset(${JSON.stringify(chunk.map((group) => ({ queue_id: group.queueId, reported_id: group.reportedId })))}::jsonb)
               as g(queue_id text, reported_id text)
          on conflict (queue_id, reported_id) where status in ('open', 'in_review', 'escalated')
          do update set version = queue_items.version + 1
          returning id, queue_id, reported_id, status, (xmax = 0) as created`,
    );
    for (const item of upserted) {
      const group = groups.get(`${item.queue_id}\u0000${item.reported_id}`)!;
      touched.push(item.id);
      if (item.created) result.itemsCreated += 1;
      else result.itemsJoined += 1;
      events.push({
        itemId: item.id,
        reportedId: item.reported_id,
        kind: item.created ? 'created' : 'reports_added',
        toStatus: item.status,
        details: { queueId: item.queue_id, reportIds: group.reportIds },
      });
      for (const reportId of group.reportIds) links.push({ reported_id: item.reported_id, report_id: reportId, item_id: item.id });
    }
  }
  for (let start = 0; start < links.length; start += LINK_CHUNK) {
    await queryRows(
      tx,
      sql`insert into queue_item_reports (reported_id, report_id, item_id)
          select l.reported_id, l.report_id, l.item_id
          from jsonb_to_recordset(${JSON.stringify(links.slice(start, start + LINK_CHUNK))}::jsonb) as l(reported_id text, report_id text, item_id uuid)`,
    );
  }
  await refreshItems(tx, touched);
  // A report that joins an item already under review or escalated takes the item's status.
  await queryRows(
    tx,
    sql`update reports r set status = qi.status::text::report_status
        from queue_item_reports q join queue_items qi on qi.id = q.item_id
        where q.item_id = ${anyOf(touched, 'uuid')}
          and r.reported_id = q.reported_id and r.report_id = q.report_id
          and qi.status <> 'open' and r.status = 'open'`,
  );
  await recordEvents(tx, actor, events);
  return result;
}

/**
 * Building block: routes the given reports, judging ages and holds at `now` (inside the caller's
 * transaction; the caller checked its permission and writes the audit entry).
 */
export async function routeReports(tx: Db, actor: Actor, keys: ReportKey[], now: Date): Promise<RoutingResult> {
  if (keys.length === 0) return placeReports(tx, actor, [], now);
  // Placing a report checks its item's key (a foreign key) with a plan the connection keeps from its first
  // check, made for queue_items' size then; PostgreSQL makes a new one only after the table is analysed.
  // Without autovacuum (PGlite never runs it) a plan made while the table was small scanned every item
  // for each report placed: routing 320,000 reports went quadratic (docs/performance.md). Forget the kept
  // plans, so the checks are planned for the table as it is now.
  await tx.execute(sql`discard plans`);
  const source = sql`select * from jsonb_to_recordset(${JSON.stringify(
    keys.map((key) => ({ reported_id: key.reportedId, report_id: key.reportId })),
  )}::jsonb) as k(reported_id text, report_id text)`;
  return placeReports(tx, actor, await loadFacts(tx, source, now), now);
}

/**
 * Routes every open report that is in no queue yet (after a CSV import, say), in batches walked by
 * the reports' key; each batch is one transaction with one audit entry. Then re-prioritises the
 * waiting items whose account's risk score changed (after `lookout score`), with one more entry.
 * An import-level job: admins.
 */
export async function routeWaitingReports(ctx: LibContext, options: { batchSize?: number } = {}): Promise<RoutingResult> {
  const actor = requirePermission(ctx.actor, 'platform:import');
  const { db } = ctx;
  const batchSize = options.batchSize ?? 2000;
  const total: RoutingResult = { routed: 0, itemsCreated: 0, itemsJoined: 0, byQueue: {} };
  let after: ReportKey | null = null;
  for (;;) {
    const cursor: ReportKey | null = after;
    const batch = await db.transaction(async (tx): Promise<{ result: RoutingResult; last: ReportKey } | null> => {
      // The cursor is the last key in PostgreSQL's own order (collation included), so no report is skipped.
      const keys = await queryRows<{ reported_id: string; report_id: string }>(
        tx,
        sql`select r.reported_id, r.report_id from reports r
            where r.status = 'open'
              ${cursor ? sql`and (r.reported_id, r.report_id) > (${cursor.reportedId}, ${cursor.reportId})` : sql``}
              and not exists (select 1 from queue_item_reports q where q.reported_id = r.reported_id and q.report_id = r.report_id)
            order by r.reported_id, r.report_id
            limit ${batchSize}`,
      );
      const last = keys.at(-1);
      if (!last) return null;
      const result = await routeReports(
        tx,
        actor,
        keys.map((key) => ({ reportedId: key.reported_id, reportId: key.report_id })),
        ctx.now,
      );
      await appendAudit(tx, {
        actor,
        action: 'triage.route',
        targetType: 'reports',
        changes: { routed: result.routed, itemsCreated: result.itemsCreated, itemsJoined: result.itemsJoined, byQueue: result.byQueue },
        requestAddress: ctx.requestAddress,
      });
      return { result, last: { reportedId: last.reported_id, reportId: last.report_id } };
    });
    if (!batch) {
      total.reprioritised = await db.transaction(async (tx) => {
        const moved = await refreshWaitingRisk(tx);
        if (moved) {
          await appendAudit(tx, { actor, action: 'triage.reprioritise', targetType: 'queue_items', changes: { items: moved }, requestAddress: ctx.requestAddress });
        }
        return moved;
      });
      return total;
    }
    total.routed += batch.result.routed;
    total.itemsCreated += batch.result.itemsCreated;
    total.itemsJoined += batch.result.itemsJoined;
    for (const [queueId, count] of Object.entries(batch.result.byQueue)) total.byQueue[queueId] = (total.byQueue[queueId] ?? 0) + count;
    after = batch.last;
  }
}
