import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '@/db/client';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import type { ReportCategory } from '../platform/contract';
import { countQueues, type QueueCount } from './listing';

const DAY = 24 * 60 * 60 * 1000;

/** The stats page's period, from the URL: whole UTC days, at most a year. */
export const statsQuery = z
  .object({
    from: z.iso.date('from: a date as YYYY-MM-DD').optional(),
    to: z.iso.date('to: a date as YYYY-MM-DD').optional(),
  })
  .transform((query, ctx) => {
    const today = new Date(new Date().toISOString().slice(0, 10));
    const to = query.to ? new Date(query.to) : today;
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 6 * DAY);
    if (from > to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from: must not be after to' });
    if (to.getTime() - from.getTime() > 366 * DAY) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from: the period is at most a year' });
    // `to` is inclusive: the period ends at the start of the following day.
    return { from, until: new Date(to.getTime() + DAY) };
  });
export type StatsPeriod = z.output<typeof statsQuery>;

export interface TriageStats {
  period: StatsPeriod;
  queues: QueueCount[];
  openByQueueAndCategory: { queueId: string; category: ReportCategory; items: number }[];
  actionsByModerator: { staffId: string; email: string | null; kind: string; actions: number }[];
  medianMinutesToFirstAction: number | null;
  medianMinutesToResolution: number | null;
  daily: { day: string; created: number; closed: number; medianMinutesToResolution: number | null }[];
}

/** Workload and handling times for the stats page; the period bounds actions and handling times. */
export async function loadStats(ctx: LibContext, period: StatsPeriod): Promise<TriageStats> {
  requirePermission(ctx.actor, 'reports:read');
  const { db } = ctx;
  const from = period.from.toISOString();
  const until = period.until.toISOString();
  const [queues, byCategory, byModerator, [medians], daily] = await Promise.all([
    countQueues(ctx),
    queryRows<{ queue_id: string; category: ReportCategory; items: number }>(
      db,
      sql`select queue_id, category::text as category, count(*)::int as items
          from queue_items, unnest(categories) as category
          where status in ('open', 'in_review', 'escalated')
          group by queue_id, category order by queue_id, category`,
    ),
    queryRows<{ staff_id: string; email: string | null; kind: string; actions: number }>(
      db,
      sql`select e.actor_id as staff_id, s.email, e.kind::text as kind, count(*)::int as actions
          from moderation_events e left join staff s on s.id::text = e.actor_id
          where e.actor_type = 'staff' and e.created_at >= ${from}::timestamptz and e.created_at < ${until}::timestamptz
            and e.kind in ('acknowledged', 'dismissed', 'resolved', 'escalated', 'commented')
          group by e.actor_id, s.email, e.kind order by s.email, e.kind`,
    ),
    queryRows<{ first_action: number | null; resolution: number | null }>(
      db,
      sql`select
            (select percentile_cont(0.5) within group (order by extract(epoch from first_action_at - created_at) / 60)
               from queue_items where first_action_at >= ${from}::timestamptz and first_action_at < ${until}::timestamptz) as first_action,
            (select percentile_cont(0.5) within group (order by extract(epoch from closed_at - created_at) / 60)
               from queue_items where status in ('resolved', 'dismissed')
                 and closed_at >= ${from}::timestamptz and closed_at < ${until}::timestamptz) as resolution`,
    ),
    // One range scan per measure, binned by UTC day (the period starts at midnight UTC), joined to
    // the days: a subquery per day and measure made PostgreSQL spend 20 ms planning it on every view.
    queryRows<{ day: string; created: number; closed: number; resolution: number | null }>(
      db,
      sql`with days as (
            select generate_series(${from}::timestamptz, ${until}::timestamptz - interval '1 day', interval '1 day') as day
          ),
          created as (
            select date_bin('1 day', created_at, ${from}::timestamptz) as day, count(*)::int as n
            from queue_items where created_at >= ${from}::timestamptz and created_at < ${until}::timestamptz
            group by 1
          ),
          closed as (
            select date_bin('1 day', closed_at, ${from}::timestamptz) as day, count(*)::int as n,
                   percentile_cont(0.5) within group (order by extract(epoch from closed_at - created_at) / 60) as resolution
            from queue_items where status in ('resolved', 'dismissed') and closed_at >= ${from}::timestamptz and closed_at < ${until}::timestamptz
            group by 1
          )
          select to_char(d.day at time zone 'UTC', 'YYYY-MM-DD') as day, coalesce(c.n, 0) as created, coalesce(x.n, 0) as closed, x.resolution
          from days d left join created c on c.day = d.day left join closed x on x.day = d.day
          order by d.day`,
    ),
  ]);
  const visible = new Set(queues.map((count) => count.queue.id));
  return {
    period,
    queues,
    openByQueueAndCategory: byCategory.filter((row) => visible.has(row.queue_id)).map((row) => ({ queueId: row.queue_id, category: row.category, items: row.items })),
    actionsByModerator: byModerator.map((row) => ({ staffId: row.staff_id, email: row.email, kind: row.kind, actions: row.actions })),
    medianMinutesToFirstAction: medians?.first_action === null || medians?.first_action === undefined ? null : Number(medians.first_action),
    medianMinutesToResolution: medians?.resolution === null || medians?.resolution === undefined ? null : Number(medians.resolution),
    daily: daily.map((row) => ({
      day: row.day,
      created: row.created,
      closed: row.closed,
      medianMinutesToResolution: row.resolution === null ? null : Number(row.resolution),
    })),
  };
}
