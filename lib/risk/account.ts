import { desc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { accounts, blocks, patternFlags, reports, riskScores } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { ID_MAX } from '../platform/contract';
import { signalsJson, toItem, type RiskListItem } from './queries';
import { reviewHistory } from './review';
import { DomainError } from '../errors';

export interface EvidenceConversation {
  otherId: string;
  otherUsername: string;
  otherBirthdate: string | null;
  startedByAccount: boolean;
  messagesFromAccount: number;
  messagesFromOther: number;
  mediaFromAccount: number;
  mediaFromOther: number;
  firstContactAt: Date;
  lastContactAt: Date;
}

/**
 * An account's risk with the evidence behind each signal (permission risk:read; a sensitive
 * view, audited): the conversations, blocks, device-mates and reports its signals point at,
 * and its review history.
 */
export async function viewRiskAccount(ctx: LibContext, accountId: string) {
  const staff = requirePermission(ctx.actor, 'risk:read');
  if (!accountId || accountId.length > ID_MAX) throw new DomainError('invalid_input', `An account id has 1 to ${ID_MAX} characters.`);
  return ctx.db.transaction(async (tx) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.accountId, accountId));
    if (!account) return null;
    const [row] = await queryRows<Parameters<typeof toItem>[0]>(
      tx,
      sql`select s.account_id, ${account.username} as username, s.score, s.claimed_age, s.claimed_band, s.likely_band, s.patterns,
          s.quiet, s.as_of, s.computed_at, ${signalsJson(sql`s.account_id`)} as signals
        from risk_scores s where s.account_id = ${accountId}`,
    );
    const risk: RiskListItem | null = row ? toItem(row) : null;
    const accountIds = [...new Set(risk?.signals.flatMap((s) => s.details.accounts ?? []) ?? [])];
    const reportIds = [...new Set(risk?.signals.flatMap((s) => s.details.reports ?? []) ?? [])];
    // One statement at a time: a transaction is one connection.
    const conversations = await conversationsWith(tx, accountId, accountIds);
    const blockRows = accountIds.length
      ? await tx.select().from(blocks).where(sql`${blocks.blockedId} = ${accountId} and ${inArray(blocks.blockerId, accountIds)}`)
      : [];
    const people = accountIds.length
      ? await tx
          .select({ accountId: accounts.accountId, username: accounts.username, claimedBirthdate: accounts.claimedBirthdate, ageAssurance: accounts.ageAssurance })
          .from(accounts)
          .where(inArray(accounts.accountId, accountIds))
      : [];
    const reportRows = await tx.select().from(reports).where(eq(reports.reportedId, accountId)).orderBy(desc(reports.createdAt)).limit(100);
    const history = await reviewHistory(tx, accountId);
    await appendAudit(tx, {
      actor: staff,
      action: 'risk.view',
      targetType: 'account',
      targetId: accountId,
      changes: { score: risk?.score ?? 0 },
      requestAddress: ctx.requestAddress,
    });
    return {
      account,
      risk,
      conversations: new Map(conversations.map((c) => [c.otherId, c])),
      blocks: new Map(blockRows.map((b) => [b.blockerId, b])),
      people: new Map(people.map((p) => [p.accountId, p])),
      reports: reportRows,
      citedReports: new Set(reportIds),
      ...history,
    };
  });
}

/** The account's conversations with the given accounts, from its side. */
async function conversationsWith(tx: Db, accountId: string, others: string[]): Promise<EvidenceConversation[]> {
  if (others.length === 0) return [];
  const rows = await queryRows<{
    other_id: string;
    other_username: string;
    other_birthdate: string | null;
    started: boolean;
    mine: number;
    theirs: number;
    my_media: number;
    their_media: number;
    first_contact_at: string | Date;
    last_contact_at: string | Date;
  }>(
    tx,
    sql`select o.account_id as other_id, o.username as other_username, o.claimed_birthdate::text as other_birthdate,
        c.initiator_id = ${accountId} as started,
        case when c.initiator_id = ${accountId} then c.messages_from_initiator else c.messages_from_recipient end as mine,
        case when c.initiator_id = ${accountId} then c.messages_from_recipient else c.messages_from_initiator end as theirs,
        case when c.initiator_id = ${accountId} then c.media_from_initiator else c.media_from_recipient end as my_media,
        case when c.initiator_id = ${accountId} then c.media_from_recipient else c.media_from_initiator end as their_media,
        c.first_contact_at, c.last_contact_at
      from contacts c join accounts o on o.account_id = case when c.account_lo = ${accountId} then c.account_hi else c.account_lo end
      where (c.account_lo = ${accountId} and ${inArray(sql`c.account_hi`, others)})
         or (c.account_hi = ${accountId} and ${inArray(sql`c.account_lo`, others)})
      order by c.first_contact_at`,
  );
  return rows.map((r) => ({
    otherId: r.other_id,
    otherUsername: r.other_username,
    otherBirthdate: r.other_birthdate,
    startedByAccount: r.started,
    messagesFromAccount: r.mine,
    messagesFromOther: r.theirs,
    mediaFromAccount: r.my_media,
    mediaFromOther: r.their_media,
    firstContactAt: new Date(r.first_contact_at),
    lastContactAt: new Date(r.last_contact_at),
  }));
}

/**
 * The risk part of an account's page (permission risk:read): score, patterns and confirmed
 * flags. Not audited on its own: the account page's view entry covers it.
 */
export async function accountRiskSummary(ctx: LibContext, accountId: string) {
  requirePermission(ctx.actor, 'risk:read');
  const [score] = await ctx.db.select().from(riskScores).where(eq(riskScores.accountId, accountId));
  const flags = await ctx.db
    .select({ id: patternFlags.id, pattern: patternFlags.pattern, rationale: patternFlags.rationale, createdAt: patternFlags.createdAt })
    .from(patternFlags)
    .where(eq(patternFlags.accountId, accountId))
    .orderBy(desc(patternFlags.createdAt));
  return { score: score ?? null, flags };
}
