import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '@/db/client';
import { appendAudit } from '../audit/log';
import { can, requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { accountIdParam } from '../accounts/detail';
import { contactFilterAudit, contactFilterSchema, contactFilterSql, NO_CONTACT_FILTER, type ContactFilter } from '../accounts/contact-filter';
import { AGE_BANDS, claimedAgeBandSql, type AgeBand } from '../platform/age-band';
import { DomainError } from '../errors';

/** At most this many peers are drawn: the most recent conversations first, as the conversations table lists them. */
export const EGO_PEER_CAP = 500;
/** A peer with at least this many conversations is a hub: collapsed into one node, its own contacts not read. */
export const HUB_DEGREE = 1000;

export const egoGraphInput = z.object({
  accountId: accountIdParam,
  filter: contactFilterSchema.optional(),
  peerCap: z.number().int().min(1).max(EGO_PEER_CAP).default(EGO_PEER_CAP),
  hubDegree: z.number().int().min(2).max(1_000_000).default(HUB_DEGREE),
});
export type EgoGraphInput = z.input<typeof egoGraphInput>;

export interface GraphAccount {
  id: string;
  username: string | null;
  displayName: string;
  band: AgeBand;
  /** The latest risk score (null: none, or the viewer may not read risk). */
  riskScore: number | null;
}

export interface EgoPeer extends GraphAccount {
  /** This account wrote first (the edge points from the initiator). */
  initiatedByAccount: boolean;
  messagesSent: number;
  messagesReceived: number;
  mediaSent: number;
  mediaReceived: number;
  firstContactAt: Date;
  lastContactAt: Date;
  blockedByPeer: boolean;
  blockedByAccount: boolean;
  /** Reports this peer filed about the account, and the account about this peer. */
  reportsByPeer: number;
  reportsByAccount: number;
  /** The peer's conversations, counted up to the hub threshold. */
  degree: number;
}

export interface MutualLink {
  /** The pair, lower id first. */
  a: string;
  b: string;
  messages: number;
  twoWay: boolean;
}

export interface HubPeer {
  id: string;
  username: string | null;
  band: AgeBand;
  initiatedByAccount: boolean;
  messages: number;
}

export interface TimelineWeek {
  /** Monday of the week (UTC), YYYY-MM-DD. */
  week: string;
  /** First contacts that week, by the other person's claimed age band. */
  firstContacts: Record<AgeBand, number>;
  /** Blocks of this account and reports about it that week. */
  blocks: number;
  reports: number;
}

export interface EgoGraph {
  center: GraphAccount;
  filter: ContactFilter;
  /** Peers drawn one by one (hubs are in `hubs`). */
  peers: EgoPeer[];
  hubs: HubPeer[];
  /** Conversations between two drawn peers: the web a class makes, missing in a groomer's star. */
  links: MutualLink[];
  counts: {
    /** Every conversation under the filter. */
    conversations: number;
    peers: number;
    hubs: number;
    /** Conversations under the filter past the cap, not drawn. */
    omitted: number;
    mutualLinks: number;
    /** Drawn peers with at least one link to another drawn peer. */
    linkedPeers: number;
  };
  timeline: TimelineWeek[];
  limits: { peerCap: number; hubDegree: number };
}

/**
 * Building block: the conversations of `accountId` as `c` (with `peer_id`, the other side) and the
 * other person's account as `peer`, under the filter. Both halves are index range scans: the
 * primary key for the pairs where the account is the lower id, contacts_hi_idx (account_hi) for the rest.
 */
export function conversationsOf(accountId: string, filter: ContactFilter, now: Date): SQL {
  return sql`(select c.*, peer.username as peer_username, peer.display_name as peer_display_name,
      ${claimedAgeBandSql(sql`peer.claimed_birthdate`, sql`peer.age_assurance`, now)} as peer_band
    from (
      select account_hi as peer_id, c.* from contacts c where c.account_lo = ${accountId}
      union all
      select account_lo as peer_id, c.* from contacts c where c.account_hi = ${accountId}
    ) c left join accounts peer on peer.account_id = c.peer_id
    where ${contactFilterSql(filter, accountId, now)})`;
}

/** Building block: the conversations among `ids` (each pair once), from the primary key alone — each pair is stored under its lower id. */
export async function linksAmong(tx: Db, ids: string[]): Promise<MutualLink[]> {
  if (ids.length < 2) return [];
  const rows = await queryRows<{ a: string; b: string; messages: number; two_way: boolean }>(
    tx,
    sql`with kept as materialized (select value as id from json_array_elements_text(${JSON.stringify(ids)}::json))
      select c.account_lo as a, c.account_hi as b, (c.messages_from_initiator + c.messages_from_recipient)::int as messages,
        (c.messages_from_initiator > 0 and c.messages_from_recipient > 0) as two_way
      from kept k join contacts c on c.account_lo = k.id
      where c.account_hi in (select id from kept)
      order by 1, 2`,
  );
  return rows.map((row) => ({ a: row.a, b: row.b, messages: row.messages, twoWay: row.two_way }));
}

/** Building block: an account's conversations counted up to `cap` from each index (cheap for a hub). */
export function cappedDegreeSql(account: SQL, cap: number): SQL {
  return sql`((select count(*) from (select 1 from contacts d where d.account_lo = ${account} limit ${cap}) lo)
    + (select count(*) from (select 1 from contacts d where d.account_hi = ${account} limit ${cap}) hi))::int`;
}

function band(value: string | null): AgeBand {
  return (AGE_BANDS as readonly string[]).includes(value ?? '') ? (value as AgeBand) : 'unknown';
}

/**
 * The contact graph around one account (permission accounts:read; a sensitive view, audited with
 * its filter): each peer under the shared filter with its age band and risk score, the edge from
 * whoever wrote first weighted by messages, media, blocks and reports marked, and — read from the
 * contacts key alone — which peers also talk to each other. At most `peerCap` peers (the most
 * recent conversations); a peer with `hubDegree` or more conversations of its own is collapsed
 * into a count and its contacts are not read. Also the first contacts per week by age band.
 */
export async function viewEgoGraph(ctx: LibContext, rawInput: EgoGraphInput): Promise<EgoGraph> {
  const staffActor = requirePermission(ctx.actor, 'accounts:read');
  const input = egoGraphInput.parse(rawInput);
  const id = input.accountId;
  const filter = input.filter ?? NO_CONTACT_FILTER;
  const withRisk = can(staffActor.role, 'risk:read');
  const risk = (account: SQL) => (withRisk ? sql`(select rs.score from risk_scores rs where rs.account_id = ${account})` : sql`null::real`);
  const now = ctx.now;

  return ctx.db.transaction(async (tx) => {
    const [center] = await queryRows<{ id: string; username: string; display_name: string; band: string; risk: number | null }>(
      tx,
      sql`select a.account_id as id, a.username, a.display_name,
            ${claimedAgeBandSql(sql`a.claimed_birthdate`, sql`a.age_assurance`, now)} as band, ${risk(sql`a.account_id`)} as risk
          from accounts a where a.account_id = ${id}`,
    );
    if (!center) throw new DomainError('not_found', `No account with id ${id}.`);

    const rows = await queryRows<{
      peer_id: string;
      username: string | null;
      display_name: string | null;
      band: string | null;
      initiated: boolean;
      sent: number;
      received: number;
      media_sent: number;
      media_received: number;
      first_contact_at: Date | string;
      last_contact_at: Date | string;
      total: number;
      blocked_by_peer: boolean;
      blocked_by_account: boolean;
      reports_by_peer: number;
      reports_by_account: number;
      degree: number;
      risk: number | null;
    }>(
      tx,
      sql`with kept as materialized (
            select c.*, count(*) over () as total from ${conversationsOf(id, filter, now)} c
            order by c.last_contact_at desc, c.peer_id desc
            limit ${input.peerCap}
          ),
          -- Reports about the account, by reporter: read once (the key's range for the account), not once per peer.
          reporters as (select r.reporter_id, count(*)::int as n from reports r where r.reported_id = ${id} group by r.reporter_id)
          select k.peer_id, k.peer_username as username, k.peer_display_name as display_name, k.peer_band as band,
            k.initiator_id = ${id} as initiated,
            case when k.initiator_id = ${id} then k.messages_from_initiator else k.messages_from_recipient end as sent,
            case when k.initiator_id = ${id} then k.messages_from_recipient else k.messages_from_initiator end as received,
            case when k.initiator_id = ${id} then k.media_from_initiator else k.media_from_recipient end as media_sent,
            case when k.initiator_id = ${id} then k.media_from_recipient else k.media_from_initiator end as media_received,
            k.first_contact_at, k.last_contact_at, k.total::int as total,
            exists (select 1 from blocks b where b.blocked_id = ${id} and b.blocker_id = k.peer_id) as blocked_by_peer,
            exists (select 1 from blocks b where b.blocked_id = k.peer_id and b.blocker_id = ${id}) as blocked_by_account,
            coalesce((select rp.n from reporters rp where rp.reporter_id = k.peer_id), 0) as reports_by_peer,
            (select count(*) from reports r where r.reported_id = k.peer_id and r.reporter_id = ${id})::int as reports_by_account,
            ${cappedDegreeSql(sql`k.peer_id`, input.hubDegree)} as degree,
            ${risk(sql`k.peer_id`)} as risk
          from kept k
          order by k.last_contact_at desc, k.peer_id desc`,
    );

    const peers: EgoPeer[] = [];
    const hubs: HubPeer[] = [];
    for (const row of rows) {
      const peerBand = band(row.band);
      if (row.degree >= input.hubDegree) {
        hubs.push({ id: row.peer_id, username: row.username, band: peerBand, initiatedByAccount: row.initiated, messages: row.sent + row.received });
        continue;
      }
      peers.push({
        id: row.peer_id,
        username: row.username,
        displayName: row.display_name ?? '',
        band: peerBand,
        riskScore: row.risk === null ? null : Number(row.risk),
        initiatedByAccount: row.initiated,
        messagesSent: row.sent,
        messagesReceived: row.received,
        mediaSent: row.media_sent,
        mediaReceived: row.media_received,
        firstContactAt: new Date(row.first_contact_at),
        lastContactAt: new Date(row.last_contact_at),
        blockedByPeer: row.blocked_by_peer,
        blockedByAccount: row.blocked_by_account,
        reportsByPeer: row.reports_by_peer,
        reportsByAccount: row.reports_by_account,
        degree: row.degree,
      });
    }
    const links = await linksAmong(tx, peers.map((peer) => peer.id));
    const timeline = await timelineOf(tx, id, filter, now);
    const conversations = rows[0]?.total ?? 0;
    const linked = new Set(links.flatMap((link) => [link.a, link.b]));
    const counts = {
      conversations,
      peers: peers.length,
      hubs: hubs.length,
      omitted: conversations - rows.length,
      mutualLinks: links.length,
      linkedPeers: linked.size,
    };

    await appendAudit(tx, {
      actor: staffActor,
      action: 'account.graph.view',
      targetType: 'account',
      targetId: id,
      changes: { ...contactFilterAudit(filter), peers: counts.peers, hubs: counts.hubs, mutualLinks: counts.mutualLinks },
      requestAddress: ctx.requestAddress,
    });

    return {
      center: { id: center.id, username: center.username, displayName: center.display_name, band: band(center.band), riskScore: center.risk === null ? null : Number(center.risk) },
      filter,
      peers,
      hubs,
      links,
      counts,
      timeline,
      limits: { peerCap: input.peerCap, hubDegree: input.hubDegree },
    };
  });
}

const weekOf = (column: SQL) => sql`to_char(date_trunc('week', ${column} at time zone 'UTC'), 'YYYY-MM-DD')`;

/**
 * Building block: first contacts per week by the other person's age band (every conversation under
 * the filter, not only the drawn ones), with the blocks of the account and reports about it
 * (inside the filter's window, when it has one).
 */
export async function timelineOf(tx: Db, accountId: string, filter: ContactFilter, now: Date): Promise<TimelineWeek[]> {
  const windowOf = (column: SQL) =>
    sql.join(
      [
        sql`true`,
        ...(filter.from ? [sql`${column} >= ${`${filter.from}T00:00:00Z`}::timestamptz`] : []),
        ...(filter.to ? [sql`${column} < ${new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000).toISOString()}::timestamptz`] : []),
      ],
      sql` and `,
    );
  const rows = await queryRows<{ week: string; kind: string; n: number }>(
    tx,
    sql`select ${weekOf(sql`c.first_contact_at`)} as week, c.peer_band as kind, count(*)::int as n
          from ${conversationsOf(accountId, filter, now)} c group by 1, 2
        union all
        select ${weekOf(sql`b.blocked_at`)}, 'block', count(*)::int from blocks b
          where b.blocked_id = ${accountId} and ${windowOf(sql`b.blocked_at`)} group by 1
        union all
        select ${weekOf(sql`r.created_at`)}, 'report', count(*)::int from reports r
          where r.reported_id = ${accountId} and ${windowOf(sql`r.created_at`)} group by 1
        order by 1`,
  );
  const weeks = new Map<string, TimelineWeek>();
  for (const row of rows) {
    let week = weeks.get(row.week);
    if (!week) {
      week = { week: row.week, firstContacts: Object.fromEntries(AGE_BANDS.map((b) => [b, 0])) as Record<AgeBand, number>, blocks: 0, reports: 0 };
      weeks.set(row.week, week);
    }
    if (row.kind === 'block') week.blocks += row.n;
    else if (row.kind === 'report') week.reports += row.n;
    else week.firstContacts[band(row.kind)] += row.n;
  }
  // Every week from the first to the last, so a quiet stretch reads as zero, not as nothing (at most ten years).
  const sorted = [...weeks.values()].sort((x, y) => x.week.localeCompare(y.week));
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) return [];
  const filled: TimelineWeek[] = [];
  const WEEK = 7 * 86_400_000;
  const start = Math.max(Date.parse(`${first.week}T00:00:00Z`), Date.parse(`${last.week}T00:00:00Z`) - 520 * WEEK);
  for (let at = start; at <= Date.parse(`${last.week}T00:00:00Z`); at += WEEK) {
    const week = new Date(at).toISOString().slice(0, 10);
    filled.push(weeks.get(week) ?? { week, firstContacts: Object.fromEntries(AGE_BANDS.map((b) => [b, 0])) as Record<AgeBand, number>, blocks: 0, reports: 0 });
  }
  return filled;
}
