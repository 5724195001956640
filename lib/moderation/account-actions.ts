import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { accountActions } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { enqueueOutboxEvents } from '../outbox/enqueue';
import type { AccountAction } from '../triage/contract';
import { anyOf } from '../triage/sql';

/** What an account action does to the mirrored account status (warn and restrict leave it active). */
const ACCOUNT_STATUS_AFTER: Partial<Record<AccountAction, 'active' | 'suspended' | 'banned'>> = {
  suspend: 'suspended',
  ban: 'banned',
  reinstate: 'active',
};

export interface NewAccountAction {
  accountId: string;
  action: AccountAction;
  reason: string;
  /** Null when Lookout itself acts (a suspension that ends). */
  actorId: string | null;
  /** Where the decision was taken (a queue item, a bulk batch, a risk review, an appeal). */
  sourceType: string;
  sourceId: string;
  /** A suspension that the delivery worker lifts by itself at this time. */
  endsAt?: Date | null;
}

/**
 * Building block: records account decisions the one way: the action rows, the account's mirrored status, and an
 * outbox event per action for the chat app to carry out — all in the caller's transaction, so a
 * decision and its event commit together or not at all. The caller writes the audit entry.
 */
export async function recordAccountActions(tx: Db, actions: readonly NewAccountAction[], now: Date): Promise<void> {
  if (actions.length === 0) return;
  const rows = await tx
    .insert(accountActions)
    .values(actions.map((action) => ({ ...action, endsAt: action.action === 'suspend' ? (action.endsAt ?? null) : null, createdAt: now })))
    .returning();
  for (const [status, ids] of groupByStatus(rows)) {
    await queryRows(tx, sql`update accounts set status = ${status} where account_id = ${anyOf(ids, 'text')}`);
  }
  await enqueueOutboxEvents(
    tx,
    rows.map((row) => ({
      type: 'account.action' as const,
      data: { account_id: row.accountId, action: row.action, reason: row.reason, ends_at: row.endsAt?.toISOString() ?? null, decision_id: row.id },
      source: { type: 'account_action', id: row.id },
    })),
    now,
  );
}

function groupByStatus(rows: { accountId: string; action: AccountAction }[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const status = ACCOUNT_STATUS_AFTER[row.action];
    if (status) groups.set(status, [...(groups.get(status) ?? []), row.accountId]);
  }
  return groups;
}

const SUSPENSION_END_ACTOR = { type: 'system', name: 'suspension-end' } as const;

/**
 * Lifts every suspension whose end has come, unless a later decision about the account (a ban, a
 * new suspension, a reinstatement) has replaced it: a reinstate action and its event, one audit
 * entry per lifted suspension, in one transaction. A system job: run by the delivery worker, not
 * by a person, so no one's permission is checked and the audit names the `system` actor.
 */
export async function liftEndedSuspensions(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const ended = await queryRows<{ id: string; account_id: string; superseded: boolean }>(
      tx,
      sql`select a.id, a.account_id,
                 exists (select 1 from account_actions later
                         where later.account_id = a.account_id and later.created_at > a.created_at) as superseded
          from account_actions a
          where a.ends_at is not null and a.lifted_at is null and a.ends_at <= ${now}
          for update of a skip locked`,
    );
    if (ended.length === 0) return 0;
    await queryRows(tx, sql`update account_actions set lifted_at = ${now} where id = ${anyOf(ended.map((row) => row.id), 'uuid')}`);
    const due = ended.filter((row) => !row.superseded);
    await recordAccountActions(
      tx,
      due.map((row) => ({
        accountId: row.account_id,
        action: 'reinstate' as const,
        reason: 'The suspension ended.',
        actorId: null,
        sourceType: 'suspension_end',
        sourceId: row.id,
      })),
      now,
    );
    for (const row of due) {
      await appendAudit(tx, {
        actor: SUSPENSION_END_ACTOR,
        action: 'account.suspension_end',
        targetType: 'account',
        targetId: row.account_id,
        changes: { suspension: row.id, status: { from: 'suspended', to: 'active' } },
      });
    }
    return due.length;
  });
}
