import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '@/db/client';
import { appendAudit } from '../audit/log';
import { can, requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { DomainError } from '../errors';
import { spreadsheetCsv } from '../spreadsheet-csv';

/**
 * Team figures per moderator and period (UTC):
 *
 * - items handled: distinct queue items the moderator decided (dismissed, resolved or escalated);
 * - median handling time: from the moderator taking the item (their latest claim of it, or its
 *   assignment to them, before the decision) to the decision; decisions on items never taken count
 *   as handled but add no time;
 * - decisions by kind: dismissed, escalated, resolved with the account action taken (or none);
 * - overturned on appeal: the moderator's account decisions in the period whose appeal was upheld
 *   for the user (overturned), whenever that happened;
 * - child-safety exposure: child-safety items handled, and child-safety review pages opened.
 *
 * A moderator sees their own figures (`team:read`); admins everyone's (`team:read_all`).
 */
export const FIGURE_PERIODS = ['day', 'week', 'month'] as const;
export type FigurePeriod = (typeof FIGURE_PERIODS)[number];

const DAY = 86_400_000;
const blank = (value: unknown) => (value === '' ? undefined : value);

export const teamFiguresSchema = z
  .object({
    from: z.preprocess(blank, z.iso.date('from: a date as YYYY-MM-DD').optional()),
    to: z.preprocess(blank, z.iso.date('to: a date as YYYY-MM-DD').optional()),
    period: z.preprocess(blank, z.enum(FIGURE_PERIODS, 'period: day, week or month').default('week')),
    staffId: z.preprocess(blank, z.uuid('staffId: not a staff id').optional()),
  })
  .refine((input) => !input.from || !input.to || input.from <= input.to, { path: ['to'], message: 'to: the end is before the start' });
export type TeamFiguresInput = z.input<typeof teamFiguresSchema>;

export interface ModeratorFigures {
  staffId: string;
  email: string | null;
  name: string | null;
  /** A period's first day (YYYY-MM-DD), or 'all' for the whole range. */
  period: string;
  itemsHandled: number;
  medianHandlingMinutes: number | null;
  decisions: Record<string, number>;
  accountDecisions: number;
  overturned: number;
  childSafetyItems: number;
  childSafetyViews: number;
}

export interface TeamFigures {
  from: string;
  to: string;
  period: FigurePeriod;
  /** Whose figures these are: everyone (admins), or the caller alone. */
  scope: 'team' | 'own';
  staffId: string | null;
  /** One row per moderator and period, oldest period first. */
  rows: ModeratorFigures[];
  /** One row per moderator over the whole range. */
  totals: ModeratorFigures[];
  decisionKinds: string[];
}

const bucketOf = (period: FigurePeriod | 'all', column: SQL): SQL =>
  period === 'all' ? sql`'all'` : sql`to_char(date_trunc(${period}, ${column} at time zone 'UTC'), 'YYYY-MM-DD')`;

async function figuresFor(db: Db, period: FigurePeriod | 'all', start: Date, until: Date, staffId: string | null): Promise<ModeratorFigures[]> {
  const bucket = (column: SQL) => bucketOf(period, column);
  const onlyActor = (column: SQL) => (staffId ? sql`and ${column} = ${staffId}` : sql``);
  const range = (column: SQL) => sql`${column} >= ${start.toISOString()}::timestamptz and ${column} < ${until.toISOString()}::timestamptz`;
  const decisions = sql`select e.actor_id, e.item_id, e.created_at, qi.lane,
          case when e.kind = 'resolved' then 'resolved: ' || coalesce(e.account_action::text, 'no action') else e.kind::text end as kind,
          (select max(c.created_at) from moderation_events c
             where c.item_id = e.item_id and c.created_at <= e.created_at
               and ((c.kind = 'claimed' and c.actor_type = 'staff' and c.actor_id = e.actor_id) or (c.kind = 'assigned' and c.details->>'assigneeId' = e.actor_id))) as taken_at
        from moderation_events e join queue_items qi on qi.id = e.item_id
        where e.actor_type = 'staff' and e.kind in ('dismissed', 'resolved', 'escalated') and ${range(sql`e.created_at`)} ${onlyActor(sql`e.actor_id`)}`;
  // One statement at a time: `db` is often a transaction, which is one connection.
  const handled = await queryRows<{ actor_id: string; period: string; items: number; median: number | null; child_items: number }>(
    db,
    sql`with d as (${decisions})
        select actor_id, ${bucket(sql`created_at`)} as period, count(distinct item_id)::int as items,
               percentile_cont(0.5) within group (order by extract(epoch from created_at - taken_at) / 60) as median,
               (count(distinct item_id) filter (where lane = 0))::int as child_items
        from d group by 1, 2`,
  );
  const kinds = await queryRows<{ actor_id: string; period: string; kind: string; n: number }>(
    db,
    sql`with d as (${decisions}) select actor_id, ${bucket(sql`created_at`)} as period, kind, count(*)::int as n from d group by 1, 2, 3`,
  );
  const overturned = await queryRows<{ actor_id: string; period: string; decisions: number; overturned: number }>(
    db,
    sql`select x.actor_id::text as actor_id, ${bucket(sql`x.created_at`)} as period, count(*)::int as decisions,
               (count(*) filter (where exists (select 1 from appeals a where a.decision_id = x.id and a.status = 'overturned')))::int as overturned
        from account_actions x
        where x.actor_id is not null and ${range(sql`x.created_at`)} ${onlyActor(sql`x.actor_id::text`)}
        group by 1, 2`,
  );
  const views = await queryRows<{ actor_id: string; period: string; n: number }>(
    db,
    sql`select l.actor_id, ${bucket(sql`l.at`)} as period, count(*)::int as n
        from audit_log l join queue_items qi on qi.id = case when l.target_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then l.target_id::uuid end
        where l.action = 'triage.item.view' and l.actor_type = 'staff' and qi.lane = 0 and ${range(sql`l.at`)} ${onlyActor(sql`l.actor_id`)}
        group by 1, 2`,
  );
  const rows = new Map<string, ModeratorFigures>();
  const row = (actorId: string, bucketName: string) => {
    const key = `${actorId}|${bucketName}`;
    let found = rows.get(key);
    if (!found) {
      found = {
        staffId: actorId,
        email: null,
        name: null,
        period: bucketName,
        itemsHandled: 0,
        medianHandlingMinutes: null,
        decisions: {},
        accountDecisions: 0,
        overturned: 0,
        childSafetyItems: 0,
        childSafetyViews: 0,
      };
      rows.set(key, found);
    }
    return found;
  };
  for (const r of handled) {
    Object.assign(row(r.actor_id, r.period), {
      itemsHandled: r.items,
      medianHandlingMinutes: r.median === null ? null : Math.round(Number(r.median) * 10) / 10,
      childSafetyItems: r.child_items,
    });
  }
  for (const r of kinds) row(r.actor_id, r.period).decisions[r.kind] = r.n;
  for (const r of overturned) Object.assign(row(r.actor_id, r.period), { accountDecisions: r.decisions, overturned: r.overturned });
  for (const r of views) row(r.actor_id, r.period).childSafetyViews = r.n;
  return [...rows.values()];
}

/**
 * Team figures over a range of UTC days (at most a year), per moderator and per day, week or month,
 * with each moderator's totals over the range. A moderator gets their own alone whatever they ask
 * for. Reading them is recorded.
 */
export async function loadTeamFigures(ctx: LibContext, input: TeamFiguresInput): Promise<TeamFigures> {
  const viewer = requirePermission(ctx.actor, 'team:read');
  const parsed = teamFiguresSchema.parse(input);
  const everyone = can(viewer.role, 'team:read_all');
  const staffId = everyone ? (parsed.staffId ?? null) : viewer.id;
  const to = parsed.to ?? ctx.now.toISOString().slice(0, 10);
  const from = parsed.from ?? new Date(Date.parse(to) - 27 * DAY).toISOString().slice(0, 10);
  const start = new Date(`${from}T00:00:00Z`);
  const until = new Date(Date.parse(`${to}T00:00:00Z`) + DAY);
  if (until.getTime() - start.getTime() > 366 * DAY) throw new DomainError('invalid_input', 'from: look at a year at most at a time');

  return ctx.db.transaction(async (tx) => {
    const rows = await figuresFor(tx, parsed.period, start, until, staffId);
    const totals = await figuresFor(tx, 'all', start, until, staffId);
    const people = await queryRows<{ id: string; email: string; name: string; role: string; active: boolean }>(tx, sql`select id::text as id, email, name, role::text as role, active from staff`);
    const byId = new Map(people.map((person) => [person.id, person]));
    // Everyone who may decide items appears in the totals, with zeros if they did nothing.
    const shown = new Set(totals.map((total) => total.staffId));
    for (const person of people) {
      const eligible = staffId ? person.id === staffId : (person.role === 'moderator' || person.role === 'admin') && person.active;
      if (eligible && !shown.has(person.id)) {
        totals.push({ staffId: person.id, email: null, name: null, period: 'all', itemsHandled: 0, medianHandlingMinutes: null, decisions: {}, accountDecisions: 0, overturned: 0, childSafetyItems: 0, childSafetyViews: 0 });
      }
    }
    const name = (figures: ModeratorFigures) => Object.assign(figures, { email: byId.get(figures.staffId)?.email ?? null, name: byId.get(figures.staffId)?.name || null });
    rows.forEach(name);
    totals.forEach(name);
    const sortKey = (figures: ModeratorFigures) => `${figures.email ?? figures.staffId}`;
    rows.sort((a, b) => a.period.localeCompare(b.period) || sortKey(a).localeCompare(sortKey(b)));
    totals.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    await appendAudit(tx, {
      actor: viewer,
      action: 'team.figures_view',
      targetType: staffId ? 'staff' : 'team',
      targetId: staffId,
      changes: { from, to, period: parsed.period },
      requestAddress: ctx.requestAddress,
    });
    const decisionKinds = [...new Set([...rows, ...totals].flatMap((figures) => Object.keys(figures.decisions)))].sort();
    return { from, to, period: parsed.period, scope: everyone ? 'team' : 'own', staffId, rows, totals, decisionKinds };
  });
}

/** The figures as CSV: one row per moderator and period, then one per moderator for the whole range (period "all"). */
export function teamFiguresCsv(figures: TeamFigures): string {
  const kinds = figures.decisionKinds;
  return spreadsheetCsv(
    [
      [
        'period',
        'staff_email',
        'staff_name',
        'items_handled',
        'median_handling_minutes',
        ...kinds.map((kind) => `decisions_${kind.replace(/[^a-z]+/g, '_').replace(/_$/, '')}`),
        'account_decisions',
        'overturned_on_appeal',
        'child_safety_items',
        'child_safety_reviews_opened',
      ],
      ...[...figures.rows, ...figures.totals].map((row) => [
        row.period,
        row.email ?? row.staffId,
        row.name ?? '',
        row.itemsHandled,
        row.medianHandlingMinutes ?? '',
        ...kinds.map((kind) => row.decisions[kind] ?? 0),
        row.accountDecisions,
        row.overturned,
        row.childSafetyItems,
        row.childSafetyViews,
      ]),
    ],
    { eof: true },
  );
}
