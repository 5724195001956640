import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '@/db/client';
import { requirePermission, type Actor } from '../auth/permissions';
import type { LibContext } from '../context';
import { AGE_BANDS, claimedAgeBand, claimedAgeBandSql, type AgeBand } from '../platform/age-band';
import { REPORT_CATEGORIES, type AgeAssurance, type ReportCategory } from '../platform/contract';
import { activeHoldExists } from './holds';
import type { EscalationTarget, ItemStatus } from './contract';
import { priorityWhy } from './priority';
import { queuesFor, type Queue } from './queues';
import { anyOf } from './sql';
import { cursorTimestamp, cursorTimestampSql, decodeCursor, encodeCursor } from '../cursor';
import { DomainError } from '../errors';
import { storableString } from '../validation/text';

export const QUEUE_PAGE_SIZE = 50;
export const QUEUE_SORTS = ['priority', 'oldest', 'newest', 'reports'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** A form's "Any" (an empty select) means no filter on that field, never an unreadable one. */
const blankAsMissing = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsMissing, schema.optional());

/**
 * The queue page's URL parameters (shared by the page, the bulk workspace and this module). Every
 * message names the parameter, so a page can show it as is.
 */
export const queueViewQuery = z.object({
  queue: optional(storableString('queue').max(64, 'queue: not a queue')),
  sort: z.preprocess(blankAsMissing, z.enum(QUEUE_SORTS, 'sort: choose priority, oldest, newest or reports').default('priority')),
  category: optional(z.enum(REPORT_CATEGORIES, 'category: not a report category')),
  ageBand: optional(z.enum(AGE_BANDS, "ageBand: not an age band of the reported account")),
  assigned: z.preprocess(blankAsMissing, z.enum(['any', 'unassigned', 'mine'], 'assigned: choose any, unassigned or mine').default('any')),
  overdue: optional(z.enum(['1'], 'overdue: use 1 to show only overdue items')),
  after: optional(storableString('after').max(400, 'after: not a page link')),
});
export type QueueViewQuery = z.infer<typeof queueViewQuery>;

export interface QueueRow {
  id: string;
  reportedId: string;
  username: string | null;
  accountStatus: string | null;
  /** The risk engine's likely band when the account is scored, else the claimed one. */
  ageBand: AgeBand;
  ageBandSource: 'likely' | 'claimed';
  onHold: boolean;
  status: ItemStatus;
  childSafety: boolean;
  severity: number;
  riskScore: number | null;
  /** Severity × risk band (lib/triage/priority.ts) and, in words, why the row ranks where it does. */
  priority: number;
  why: string;
  reportCount: number;
  reporterCount: number;
  categories: ReportCategory[];
  oldestReportAt: Date;
  newestReportAt: Date;
  overdue: boolean;
  assigneeEmail: string | null;
  escalationTarget: EscalationTarget | null;
  version: number;
}

interface SortSpec {
  /** Columns of the keyset, in order; the last is always the unique id. */
  keys: SQL[];
  direction: 'asc' | 'desc';
  /** Which cursor component is a timestamp (kept as text to keep microseconds). */
  cursorTypes: ('int' | 'timestamptz' | 'uuid')[];
}

// Each sort is served by its own partial index on queue_items (see db/schema/triage.ts).
const SORTS: Record<QueueSort, SortSpec> = {
  priority: {
    keys: [sql`qi.lane`, sql`(-qi.priority)`, sql`qi.oldest_report_at`, sql`qi.id`],
    direction: 'asc',
    cursorTypes: ['int', 'int', 'timestamptz', 'uuid'],
  },
  oldest: { keys: [sql`qi.oldest_report_at`, sql`qi.id`], direction: 'asc', cursorTypes: ['timestamptz', 'uuid'] },
  newest: { keys: [sql`qi.newest_report_at`, sql`qi.id`], direction: 'desc', cursorTypes: ['timestamptz', 'uuid'] },
  reports: { keys: [sql`qi.report_count`, sql`qi.id`], direction: 'desc', cursorTypes: ['int', 'uuid'] },
};

const CURSOR_VALUE: Record<SortSpec['cursorTypes'][number], z.ZodType<string>> = {
  int: z.string().regex(/^-?\d{1,10}$/),
  timestamptz: cursorTimestamp,
  uuid: z.uuid(),
};

/** The cursor a sort's pages carry: its keys' text, each checked against its type (a cursor from another sort is refused). */
function cursorSchemaOf(spec: SortSpec): z.ZodType<string[]> {
  return z
    .array(z.string())
    .length(spec.cursorTypes.length)
    .refine((values) => values.every((value, index) => CURSOR_VALUE[spec.cursorTypes[index]!].safeParse(value).success));
}

function textOf(column: SQL, type: SortSpec['cursorTypes'][number]): SQL {
  return type === 'timestamptz' ? cursorTimestampSql(column) : sql`${column}::text`;
}

/** Active items: exactly the partial indexes' predicate, so the planner can use them. */
const ACTIVE = sql`qi.status in ('open', 'in_review', 'escalated')`;

/** The URL's filters as conditions on queue_items (qi); the age band is taken at `now`. */
export function filterConditions(queue: Queue, query: QueueViewQuery, staffId: string, now: Date): SQL[] {
  const conditions: SQL[] = [sql`qi.queue_id = ${queue.id}`, ACTIVE];
  if (query.category) conditions.push(sql`${query.category}::report_category = any(qi.categories)`);
  if (query.ageBand) {
    conditions.push(
      sql`exists (select 1 from accounts a left join risk_scores rs on rs.account_id = a.account_id
                  where a.account_id = qi.reported_id and coalesce(rs.likely_band::text, ${claimedAgeBandSql(sql`a.claimed_birthdate`, sql`a.age_assurance`, now)}) = ${query.ageBand})`,
    );
  }
  if (query.assigned === 'unassigned') conditions.push(sql`(qi.assignee_id is null or qi.lease_expires_at < now())`);
  if (query.assigned === 'mine') {
    conditions.push(sql`qi.assignee_id = ${staffId} and (qi.lease_expires_at is null or qi.lease_expires_at >= now())`);
  }
  if (query.overdue) conditions.push(sql`qi.oldest_report_at < now() - ${queue.targetMinutes}::int * interval '1 minute'`);
  return conditions;
}

/** The sort's ORDER BY clause. */
export function orderOf(sort: QueueSort): SQL {
  const spec = SORTS[sort];
  return sql.join(
    spec.keys.map((key) => sql`${key} ${sql.raw(spec.direction)}`),
    sql`, `,
  );
}

/** Building block: the queue the actor asked for among those they may see (the first one when none is named). */
export async function visibleQueue(db: Db, actor: Actor & { type: 'staff' }, queueId: string | undefined): Promise<Queue> {
  const visible = await queuesFor(db, actor);
  const queue = queueId ? visible.find((candidate) => candidate.id === queueId) : visible[0];
  if (!queue) throw new DomainError('not_found', `queue: no queue "${queueId ?? ''}" that you may see`);
  return queue;
}

/**
 * One page of a queue: one row per reported account, in the chosen sort, keyset-paginated.
 * Filters narrow the rows the sort's index yields; the page never counts or skips with OFFSET.
 */
export async function listQueue(
  ctx: LibContext,
  query: QueueViewQuery,
  pageSize = QUEUE_PAGE_SIZE,
): Promise<{ queue: Queue; rows: QueueRow[]; nextCursor: string | null }> {
  const staffActor = requirePermission(ctx.actor, 'reports:read');
  const now = ctx.now;
  const queue = await visibleQueue(ctx.db, staffActor, query.queue);
  const spec = SORTS[query.sort];
  const conditions = filterConditions(queue, query, staffActor.id, now);
  if (query.after) {
    const values = decodeCursor(query.after, cursorSchemaOf(spec));
    const typed = values.map((value, index) => sql`${value}::${sql.raw(spec.cursorTypes[index]!)}`);
    const comparison = spec.direction === 'asc' ? sql`>` : sql`<`;
    conditions.push(sql`(${sql.join(spec.keys, sql`, `)}) ${comparison} (${sql.join(typed, sql`, `)})`);
  }
  const order = orderOf(query.sort);
  const cursorColumns = sql.join(
    spec.keys.map((key, index) => textOf(key, spec.cursorTypes[index]!)),
    sql`, `,
  );

  const rows = await queryRows<{
    id: string;
    reported_id: string;
    username: string | null;
    account_status: string | null;
    claimed_birthdate: string | null;
    age_assurance: AgeAssurance | null;
    status: ItemStatus;
    lane: number;
    severity: number;
    priority: number;
    ranked_risk: number | null;
    risk_score: number | null;
    likely_band: AgeBand | null;
    on_hold: boolean;
    report_count: number;
    reporter_count: number;
    categories: ReportCategory[];
    oldest_report_at: Date;
    newest_report_at: Date;
    overdue: boolean;
    assignee_email: string | null;
    escalation_target: EscalationTarget | null;
    version: number;
    cursor: string[];
  }>(
    ctx.db,
    sql`select qi.id, qi.reported_id, a.username, a.status as account_status, a.claimed_birthdate::text as claimed_birthdate,
               a.age_assurance, qi.status, qi.lane, qi.severity, qi.priority, qi.risk_score as ranked_risk, rs.score as risk_score, rs.likely_band::text as likely_band,
               ${activeHoldExists(sql`qi.reported_id`, now)} as on_hold, qi.report_count, qi.reporter_count,
               qi.categories::text[] as categories, qi.oldest_report_at, qi.newest_report_at,
               qi.oldest_report_at < now() - ${queue.targetMinutes}::int * interval '1 minute' as overdue,
               case when qi.lease_expires_at is null or qi.lease_expires_at >= now() then s.email end as assignee_email,
               qi.escalation_target, qi.version,
               array[${cursorColumns}] as cursor
        from (
          -- The page is cut from the sort's index first, then joined: the keyset condition's row
          -- estimate is poor, and joining before the limit would join every row after the cursor.
          select qi.* from queue_items qi
          where ${sql.join(conditions, sql` and `)}
          order by ${order}
          limit ${pageSize + 1}
        ) qi
        left join accounts a on a.account_id = qi.reported_id
        left join risk_scores rs on rs.account_id = qi.reported_id and not rs.quiet
        left join staff s on s.id = qi.assignee_id
        order by ${order}`,
  );

  const hasMore = rows.length > pageSize;
  const page = hasMore ? rows.slice(0, pageSize) : rows;
  const last = page.at(-1);
  return {
    queue,
    nextCursor: hasMore && last ? encodeCursor(last.cursor) : null,
    rows: page.map((row) => ({
      id: row.id,
      reportedId: row.reported_id,
      username: row.username,
      accountStatus: row.account_status,
      ageBand: row.likely_band ?? (row.username === null ? 'unknown' : claimedAgeBand(row.claimed_birthdate, row.age_assurance ?? 'none', now)),
      ageBandSource: row.likely_band ? 'likely' : 'claimed',
      onHold: row.on_hold,
      status: row.status,
      childSafety: row.lane === 0,
      severity: row.severity,
      riskScore: row.risk_score === null ? null : Number(row.risk_score),
      priority: row.priority,
      why: priorityWhy({
        childSafety: row.lane === 0,
        categories: row.categories,
        severity: row.severity,
        rankedRisk: row.ranked_risk === null ? null : Number(row.ranked_risk),
        priority: row.priority,
      }),
      reportCount: row.report_count,
      reporterCount: row.reporter_count,
      categories: row.categories,
      oldestReportAt: new Date(row.oldest_report_at),
      newestReportAt: new Date(row.newest_report_at),
      overdue: row.overdue,
      assigneeEmail: row.assignee_email,
      escalationTarget: row.escalation_target,
      version: row.version,
    })),
  };
}

export interface QueueCount {
  queue: Queue;
  waiting: number;
  unassigned: number;
  overdue: number;
  oldestReportAt: Date | null;
}

/** Waiting, unassigned and overdue items per queue the actor may see (the queue page's tabs). */
export async function countQueues(ctx: LibContext): Promise<QueueCount[]> {
  const staffActor = requirePermission(ctx.actor, 'reports:read');
  const visible = await queuesFor(ctx.db, staffActor);
  // Per queue, one pass over the waiting items' index range (the count), and reads that stay small however
  // long the backlog: the oldest is the head of queue_items_oldest_idx; overdue is the waiting items minus
  // those reported within the queue's target (the fresh end of that index, bounded by the intake rate);
  // held reads queue_items_assignee_idx (the items someone holds).
  const rows = await queryRows<{ queue_id: string; waiting: number; fresh: number; held: number; oldest: Date | null }>(
    ctx.db,
    sql`select q.id as queue_id,
               (select count(*) from queue_items qi where qi.queue_id = q.id and ${ACTIVE})::int as waiting,
               (select count(*) from queue_items qi where qi.queue_id = q.id and ${ACTIVE}
                  and qi.oldest_report_at >= now() - q.target_minutes * interval '1 minute')::int as fresh,
               (select min(qi.oldest_report_at) from queue_items qi where qi.queue_id = q.id and ${ACTIVE}) as oldest,
               (select count(*) from queue_items qi where qi.assignee_id is not null and qi.queue_id = q.id and ${ACTIVE}
                  and (qi.lease_expires_at is null or qi.lease_expires_at >= now()))::int as held
        from queues q
        where q.id = ${anyOf(
          visible.map((queue) => queue.id),
          'text',
        )}`,
  );
  return visible.map((queue) => {
    const row = rows.find((candidate) => candidate.queue_id === queue.id);
    return {
      queue,
      waiting: row?.waiting ?? 0,
      unassigned: (row?.waiting ?? 0) - (row?.held ?? 0),
      overdue: (row?.waiting ?? 0) - (row?.fresh ?? 0),
      oldestReportAt: row?.oldest ? new Date(row.oldest) : null,
    };
  });
}
