import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '@/db/client';
import { appendAudit } from '../audit/log';
import { can, requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { accountIdParam } from '../accounts/detail';
import { AGE_BANDS, claimedAgeBandSql, isMinorSql, type AgeBand } from '../platform/age-band';
import { DomainError } from '../errors';

/** The children looked at: the most recent this-many minors the account reached. */
export const SECOND_HOP_CHILD_CAP = 500;
/** Each child's conversations read, at most (a child with more is read only this far). */
export const SECOND_HOP_PER_CHILD = 1000;

export const secondHopInput = z.object({
  accountId: accountIdParam,
  /** An account must reach at least this many of the same children to be listed. */
  minShared: z.number().int().min(1).max(100).default(2),
  childCap: z.number().int().min(1).max(SECOND_HOP_CHILD_CAP).default(SECOND_HOP_CHILD_CAP),
  perChild: z.number().int().min(1).max(10_000).default(SECOND_HOP_PER_CHILD),
  limit: z.number().int().min(1).max(200).default(50),
});

export interface SecondHopAccount {
  id: string;
  username: string | null;
  band: AgeBand;
  riskScore: number | null;
  /** How many of the account's children it also talks to, and to how many of them it wrote first. */
  sharedChildren: number;
  wroteFirstTo: number;
  /** On the same device cluster as the account (a sock puppet, or a shared phone). */
  sameDevice: boolean;
}

export interface SecondHop {
  accounts: SecondHopAccount[];
  /** The children looked at, and whether the cap left some out. */
  children: number;
  childrenCapped: boolean;
  limits: { minShared: number; childCap: number; perChild: number; limit: number };
}

/**
 * "Other adults who write to these children" (permission accounts:read; a sensitive view, audited):
 * accounts that are not minors and talk to several of the minors this account reached — rings, sock
 * puppets, accounts sharing its device — ranked by how many children they share with it, then by how
 * many of those they wrote to first, then by risk. Capped at every step: the most recent `childCap`
 * children, `perChild` conversations of each (both halves of the contacts key, index range scans),
 * and `limit` accounts.
 */
export async function viewSecondHop(ctx: LibContext, rawInput: z.input<typeof secondHopInput>): Promise<SecondHop> {
  const staffActor = requirePermission(ctx.actor, 'accounts:read');
  const input = secondHopInput.parse(rawInput);
  const id = input.accountId;
  const now = ctx.now;
  const withRisk = can(staffActor.role, 'risk:read');
  const minor = (alias: string) => isMinorSql(sql.raw(`${alias}.claimed_birthdate`), sql.raw(`${alias}.age_assurance`), now);
  return ctx.db.transaction(async (tx) => {
    const [account] = await queryRows<{ device_cluster: string | null }>(tx, sql`select device_cluster from accounts where account_id = ${id}`);
    if (!account) throw new DomainError('not_found', `No account with id ${id}.`);
    const kids = await queryRows<{ child_id: string }>(
      tx,
      sql`select m.child_id from (
            select account_hi as child_id, last_contact_at from contacts c where c.account_lo = ${id}
            union all
            select account_lo as child_id, last_contact_at from contacts c where c.account_hi = ${id}
          ) m join accounts child on child.account_id = m.child_id
          where ${minor('child')}
          order by m.last_contact_at desc, m.child_id
          limit ${input.childCap + 1}`,
    );
    const kept = kids.slice(0, input.childCap).map((row) => row.child_id);
    const rows = kept.length
      ? await queryRows<{ id: string; username: string | null; band: string; risk: number | null; shared: number; wrote_first: number; same_device: boolean }>(
          tx,
          sql`with kept as materialized (select value as child_id from json_array_elements_text(${JSON.stringify(kept)}::json)),
          reach as materialized (
            select k.child_id, o.other_id, o.initiator_id = o.other_id as other_first
            from kept k cross join lateral (
              select x.other_id, x.initiator_id from (
                select c.account_hi as other_id, c.initiator_id from contacts c where c.account_lo = k.child_id
                union all
                select c.account_lo, c.initiator_id from contacts c where c.account_hi = k.child_id
              ) x limit ${input.perChild}
            ) o
            where o.other_id <> ${id}
          ),
          ranked as (
            select r.other_id, count(distinct r.child_id)::int as shared,
              count(distinct r.child_id) filter (where r.other_first)::int as wrote_first
            from reach r group by r.other_id
            having count(distinct r.child_id) >= ${input.minShared}
          )
          select g.other_id as id, other.username,
            ${claimedAgeBandSql(sql`other.claimed_birthdate`, sql`other.age_assurance`, now)} as band,
            ${withRisk ? sql`(select rs.score from risk_scores rs where rs.account_id = g.other_id)` : sql`null::real`} as risk,
            g.shared, g.wrote_first,
            coalesce(other.device_cluster = ${account.device_cluster}::text, false) as same_device
          from ranked g left join accounts other on other.account_id = g.other_id
          where other.account_id is null or not ${minor('other')}
          order by g.shared desc, g.wrote_first desc, risk desc nulls last, g.other_id
          limit ${input.limit}`,
        )
      : [];
    const children = kept.length;
    const result: SecondHop = {
      accounts: rows.map((row) => ({
        id: row.id,
        username: row.username,
        band: (AGE_BANDS as readonly string[]).includes(row.band) ? (row.band as AgeBand) : 'unknown',
        riskScore: row.risk === null ? null : Number(row.risk),
        sharedChildren: row.shared,
        wroteFirstTo: row.wrote_first,
        sameDevice: row.same_device,
      })),
      children,
      childrenCapped: kids.length > input.childCap,
      limits: { minShared: input.minShared, childCap: input.childCap, perChild: input.perChild, limit: input.limit },
    };
    await appendAudit(tx, {
      actor: staffActor,
      action: 'account.second_hop.view',
      targetType: 'account',
      targetId: id,
      changes: { children: result.children, accounts: result.accounts.length },
      requestAddress: ctx.requestAddress,
    });
    return result;
  });
}
