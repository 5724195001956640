import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '@/db/client';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { accountIdParam } from '../accounts/detail';
import { AGE_BANDS, claimedAgeBandSql, isMinorSql, ageAt, type AgeBand } from '../platform/age-band';
import { DomainError } from '../errors';

/** A conversation with a message in the last this-many days, and no block either way, is still going on. */
export const STILL_IN_CONTACT_DAYS = 30;
/** As many children as one protective decision may name (lib/protection/protect-children.ts). */
export const CHILDREN_CAP = 5000;

export const reachedChildrenInput = z.object({ accountId: accountIdParam });

export interface ReachedChild {
  id: string;
  username: string | null;
  band: AgeBand;
  /** Claimed age in whole years at the view's instant (null: no birthdate). */
  age: number | null;
  adultWroteFirst: boolean;
  messagesFromAdult: number;
  messagesFromChild: number;
  mediaFromAdult: number;
  mediaFromChild: number;
  firstContactAt: Date;
  lastContactAt: Date;
  childBlockedAdult: boolean;
  adultBlockedChild: boolean;
  reportsByChild: number;
  stillInContact: boolean;
  /** Protective actions already decided for this child against this adult. */
  protectedBy: string[];
}

export interface ProtectiveDecisionSummary {
  id: string;
  actions: string[];
  children: number;
  reason: string;
  actor: string | null;
  createdAt: Date;
  events: number;
  delivered: number;
}

export interface ReachedChildren {
  adult: { id: string; username: string; band: AgeBand; riskScore: number | null; flags: string[] };
  children: ReachedChild[];
  /** Every minor reached (the list stops at CHILDREN_CAP). */
  total: number;
  decisions: ProtectiveDecisionSummary[];
}

/**
 * The children's side of an account (permission accounts:read; a sensitive view, audited): every
 * minor (claimed age band, lib/platform/age-band.ts) it has a conversation with, and what happened
 * in each — who wrote first, messages and media each way, blocks and reports, whether they are still
 * in touch, protection already decided — with the protective decisions taken for them so far.
 */
export async function viewReachedChildren(ctx: LibContext, rawInput: z.input<typeof reachedChildrenInput>): Promise<ReachedChildren> {
  const staffActor = requirePermission(ctx.actor, 'accounts:read');
  const { accountId: id } = reachedChildrenInput.parse(rawInput);
  const now = ctx.now;
  return ctx.db.transaction(async (tx) => {
    const [adult] = await queryRows<{ id: string; username: string; band: string; risk: number | null; flags: string[] | null }>(
      tx,
      sql`select a.account_id as id, a.username, ${claimedAgeBandSql(sql`a.claimed_birthdate`, sql`a.age_assurance`, now)} as band,
            (select rs.score from risk_scores rs where rs.account_id = a.account_id) as risk,
            (select array_agg(distinct f.pattern::text) from pattern_flags f where f.account_id = a.account_id) as flags
          from accounts a where a.account_id = ${id}`,
    );
    if (!adult) throw new DomainError('not_found', `No account with id ${id}.`);
    const stillSince = new Date(now.getTime() - STILL_IN_CONTACT_DAYS * 86_400_000);
    const rows = await queryRows<{
      id: string;
      username: string | null;
      birthdate: string | null;
      band: string;
      adult_first: boolean;
      from_adult: number;
      from_child: number;
      media_adult: number;
      media_child: number;
      first_contact_at: Date | string;
      last_contact_at: Date | string;
      child_blocked: boolean;
      adult_blocked: boolean;
      reports: number;
      protected_by: string[] | null;
      total: number;
    }>(
      tx,
      sql`with mine as (
            select account_hi as peer_id, c.* from contacts c where c.account_lo = ${id}
            union all
            select account_lo as peer_id, c.* from contacts c where c.account_hi = ${id}
          ),
          minors as materialized (
            select m.*, peer.username, peer.claimed_birthdate::text as birthdate,
              ${claimedAgeBandSql(sql`peer.claimed_birthdate`, sql`peer.age_assurance`, now)} as band,
              exists (select 1 from blocks b where b.blocked_id = ${id} and b.blocker_id = m.peer_id) as child_blocked,
              exists (select 1 from blocks b where b.blocked_id = m.peer_id and b.blocker_id = ${id}) as adult_blocked
            from mine m join accounts peer on peer.account_id = m.peer_id
            where ${isMinorSql(sql`peer.claimed_birthdate`, sql`peer.age_assurance`, now)}
          ),
          children as (
            select n.*, count(*) over () as total,
              row_number() over (order by (not n.child_blocked and not n.adult_blocked and n.last_contact_at >= ${stillSince.toISOString()}::timestamptz) desc,
                n.last_contact_at desc, n.peer_id) as rn
            from minors n
          ),
          -- Reports about the adult, by reporter: read once, not once per child.
          reporters as (select r.reporter_id, count(*)::int as n from reports r where r.reported_id = ${id} group by r.reporter_id)
          select k.peer_id as id, k.username, k.birthdate, k.band, k.initiator_id = ${id} as adult_first,
            case when k.initiator_id = ${id} then k.messages_from_initiator else k.messages_from_recipient end as from_adult,
            case when k.initiator_id = ${id} then k.messages_from_recipient else k.messages_from_initiator end as from_child,
            case when k.initiator_id = ${id} then k.media_from_initiator else k.media_from_recipient end as media_adult,
            case when k.initiator_id = ${id} then k.media_from_recipient else k.media_from_initiator end as media_child,
            k.first_contact_at, k.last_contact_at, k.child_blocked, k.adult_blocked,
            coalesce((select rp.n from reporters rp where rp.reporter_id = k.peer_id), 0) as reports,
            (select array_agg(distinct x.action order by x.action) from protective_decisions d cross join lateral unnest(d.actions) as x(action)
               where d.adult_account_id = ${id} and k.peer_id = any(d.child_account_ids)) as protected_by,
            k.total::int as total
          from children k where k.rn <= ${CHILDREN_CAP}
          order by k.rn`,
    );
    const decisions = await queryRows<{
      id: string;
      actions: string[];
      children: number;
      reason: string;
      email: string | null;
      created_at: Date | string;
      events: number;
      delivered: number;
    }>(
      tx,
      sql`select d.id, d.actions, cardinality(d.child_account_ids)::int as children, d.reason, s.email, d.created_at,
            (select count(*) from outbox_events o where o.source_type = 'protective_decision' and o.source_id = d.id::text)::int as events,
            (select count(*) from outbox_events o where o.source_type = 'protective_decision' and o.source_id = d.id::text and o.status = 'delivered')::int as delivered
          from protective_decisions d left join staff s on s.id = d.actor_id
          where d.adult_account_id = ${id} order by d.created_at desc limit 20`,
    );
    const children = rows.map(
      (row): ReachedChild => ({
        id: row.id,
        username: row.username,
        band: (AGE_BANDS as readonly string[]).includes(row.band) ? (row.band as AgeBand) : 'unknown',
        age: row.birthdate ? ageAt(row.birthdate, now) : null,
        adultWroteFirst: row.adult_first,
        messagesFromAdult: row.from_adult,
        messagesFromChild: row.from_child,
        mediaFromAdult: row.media_adult,
        mediaFromChild: row.media_child,
        firstContactAt: new Date(row.first_contact_at),
        lastContactAt: new Date(row.last_contact_at),
        childBlockedAdult: row.child_blocked,
        adultBlockedChild: row.adult_blocked,
        reportsByChild: row.reports,
        stillInContact: !row.child_blocked && !row.adult_blocked && new Date(row.last_contact_at) >= stillSince,
        protectedBy: row.protected_by ?? [],
      }),
    );
    const total = rows[0]?.total ?? 0;
    await appendAudit(tx, {
      actor: staffActor,
      action: 'account.children.view',
      targetType: 'account',
      targetId: id,
      changes: { children: total },
      requestAddress: ctx.requestAddress,
    });
    return {
      adult: {
        id: adult.id,
        username: adult.username,
        band: (AGE_BANDS as readonly string[]).includes(adult.band) ? (adult.band as AgeBand) : 'unknown',
        riskScore: adult.risk === null ? null : Number(adult.risk),
        flags: adult.flags ?? [],
      },
      children,
      total,
      decisions: decisions.map((d) => ({
        id: d.id,
        actions: d.actions,
        children: d.children,
        reason: d.reason,
        actor: d.email,
        createdAt: new Date(d.created_at),
        events: d.events,
        delivered: d.delivered,
      })),
    };
  });
}
