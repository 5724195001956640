import { and, asc, desc, eq, gt, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '@/db/client';
import { auditLog, staff } from '@/db/schema';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { storableString } from '../validation/text';
import { appendAudit, type AuditRow } from './log';
import {
  ACTION_PATTERN,
  actionMatches,
  auditSearchVector,
  auditSubjectAccount,
  auditSubjectPredicate,
  containsPattern,
  distinctActions,
  searchQueryOf,
} from './search';

const optionalText = (max: number, label: string) =>
  storableString(label)
    .trim()
    .max(max, `${label}: at most ${max} characters`)
    .optional()
    .transform((value) => value || undefined);

/** A UTC day (YYYY-MM-DD) or minute (YYYY-MM-DDTHH:MM), as the explorer's date fields give it. */
const TIME_BOUND = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;
const timeBound = (label: string) =>
  optionalText(16, label).refine((value) => value === undefined || boundToDate(value, 'start') !== null, `${label}: a date as YYYY-MM-DD (UTC)`);

/** The start of the day or minute a bound names; with `end`, the start of the next one (bounds are inclusive). */
export function boundToDate(value: string, side: 'start' | 'end'): Date | null {
  const match = TIME_BOUND.exec(value);
  if (!match) return null;
  const [, y, m, d, hh, mm] = match;
  const start = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d), Number(hh ?? 0), Number(mm ?? 0)));
  if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== `${y}-${m}-${d}` || Number(hh ?? 0) > 23 || Number(mm ?? 0) > 59) return null;
  if (side === 'start') return start;
  return new Date(start.getTime() + (hh === undefined ? 86_400_000 : 60_000));
}

/** The explorer's action field: exact actions or families (`police.*`), separated by commas or spaces. */
export function actionPatternsOf(text: string | undefined): string[] {
  return text ? [...new Set(text.toLowerCase().split(/[\s,]+/).filter(Boolean))] : [];
}
const actionsField = optionalText(500, 'actions').refine(
  (value) => actionPatternsOf(value).length <= 20 && actionPatternsOf(value).every((pattern) => ACTION_PATTERN.test(pattern)),
  'actions: names like triage.resolve or a family like police.*, separated by commas (at most 20)',
);
const seqCursor = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional();

/** The explorer's filters: one schema for the page, the exports and the CLI. */
export const auditFilterSchema = z.object({
  /** Part of a staff member's name or email (or a system or integration actor's exact id). */
  actor: optionalText(320, 'actor'),
  /** Exactly this actor id (the staff page's links). */
  actorId: optionalText(64, 'actorId'),
  actions: actionsField,
  targetType: optionalText(64, 'targetType'),
  targetId: optionalText(200, 'targetId'),
  /** Entries about this account: the account itself and its report items. */
  account: optionalText(64, 'account'),
  from: timeBound('from'),
  to: timeBound('to'),
  /** Words in the reason and the details. */
  q: optionalText(200, 'q'),
});
export type AuditFilter = Partial<z.output<typeof auditFilterSchema>>;
export const AUDIT_FILTER_FIELDS = Object.keys(auditFilterSchema.shape) as (keyof AuditFilter)[];

/** The page's URL: the filters plus a keyset cursor (newest first; `before`/`after` a seq). */
// Strict: an export whose filter names a field the explorer does not know (a typo) is refused, never widened.
export const auditQuerySchema = auditFilterSchema.extend({ before: seqCursor, after: seqCursor }).strict().refine(
  (query) => !query.from || !query.to || boundToDate(query.from, 'start')! < boundToDate(query.to, 'end')!,
  { path: ['to'], message: 'to: the end is before the start' },
);
export type AuditQuery = Partial<z.output<typeof auditQuerySchema>>;

/**
 * `action` was the single-action filter's name before `actions`: an old link or bookmark keeps its
 * filter (on the page and in an export) instead of silently widening to the whole log.
 */
export function withCurrentFilterNames<T>(raw: Record<string, T>): Record<string, T> {
  if (raw.actions !== undefined || raw.action === undefined) return raw;
  const { action, ...rest } = raw;
  return { ...rest, actions: action };
}

/**
 * Reads the page's search parameters field by field: a field that does not parse is dropped and
 * named in `problems`, so one bad field never hides the others (nor fails the page).
 */
export function parseAuditQuery(raw: Record<string, string | string[] | undefined>): { query: AuditQuery; problems: string[] } {
  const current = withCurrentFilterNames(raw);
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const query: Record<string, unknown> = {};
  const problems: string[] = [];
  const shape = { ...auditFilterSchema.shape, before: seqCursor, after: seqCursor };
  for (const [name, schema] of Object.entries(shape)) {
    const parsed = (schema as z.ZodType).safeParse(first(current[name]));
    if (parsed.success) query[name] = parsed.data;
    else if (name !== 'before' && name !== 'after') problems.push(parsed.error.issues[0]?.message ?? `${name}: not understood`);
  }
  const whole = auditQuerySchema.safeParse(query);
  if (whole.success) return { query: whole.data, problems };
  problems.push(whole.error.issues[0]?.message ?? 'the filters do not go together');
  const { to: _to, ...rest } = query;
  return { query: rest as AuditQuery, problems };
}

/** Only the filters of a query (what a view and its exports share). */
export function filterOf(query: AuditQuery | AuditFilter): AuditFilter {
  return Object.fromEntries(AUDIT_FILTER_FIELDS.flatMap((field) => (query[field] === undefined ? [] : [[field, query[field]]]))) as AuditFilter;
}

export interface ActorMatch {
  id: string;
  email: string;
  name: string;
}

/** What the filters resolved to, shown beside the results so the admin sees what was searched. */
export interface ResolvedFilter {
  conditions: SQL[];
  /** Staff whose name or email matched `actor` (null: no actor filter). */
  actors: ActorMatch[] | null;
  /** The actions the action patterns matched (null: no action filter). */
  actions: string[] | null;
  /** Whether the text had words to search for. */
  searched: boolean;
}

/**
 * Turns the filters into conditions, each served by an index: the actor's staff ids (staff is tens
 * of rows; `audit_log_actor_idx`), actions expanded against the log's distinct actions
 * (`audit_log_action_idx`), the target (`audit_log_target_idx`), the account (`audit_log_subject_account_idx`),
 * the time range (`audit_log_at_idx`) and the words (`audit_log_search_idx`). Building block.
 */
export async function resolveAuditFilter(db: Db, filter: AuditFilter): Promise<ResolvedFilter> {
  const conditions: SQL[] = [];
  let actors: ActorMatch[] | null = null;
  if (filter.actor) {
    const pattern = containsPattern(filter.actor);
    actors = await db
      .select({ id: staff.id, email: staff.email, name: staff.name })
      .from(staff)
      .where(or(sql`lower(${staff.email}) like ${pattern}`, sql`lower(${staff.name}) like ${pattern}`))
      .orderBy(asc(staff.email))
      .limit(50);
    // A system or integration actor is named by its exact id ("bootstrap", a token's id).
    conditions.push(inArray(auditLog.actorId, [...actors.map((actor) => actor.id), filter.actor]));
  }
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));

  let actions: string[] | null = null;
  const patterns = actionPatternsOf(filter.actions);
  if (patterns.length > 0) {
    const families = patterns.filter((pattern) => pattern.endsWith('*'));
    const known = families.length > 0 ? await distinctActions(db) : [];
    actions = [...new Set([...patterns.filter((pattern) => !pattern.endsWith('*')), ...known.filter((action) => families.some((family) => actionMatches(family, action)))])].sort();
    conditions.push(actions.length > 0 ? inArray(auditLog.action, actions) : sql`false`);
  }
  if (filter.targetType) conditions.push(eq(auditLog.targetType, filter.targetType));
  if (filter.targetId) conditions.push(eq(auditLog.targetId, filter.targetId));
  if (filter.account) conditions.push(auditSubjectPredicate, sql`${auditSubjectAccount} = ${filter.account}`);
  const from = filter.from ? boundToDate(filter.from, 'start') : null;
  const until = filter.to ? boundToDate(filter.to, 'end') : null;
  if (from || until) conditions.push(...(await timeRangeConditions(db, from, until)));
  const words = filter.q ? searchQueryOf(filter.q) : null;
  if (filter.q) conditions.push(words ? sql`${auditSearchVector} @@ to_tsquery('simple'::regconfig, ${words})` : sql`false`);
  return { conditions, actors, actions, searched: words !== null };
}

/** How far a clock of another app process may have been off: entries stamped this much outside a range still count as candidates. */
const CLOCK_SLACK_MS = 60_000;

/**
 * A time range as conditions on `at` and, alongside, on seq: the first and last seq stamped in the
 * range (widened by a minute of clock slack), found with two probes of `audit_log_at_idx`. PostgreSQL
 * cannot know that `at` rises with seq, so without the seq bounds it would walk the newest entries
 * backwards looking for a range weeks ago; with them it starts where the range is. Building block.
 */
async function timeRangeConditions(db: Db, from: Date | null, until: Date | null): Promise<SQL[]> {
  const [bounds] = await queryRows<{ lo: string | number | null; hi: string | number | null }>(
    db,
    sql`select ${from ? sql`(select seq from audit_log where at >= ${new Date(from.getTime() - CLOCK_SLACK_MS).toISOString()}::timestamptz order by at, seq limit 1)` : sql`null`} as lo,
               ${until ? sql`(select seq from audit_log where at < ${new Date(until.getTime() + CLOCK_SLACK_MS).toISOString()}::timestamptz order by at desc, seq desc limit 1)` : sql`null`} as hi`,
  );
  const conditions: SQL[] = [];
  if (from) {
    if (bounds?.lo === null || bounds?.lo === undefined) return [sql`false`];
    conditions.push(gte(auditLog.seq, Number(bounds.lo)), gte(auditLog.at, from));
  }
  if (until) {
    if (bounds?.hi === null || bounds?.hi === undefined) return [sql`false`];
    conditions.push(lte(auditLog.seq, Number(bounds.hi)), lt(auditLog.at, until));
  }
  return conditions;
}

export type AuditListEntry = AuditRow & { actorName: string | null };

export interface AuditPage extends Omit<ResolvedFilter, 'conditions'> {
  entries: AuditListEntry[];
  /** Cursor for the next older page, when there is one. */
  olderThan: number | null;
  /** Cursor for the next newer page, when there is one. */
  newerThan: number | null;
}

export const AUDIT_PAGE_SIZE = 50;

/** The names of the staff members among the entries' actors (the log keeps their email as it was). Building block. */
export async function withActorNames(db: Db, entries: AuditRow[]): Promise<AuditListEntry[]> {
  const ids = [...new Set(entries.flatMap((entry) => (entry.actorType === 'staff' && entry.actorId ? [entry.actorId] : [])))];
  const names = ids.length
    ? await db
        .select({ id: staff.id, name: staff.name })
        .from(staff)
        .where(inArray(sql`${staff.id}::text`, ids))
    : [];
  const byId = new Map(names.map((row) => [row.id, row.name]));
  return entries.map((entry) => ({ ...entry, actorName: (entry.actorId && byId.get(entry.actorId)) || null }));
}

/**
 * The audit explorer (`audit:read`): one page of the entries matching the filters, newest first,
 * by keyset on seq — a page costs the same at entry 50 as at entry 5,000,000. Reading the log is
 * itself recorded, in the same transaction, with the filters used.
 */
export async function listAuditEntries(ctx: LibContext, input: AuditQuery & { pageSize?: number }): Promise<AuditPage> {
  const admin = requirePermission(ctx.actor, 'audit:read');
  const { before, after, pageSize = AUDIT_PAGE_SIZE } = input;
  const filter = filterOf(input);

  return ctx.db.transaction(async (tx) => {
    const { conditions, ...resolved } = await resolveAuditFilter(tx, filter);
    // Going back towards newer entries reads ascending from the cursor, then flips.
    const towardsNewer = after !== undefined && before === undefined;
    const rows = await tx
      .select()
      .from(auditLog)
      .where(and(...conditions, towardsNewer ? gt(auditLog.seq, after) : before !== undefined ? lt(auditLog.seq, before) : undefined))
      .orderBy(towardsNewer ? asc(auditLog.seq) : desc(auditLog.seq))
      .limit(pageSize + 1);
    const hasMore = rows.length > pageSize;
    const entries = rows.slice(0, pageSize);
    if (towardsNewer) entries.reverse();

    const first = entries[0]?.seq;
    const last = entries.at(-1)?.seq;
    const olderThan = last === undefined ? null : towardsNewer || hasMore ? last : null;
    const newerThan = first === undefined ? null : (towardsNewer ? hasMore : before !== undefined) ? first : null;

    await appendAudit(tx, {
      actor: admin,
      action: 'audit.view',
      targetType: 'audit_log',
      changes: { filters: filter, before: before ?? null, after: after ?? null, shown: entries.length },
      requestAddress: ctx.requestAddress,
    });
    return { entries: await withActorNames(tx, entries), olderThan, newerThan, ...resolved };
  });
}

/** The explorer's URL for a filter (and a cursor): the one place a link to a filtered view is built. */
export function auditViewHref(filter: AuditFilter, cursor: { before?: number; after?: number } = {}, base = '/audit'): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filterOf(filter), ...cursor })) if (value !== undefined && value !== '') params.set(key, String(value));
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}
