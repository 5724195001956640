import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '@/db/client';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { cursorTimestamp, decodeCursor, encodeCursor } from '../cursor';

export const appealListSchema = z.object({
  status: z.enum(['open', 'upheld', 'overturned']).default('open'),
  after: z.string().max(300).optional(),
});
export type AppealListInput = z.output<typeof appealListSchema>;

export interface AppealRow {
  id: string;
  externalId: string;
  accountId: string;
  statement: string;
  status: string;
  createdAt: Date;
  decisionAction: string;
  decisionReason: string;
  decidedBy: string | null;
  /** The reader took the decision under appeal, so may not judge it. */
  mine: boolean;
  outcomeReason: string | null;
}

const PAGE_SIZE = 50;

/** The appeals queue (anyone who reads reports), oldest first; keyset on (created_at, id). */
export async function listAppeals(ctx: LibContext, input: AppealListInput): Promise<{ appeals: AppealRow[]; nextCursor: string | null }> {
  const reader = requirePermission(ctx.actor, 'reports:read');
  const after = input.after ? decodeCursor(input.after, z.tuple([cursorTimestamp, z.uuid()])) : null;
  const rows = await queryRows<{
    id: string;
    external_id: string;
    account_id: string;
    statement: string;
    status: string;
    created_at: Date | string;
    cursor_at: string;
    action: string;
    reason: string;
    decided_by: string | null;
    actor_id: string | null;
    decision_reason: string | null;
  }>(
    ctx.db,
    sql`select a.id, a.external_id, a.account_id, a.statement, a.status, a.created_at, a.created_at::text as cursor_at,
               d.action::text as action, d.reason, s.email as decided_by, d.actor_id, a.decision_reason
        from appeals a
        join account_actions d on d.id = a.decision_id
        left join staff s on s.id = d.actor_id
        where a.status = ${input.status}
          ${after ? sql`and (a.created_at, a.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
        order by a.created_at, a.id
        limit ${PAGE_SIZE + 1}`,
  );
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  return {
    appeals: page.map((row) => ({
      id: row.id,
      externalId: row.external_id,
      accountId: row.account_id,
      statement: row.statement,
      status: row.status,
      createdAt: new Date(row.created_at),
      decisionAction: row.action,
      decisionReason: row.reason,
      decidedBy: row.decided_by,
      mine: row.actor_id === reader.id,
      outcomeReason: row.decision_reason,
    })),
    nextCursor: rows.length > PAGE_SIZE && last ? encodeCursor([last.cursor_at, last.id]) : null,
  };
}

export interface OverturnRate {
  action: string;
  decided: number;
  overturned: number;
  rate: number | null;
}

/** How often decisions of each kind are overturned on appeal: a measure of decision quality. */
export async function overturnRates(ctx: LibContext): Promise<OverturnRate[]> {
  requirePermission(ctx.actor, 'reports:read');
  const rows = await queryRows<{ action: string; decided: number; overturned: number }>(
    ctx.db,
    sql`select d.action::text as action,
               count(*) filter (where a.status <> 'open')::int as decided,
               count(*) filter (where a.status = 'overturned')::int as overturned
        from appeals a join account_actions d on d.id = a.decision_id
        group by d.action order by d.action`,
  );
  return rows.map((row) => ({ ...row, rate: row.decided > 0 ? row.overturned / row.decided : null }));
}
