import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '@/db/client';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { decodeCursor, encodeCursor } from '../cursor';
import { DomainError } from '../errors';
import { isMinorSql } from '../platform/age-band';
import { opaqueId } from '../validation/text';
import { appendAudit } from './log';
import { auditViewHref, boundToDate } from './query';
import { auditSubjectAccount, auditSubjectPredicate } from './search';

/**
 * Access oversight: who looked at an account's data, and which looks stand out. A "view" is an
 * audit entry of one of VIEW_ACTIONS (each page that shows an account's data records one, in the
 * transaction that reads it). Each view gets its basis — what stood behind it:
 *
 * - an item: the viewer claimed, was assigned or acted on a queue item about the account, no later
 *   than an hour after the view, and the item was open or closed less than a day before it;
 * - a request: the viewer is on a police request naming the account (created it, moved it on,
 *   verified it, decided its targets, added documents, built or released a package, set a hold);
 * - a referral: the viewer made, reported or closed a referral about the account.
 *
 * What stands out: a child account (claimed minor at the end of the period looked at) viewed with
 * none of these behind it; an account under a preservation hold viewed by someone on none of its
 * active holds' requests or referrals; and a burst — one person viewing many accounts in a few
 * minutes. Each comes with a link to exactly its entries in the explorer.
 */
export const VIEW_ACTIONS = ['account.view', 'account.contacts.view', 'triage.item.view', 'risk.view'] as const;
export const VIEW_LABELS: Record<(typeof VIEW_ACTIONS)[number], string> = {
  'account.view': 'account page',
  'account.contacts.view': 'contacts',
  'triage.item.view': "reports' text (review page)",
  'risk.view': 'risk page',
};
const viewActionList = sql.raw(VIEW_ACTIONS.map((action) => `'${action}'`).join(', '));

export type AccessBasis = 'item' | 'request' | 'referral';

export interface AccessView {
  seq: number;
  at: Date;
  actorId: string;
  actorEmail: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  accountId: string;
  username: string | null;
  minor: boolean;
  held: boolean;
  heldNotOnRequest: boolean;
  basis: AccessBasis[];
}

/** The staff member `actor` (text) is on police request `request` in any role. */
function onRequestSql(request: SQL, actor: SQL): SQL {
  return sql`(exists (select 1 from police_requests pr where pr.id = ${request} and pr.created_by = ${actor})
    or exists (select 1 from police_request_events pe where pe.request_id = ${request} and pe.actor_id = ${actor})
    or exists (select 1 from police_request_verifications pv where pv.request_id = ${request} and pv.verified_by = ${actor})
    or exists (select 1 from police_request_targets pt where pt.request_id = ${request} and pt.decided_by = ${actor})
    or exists (select 1 from police_request_attachments pa where pa.request_id = ${request} and pa.uploaded_by = ${actor})
    or exists (select 1 from disclosure_packages dp where dp.request_id = ${request} and (dp.prepared_by = ${actor} or dp.released_by = ${actor}))
    or exists (select 1 from preservation_holds ph where ph.request_id = ${request} and (ph.created_by = ${actor} or ph.extended_by = ${actor} or ph.released_by = ${actor})))`;
}

function onReferralSql(referral: SQL, actor: SQL): SQL {
  return sql`exists (select 1 from referrals rf where rf.id = ${referral} and (rf.referred_by = ${actor} or rf.reported_by = ${actor} or rf.closed_by = ${actor}))`;
}

/**
 * Views (`views`: a CTE body yielding seq, at, actor_id, actor_email, actor_role, action, account)
 * with the account, its age and hold; `basis` is left empty (fillBasis fills it). Building block.
 */
async function viewRows(db: Db, views: SQL, minorAt: Date, order: SQL): Promise<AccessView[]> {
  const actor = sql`v.actor_id::uuid`;
  const holdAt = sql`h.account_id = v.account and h.starts_at <= v.at and v.at < least(h.expires_at, coalesce(h.released_at, 'infinity'::timestamptz))`;
  const rows = await queryRows<{
    seq: string | number;
    at: Date | string;
    actor_id: string;
    actor_email: string | null;
    actor_name: string | null;
    actor_role: string | null;
    action: string;
    account: string;
    username: string | null;
    minor: boolean;
    held: boolean;
    held_not_on_request: boolean;
  }>(
    db,
    sql`with v as (${views})
        select v.seq, v.at, v.actor_id, v.actor_email, s.name as actor_name, v.actor_role, v.action, v.account, a.username,
               coalesce(${isMinorSql(sql`a.claimed_birthdate`, sql`a.age_assurance`, minorAt)} and a.account_id is not null, false) as minor,
               exists (select 1 from preservation_holds h where ${holdAt}) as held,
               (exists (select 1 from preservation_holds h where ${holdAt})
                and not exists (select 1 from preservation_holds h where ${holdAt}
                        and ((h.request_id is not null and ${onRequestSql(sql`h.request_id`, actor)})
                             or (h.referral_id is not null and ${onReferralSql(sql`h.referral_id`, actor)})))) as held_not_on_request
        from v
        left join accounts a on a.account_id = v.account
        left join staff s on s.id = ${actor}
        ${order}`,
  );
  return rows.map((row) => ({
    seq: Number(row.seq),
    at: new Date(row.at),
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    actorName: row.actor_name || null,
    actorRole: row.actor_role,
    action: row.action,
    accountId: row.account,
    username: row.username,
    minor: row.minor,
    held: row.held,
    heldNotOnRequest: row.held_not_on_request,
    basis: [],
  }));
}

/**
 * Fills in what stood behind each of the given views (their `basis`), read from the audit entries
 * by seq. Building block.
 */
async function fillBasis(db: Db, views: AccessView[]): Promise<void> {
  if (views.length === 0) return;
  const actor = sql`v.actor_id::uuid`;
  const rows = await queryRows<{ seq: string | number; item_basis: boolean; request_basis: boolean; referral_basis: boolean }>(
    db,
    sql`with v as (
          select seq, at, actor_id, ${auditSubjectAccount} as account from audit_log
          where seq = any(${sql.param(views.map((view) => view.seq))}::bigint[])
        )
        select v.seq,
               exists (select 1 from moderation_events e join queue_items qi on qi.id = e.item_id
                       where e.reported_id = v.account
                         and ((e.kind = 'assigned' and e.details->>'assigneeId' = v.actor_id)
                              or (e.actor_type = 'staff' and e.actor_id = v.actor_id
                                  and e.kind in ('claimed', 'acknowledged', 'dismissed', 'resolved', 'escalated', 'commented')))
                         and e.created_at <= v.at + interval '1 hour'
                         and (qi.closed_at is null or qi.closed_at >= v.at - interval '1 day')) as item_basis,
               exists (select 1 from police_request_targets t where t.account_id = v.account and ${onRequestSql(sql`t.request_id`, actor)}) as request_basis,
               exists (select 1 from referrals r where r.account_id = v.account
                       and (r.referred_by = ${actor} or r.reported_by = ${actor} or r.closed_by = ${actor})) as referral_basis
        from v`,
  );
  const bySeq = new Map(rows.map((row) => [Number(row.seq), row]));
  for (const view of views) {
    const row = bySeq.get(view.seq);
    view.basis = row
      ? [...(row.item_basis ? ['item' as const] : []), ...(row.request_basis ? ['request' as const] : []), ...(row.referral_basis ? ['referral' as const] : [])]
      : [];
  }
}

const viewColumns = sql`seq, at, actor_id, actor_email, actor_role, action, ${auditSubjectAccount} as account`;

export const ACCOUNT_ACCESS_PAGE_SIZE = 100;
const accessCursor = z.tuple([z.number().int().positive()]);

/**
 * Who viewed one account's data (`audit:read`): its page, its contacts, its reports' text, its risk
 * page — when, and what stood behind each view — newest first, by keyset on seq
 * (`audit_log_subject_account_idx`). Reading it is recorded against the account.
 */
export async function loadAccountAccess(
  ctx: LibContext,
  input: { accountId: string; cursor?: string },
): Promise<{ views: AccessView[]; nextCursor: string | null; viewers: { actorId: string; actorEmail: string | null; actorName: string | null; views: number; last: Date }[] }> {
  const admin = requirePermission(ctx.actor, 'audit:read');
  const accountId = opaqueId(64, 'account').parse(input.accountId);
  const before = input.cursor ? decodeCursor(input.cursor, accessCursor)[0] : null;
  return ctx.db.transaction(async (tx) => {
    const views = await viewRows(
      tx,
      sql`select ${viewColumns} from audit_log
          where ${auditSubjectPredicate} and ${auditSubjectAccount} = ${accountId}
            and action in (${viewActionList}) and actor_type = 'staff'
            ${before ? sql`and seq < ${before}` : sql``}
          order by seq desc limit ${ACCOUNT_ACCESS_PAGE_SIZE + 1}`,
      ctx.now,
      sql`order by v.seq desc`,
    );
    await fillBasis(tx, views);
    const viewers = await queryRows<{ actor_id: string; actor_email: string | null; actor_name: string | null; views: number; last: Date | string }>(
      tx,
      sql`select l.actor_id, max(l.actor_email) as actor_email, max(s.name) as actor_name, count(*)::int as views, max(l.at) as last
          from audit_log l left join staff s on s.id::text = l.actor_id
          where (l.target_type = 'account' or l.changes ? 'reportedId')
            and (case when l.target_type = 'account' then l.target_id else l.changes->>'reportedId' end) = ${accountId}
            and l.action in (${viewActionList}) and l.actor_type = 'staff'
          group by l.actor_id order by max(l.at) desc`,
    );
    await appendAudit(tx, {
      actor: admin,
      action: 'audit.access_view',
      targetType: 'account',
      targetId: accountId,
      changes: before ? { before } : {},
      requestAddress: ctx.requestAddress,
    });
    const page = views.slice(0, ACCOUNT_ACCESS_PAGE_SIZE);
    return {
      views: page,
      nextCursor: views.length > ACCOUNT_ACCESS_PAGE_SIZE ? encodeCursor([page.at(-1)!.seq]) : null,
      viewers: viewers.map((row) => ({ actorId: row.actor_id, actorEmail: row.actor_email, actorName: row.actor_name || null, views: row.views, last: new Date(row.last) })),
    };
  });
}

const DAY = 86_400_000;
const blank = (value: unknown) => (value === '' ? undefined : value);

/** The oversight page's question: a period of UTC days (at most 31) and what counts as a burst. */
export const unusualAccessSchema = z
  .object({
    from: z.preprocess(blank, z.iso.date('from: a date as YYYY-MM-DD').optional()),
    to: z.preprocess(blank, z.iso.date('to: a date as YYYY-MM-DD').optional()),
    burstAccounts: z.preprocess(blank, z.coerce.number('burstAccounts: a number').int().min(2).max(1000).default(20)),
    burstMinutes: z.preprocess(blank, z.coerce.number('burstMinutes: a number').int().min(1).max(24 * 60).default(10)),
  })
  .refine((input) => !input.from || !input.to || input.from <= input.to, { path: ['to'], message: 'to: the end is before the start' });
export type UnusualAccessInput = z.input<typeof unusualAccessSchema>;

export interface AccessFlagGroup {
  kind: 'child_without_basis' | 'held_not_on_request';
  actorId: string;
  actorEmail: string | null;
  actorName: string | null;
  actorRole: string | null;
  accountId: string;
  username: string | null;
  views: number;
  first: Date;
  last: Date;
  actions: string[];
  /** What stood behind the views (for held accounts: an item may explain a look, not the hold). */
  basis: AccessBasis[];
  seqs: number[];
  href: string;
}

export interface AccessBurst {
  actorId: string;
  actorEmail: string | null;
  actorName: string | null;
  accounts: number;
  views: number;
  start: Date;
  end: Date;
  /** Accounts among them with nothing behind the view. */
  withoutBasis: number;
  href: string;
}

export interface UnusualAccess {
  from: string;
  to: string;
  burstAccounts: number;
  burstMinutes: number;
  viewsScanned: number;
  flags: AccessFlagGroup[];
  bursts: AccessBurst[];
}

/** The most views one oversight question reads; a longer period must be narrowed. */
export const UNUSUAL_ACCESS_MAX_VIEWS = 500_000;

const minute = (at: Date) => at.toISOString().slice(0, 16);

/** A period's views by one person, in time order, cut into bursts: ≥ `accounts` distinct accounts within `minutes`. Pure. */
export function findBursts(views: Pick<AccessView, 'at' | 'accountId' | 'basis'>[], accounts: number, minutes: number): { start: Date; end: Date; accounts: number; views: number; withoutBasis: number }[] {
  const windowMs = minutes * 60_000;
  const bursts: { start: Date; end: Date; accounts: number; views: number; withoutBasis: number }[] = [];
  const counts = new Map<string, number>();
  let left = 0;
  let current: { startIndex: number; endIndex: number } | null = null;
  const close = () => {
    if (!current) return;
    const inside = views.slice(current.startIndex, current.endIndex + 1);
    const distinct = new Set(inside.map((view) => view.accountId));
    const bare = new Set(inside.filter((view) => view.basis.length === 0).map((view) => view.accountId));
    bursts.push({ start: inside[0]!.at, end: inside.at(-1)!.at, accounts: distinct.size, views: inside.length, withoutBasis: bare.size });
    current = null;
  };
  for (let right = 0; right < views.length; right++) {
    const view = views[right]!;
    counts.set(view.accountId, (counts.get(view.accountId) ?? 0) + 1);
    while (view.at.getTime() - views[left]!.at.getTime() > windowMs) {
      const gone = views[left]!.accountId;
      const remaining = counts.get(gone)! - 1;
      if (remaining === 0) counts.delete(gone);
      else counts.set(gone, remaining);
      left += 1;
    }
    if (counts.size >= accounts) {
      if (current && left <= current.endIndex) current.endIndex = right;
      else {
        close();
        current = { startIndex: left, endIndex: right };
      }
    }
  }
  close();
  return bursts;
}

/**
 * Access that stands out over a period, across staff (`audit:read`): child accounts viewed with
 * nothing behind the view, held accounts viewed by staff on none of the holds' requests, and bursts
 * of views — each grouped and linked to exactly its entries in the explorer. Reading it is recorded.
 */
export async function findUnusualAccess(ctx: LibContext, input: UnusualAccessInput): Promise<UnusualAccess> {
  const admin = requirePermission(ctx.actor, 'audit:read');
  const parsed = unusualAccessSchema.parse(input);
  const to = parsed.to ?? ctx.now.toISOString().slice(0, 10);
  const from = parsed.from ?? new Date(Date.parse(to) - 6 * DAY).toISOString().slice(0, 10);
  const start = boundToDate(from, 'start')!;
  const until = boundToDate(to, 'end')!;
  if (until.getTime() - start.getTime() > 31 * DAY) throw new DomainError('invalid_input', 'from: look at 31 days at most at a time');
  if (until <= start) throw new DomainError('invalid_input', 'to: the end is before the start');

  return ctx.db.transaction(async (tx) => {
    // One pass over tens of thousands of views: PostgreSQL's JIT would spend seconds compiling it.
    await tx.execute(sql`set local jit = off`);
    const views = await viewRows(
      tx,
      sql`select ${viewColumns} from audit_log
          where at >= ${start} and at < ${until} and action in (${viewActionList}) and actor_type = 'staff' and ${auditSubjectPredicate}
          limit ${UNUSUAL_ACCESS_MAX_VIEWS + 1}`,
      until,
      sql`order by v.actor_id, v.at, v.seq`,
    );
    if (views.length > UNUSUAL_ACCESS_MAX_VIEWS) throw new DomainError('payload_too_large', 'Too many views in this period: look at fewer days.');
    const byActor = new Map<string, AccessView[]>();
    for (const view of views) {
      const own = byActor.get(view.actorId);
      if (own) own.push(view);
      else byActor.set(view.actorId, [view]);
    }
    // Only some views are asked what stood behind them: a child's, a held account's, and those inside
    // a burst (which counts its accounts viewed with nothing behind them). Most views are none of
    // these, and each check probes the events, requests and referrals behind the account.
    const asked = new Set<AccessView>(views.filter((view) => view.minor || view.held));
    for (const own of byActor.values()) {
      // Bursts come in time order, as the views do: one walk over the views, not one per burst.
      let next = 0;
      for (const burst of findBursts(own, parsed.burstAccounts, parsed.burstMinutes)) {
        while (next < own.length && own[next]!.at < burst.start) next += 1;
        for (let i = next; i < own.length && own[i]!.at <= burst.end; i += 1) asked.add(own[i]!);
      }
    }
    await fillBasis(tx, [...asked]);

    const explorer = (actorId: string, extra: { account?: string; from?: string; to?: string }) =>
      auditViewHref({ actorId, actions: VIEW_ACTIONS.join(','), from: extra.from ?? from, to: extra.to ?? to, ...(extra.account ? { account: extra.account } : {}) });

    const groups = new Map<string, AccessFlagGroup>();
    const flag = (kind: AccessFlagGroup['kind'], view: AccessView) => {
      const key = `${kind}|${view.actorId}|${view.accountId}`;
      const group = groups.get(key) ?? {
        kind,
        actorId: view.actorId,
        actorEmail: view.actorEmail,
        actorName: view.actorName,
        actorRole: view.actorRole,
        accountId: view.accountId,
        username: view.username,
        views: 0,
        first: view.at,
        last: view.at,
        actions: [],
        basis: [],
        seqs: [],
        href: explorer(view.actorId, { account: view.accountId }),
      };
      group.views += 1;
      group.last = view.at;
      if (!group.actions.includes(view.action)) group.actions.push(view.action);
      for (const basis of view.basis) if (!group.basis.includes(basis)) group.basis.push(basis);
      if (group.seqs.length < 20) group.seqs.push(view.seq);
      groups.set(key, group);
    };
    for (const view of views) {
      if (view.minor && view.basis.length === 0) flag('child_without_basis', view);
      if (view.heldNotOnRequest) flag('held_not_on_request', view);
    }

    const bursts: AccessBurst[] = [];
    for (const [actorId, own] of byActor) {
      for (const burst of findBursts(own, parsed.burstAccounts, parsed.burstMinutes)) {
        bursts.push({
          actorId,
          actorEmail: own[0]!.actorEmail,
          actorName: own[0]!.actorName,
          ...burst,
          href: explorer(actorId, { from: minute(burst.start), to: minute(burst.end) }),
        });
      }
    }

    await appendAudit(tx, {
      actor: admin,
      action: 'audit.access_review',
      targetType: 'audit_log',
      changes: { from, to, burstAccounts: parsed.burstAccounts, burstMinutes: parsed.burstMinutes, flagged: groups.size, bursts: bursts.length },
      requestAddress: ctx.requestAddress,
    });
    const flags = [...groups.values()].sort((a, b) => b.last.getTime() - a.last.getTime());
    bursts.sort((a, b) => b.start.getTime() - a.start.getTime());
    return { from, to, burstAccounts: parsed.burstAccounts, burstMinutes: parsed.burstMinutes, viewsScanned: views.length, flags, bursts };
  });
}
