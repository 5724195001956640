import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { inTurn, queryRows } from '@/db/client';
import { accounts, birthdateChanges, reports } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { ID_MAX } from '../platform/contract';
import { contactFilterAudit, contactFilterSql, NO_CONTACT_FILTER, type ContactFilter } from './contact-filter';
import { cursorTimestamp, cursorTimestampSql, decodeCursor, encodeCursor } from '../cursor';
import { DomainError } from '../errors';
import { opaqueId } from '../validation/text';

export const accountIdParam = opaqueId(ID_MAX, 'account id');

export interface AccountDetail {
  account: typeof accounts.$inferSelect;
  birthdateChanges: (typeof birthdateChanges.$inferSelect)[];
  conversationCount: number;
  initiatedCount: number;
  blockedByCount: number;
  blockingCount: number;
  reportsAbout: Pick<typeof reports.$inferSelect, 'reportId' | 'reporterId' | 'category' | 'createdAt' | 'source' | 'status' | 'description'>[];
  reportsFiled: number;
  deviceSiblings: Pick<typeof accounts.$inferSelect, 'accountId' | 'username' | 'claimedBirthdate' | 'ageAssurance'>[];
  /** Every action taken on the account, newest first: what, who, when, why, and what it was decided on. */
  decisions: AccountDecision[];
}

export interface AccountDecision {
  id: string;
  action: string;
  reason: string;
  actor: string | null;
  createdAt: Date;
  sourceType: string | null;
  sourceId: string | null;
  /** A suspension's end, when it lifts by itself. */
  endsAt: Date | null;
  /** Whether the chat app has carried it out: its outbox event's state (docs/integration.md). */
  delivery: { state: 'delivered' | 'waiting' | 'retrying' | 'dead'; at: Date | null; error: string | null } | null;
}

/** An account's profile and evidence summary. Opening it is a sensitive view and is audited. */
export async function viewAccount(ctx: LibContext, accountId: string): Promise<AccountDetail> {
  const staffActor = requirePermission(ctx.actor, 'accounts:read');
  const id = accountIdParam.parse(accountId);
  return ctx.db.transaction(async (tx) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.accountId, id));
    if (!account) throw new DomainError('not_found', `No account with id ${id}.`);

    const [changes, [graph], reportsAbout, [filed], deviceSiblings, decisions] = await inTurn([
      () => tx.select().from(birthdateChanges).where(eq(birthdateChanges.accountId, id)).orderBy(asc(birthdateChanges.changedAt)),
      () => queryRows<{ conversations: number; initiated: number; blocked_by: number; blocking: number }>(
        tx,
        sql`select
              (select count(*) from contacts where account_lo = ${id} or account_hi = ${id})::int as conversations,
              (select count(*) from contacts where (account_lo = ${id} or account_hi = ${id}) and initiator_id = ${id})::int as initiated,
              (select count(*) from blocks where blocked_id = ${id})::int as blocked_by,
              (select count(*) from blocks where blocker_id = ${id})::int as blocking`,
      ),
      () => tx
        .select({
          reportId: reports.reportId,
          reporterId: reports.reporterId,
          category: reports.category,
          createdAt: reports.createdAt,
          source: reports.source,
          status: reports.status,
          description: reports.description,
        })
        .from(reports)
        .where(eq(reports.reportedId, id))
        .orderBy(desc(reports.createdAt))
        .limit(100),
      () => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from reports where reporter_id = ${id}`),
      () => account.deviceCluster
        ? tx
            .select({
              accountId: accounts.accountId,
              username: accounts.username,
              claimedBirthdate: accounts.claimedBirthdate,
              ageAssurance: accounts.ageAssurance,
            })
            .from(accounts)
            .where(and(eq(accounts.deviceCluster, account.deviceCluster), sql`${accounts.accountId} <> ${id}`))
            .limit(20)
        : [],
      () => queryRows<{
        id: string;
        action: string;
        reason: string;
        email: string | null;
        created_at: Date | string;
        source_type: string | null;
        source_id: string | null;
        ends_at: Date | string | null;
        delivery_status: 'pending' | 'delivered' | 'dead' | null;
        delivered_at: Date | string | null;
        last_error: string | null;
      }>(
        tx,
        sql`select x.id, x.action::text as action, x.reason, s.email, x.created_at, x.source_type, x.source_id, x.ends_at,
                   o.status as delivery_status, o.delivered_at, o.last_error
            from account_actions x
            left join staff s on s.id = x.actor_id
            left join outbox_events o on o.source_type = 'account_action' and o.source_id = x.id::text
            where x.account_id = ${id} order by x.created_at desc limit 50`,
      ),
    ]);

    await appendAudit(tx, {
      actor: staffActor,
      action: 'account.view',
      targetType: 'account',
      targetId: id,
      requestAddress: ctx.requestAddress,
    });

    return {
      account,
      birthdateChanges: changes,
      conversationCount: graph?.conversations ?? 0,
      initiatedCount: graph?.initiated ?? 0,
      blockedByCount: graph?.blocked_by ?? 0,
      blockingCount: graph?.blocking ?? 0,
      reportsAbout,
      decisions: decisions.map((row) => ({
        id: row.id,
        action: row.action,
        reason: row.reason,
        actor: row.email,
        createdAt: new Date(row.created_at),
        sourceType: row.source_type,
        sourceId: row.source_id,
        endsAt: row.ends_at ? new Date(row.ends_at) : null,
        delivery: row.delivery_status
          ? {
              state: row.delivery_status === 'pending' ? (row.last_error ? 'retrying' : 'waiting') : row.delivery_status,
              at: row.delivered_at ? new Date(row.delivered_at) : null,
              error: row.last_error,
            }
          : null,
      })),
      reportsFiled: filed?.n ?? 0,
      deviceSiblings,
    };
  });
}

export const CONTACTS_PAGE_SIZE = 50;

/** The contacts page's cursor (lib/cursor.ts): the last row's last_contact_at as text, with microseconds, and peer id. */
const contactsCursor = z.tuple([cursorTimestamp, accountIdParam]);

export interface ContactRow {
  peerId: string;
  peerUsername: string | null;
  peerBirthdate: string | null;
  initiatedByAccount: boolean;
  firstContactAt: Date;
  lastContactAt: Date;
  messagesSent: number;
  messagesReceived: number;
  mediaSent: number;
  mediaReceived: number;
  blockedByPeer: boolean;
}

/**
 * An account's conversations, newest first, keyset-paginated on (last_contact_at, peer id), under
 * the shared contact filter (lib/accounts/contact-filter.ts). Who an account talks to is
 * sensitive: every page viewed is audited, with the filter it was viewed through.
 */
export async function viewAccountContacts(
  ctx: LibContext,
  input: { accountId: string; cursor?: string; filter?: ContactFilter },
): Promise<{ rows: ContactRow[]; nextCursor: string | null }> {
  const staffActor = requirePermission(ctx.actor, 'accounts:read');
  const id = accountIdParam.parse(input.accountId);
  const filter = input.filter ?? NO_CONTACT_FILTER;
  const after = input.cursor ? decodeCursor(input.cursor, contactsCursor) : null;
  return ctx.db.transaction(async (tx) => {
    const rows = await queryRows<{
      peer_id: string;
      peer_username: string | null;
      peer_birthdate: string | null;
      initiated: boolean;
      first_contact_at: Date;
      last_contact_at: Date;
      sent: number;
      received: number;
      media_sent: number;
      media_received: number;
      blocked_by_peer: boolean;
      cursor_at: string;
    }>(
      tx,
      sql`with mine as (
            select account_hi as peer_id, c.* from contacts c where account_lo = ${id}
            union all
            select account_lo as peer_id, c.* from contacts c where account_hi = ${id}
          )
          select c.peer_id, peer.username as peer_username, peer.claimed_birthdate::text as peer_birthdate,
                 c.initiator_id = ${id} as initiated, c.first_contact_at, c.last_contact_at, ${cursorTimestampSql(sql`c.last_contact_at`)} as cursor_at,
                 case when c.initiator_id = ${id} then c.messages_from_initiator else c.messages_from_recipient end as sent,
                 case when c.initiator_id = ${id} then c.messages_from_recipient else c.messages_from_initiator end as received,
                 case when c.initiator_id = ${id} then c.media_from_initiator else c.media_from_recipient end as media_sent,
                 case when c.initiator_id = ${id} then c.media_from_recipient else c.media_from_initiator end as media_received,
                 exists (select 1 from blocks b where b.blocked_id = ${id} and b.blocker_id = c.peer_id) as blocked_by_peer
          from mine c left join accounts peer on peer.account_id = c.peer_id
          where ${contactFilterSql(filter, id, ctx.now)}
          ${after ? sql`and (c.last_contact_at, c.peer_id) < (${after[0]}::timestamptz, ${after[1]})` : sql``}
          order by c.last_contact_at desc, c.peer_id desc
          limit ${CONTACTS_PAGE_SIZE + 1}`,
    );
    await appendAudit(tx, {
      actor: staffActor,
      action: 'account.contacts.view',
      targetType: 'account',
      targetId: id,
      changes: { ...(input.cursor ? { cursor: input.cursor } : {}), ...contactFilterAudit(filter) },
      requestAddress: ctx.requestAddress,
    });
    const hasMore = rows.length > CONTACTS_PAGE_SIZE;
    const kept = hasMore ? rows.slice(0, CONTACTS_PAGE_SIZE) : rows;
    const page = kept.map((row) => ({
      peerId: row.peer_id,
      peerUsername: row.peer_username,
      peerBirthdate: row.peer_birthdate,
      initiatedByAccount: row.initiated,
      firstContactAt: new Date(row.first_contact_at),
      lastContactAt: new Date(row.last_contact_at),
      messagesSent: row.sent,
      messagesReceived: row.received,
      mediaSent: row.media_sent,
      mediaReceived: row.media_received,
      blockedByPeer: row.blocked_by_peer,
    }));
    const last = kept.at(-1);
    return { rows: page, nextCursor: hasMore && last ? encodeCursor([last.cursor_at, last.peer_id]) : null };
  });
}
