import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '@/db/client';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { decodeCursor, encodeCursor } from '../cursor';
import { DomainError } from '../errors';
import { RETRY_WINDOW_HOURS } from './enqueue';

export type DeliveryState = 'delivered' | 'pending' | 'retrying' | 'dead';

export interface OutboxEventView {
  seq: number;
  id: string;
  type: string;
  accountId: string;
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  sourceType: string;
  sourceId: string;
}

interface EventRow {
  seq: string | number;
  id: string;
  type: string;
  account_id: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  last_error: string | null;
  created_at: Date | string;
  next_attempt_at: Date | string;
  delivered_at: Date | string | null;
  source_type: string;
  source_id: string;
}

const COLUMNS = sql`seq, id, type, account_id, status, attempts, last_error, created_at, next_attempt_at, delivered_at, source_type, source_id`;

function toView(row: EventRow): OutboxEventView {
  const retrying = row.status === 'pending' && row.last_error !== null;
  return {
    seq: Number(row.seq),
    id: row.id,
    type: row.type,
    accountId: row.account_id,
    state: retrying ? 'retrying' : row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    nextAttemptAt: new Date(row.next_attempt_at),
    deliveredAt: row.delivered_at ? new Date(row.delivered_at) : null,
    sourceType: row.source_type,
    sourceId: row.source_id,
  };
}

export interface DeliveriesOverview {
  pending: number;
  retrying: number;
  dead: number;
  deliveredLastDay: number;
  oldestPendingAt: Date | null;
}

/** The deliveries page's head figures (admin): from the partial index on pending events and a day of deliveries. */
export async function deliveriesOverview(ctx: LibContext): Promise<DeliveriesOverview> {
  requirePermission(ctx.actor, 'deliveries:manage');
  const [row] = await queryRows<{ pending: number; retrying: number; dead: number; delivered: number; oldest: Date | string | null }>(
    ctx.db,
    sql`select
          count(*) filter (where status = 'pending' and last_error is null)::int as pending,
          count(*) filter (where status = 'pending' and last_error is not null)::int as retrying,
          count(*) filter (where status = 'dead')::int as dead,
          count(*) filter (where status = 'delivered' and delivered_at > ${new Date(ctx.now.getTime() - 86_400_000)})::int as delivered,
          min(created_at) filter (where status = 'pending') as oldest
        from outbox_events
        where status <> 'delivered' or delivered_at > ${new Date(ctx.now.getTime() - 86_400_000)}`,
  );
  return {
    pending: row?.pending ?? 0,
    retrying: row?.retrying ?? 0,
    dead: row?.dead ?? 0,
    deliveredLastDay: row?.delivered ?? 0,
    oldestPendingAt: row?.oldest ? new Date(row.oldest) : null,
  };
}

export const outboxListSchema = z.object({
  show: z.enum(['failing', 'dead', 'pending']).default('failing'),
  after: z.string().max(200).optional(),
});
export type OutboxListInput = z.output<typeof outboxListSchema>;

const PAGE_SIZE = 50;
const FILTERS = {
  failing: sql`status = 'pending' and last_error is not null`,
  dead: sql`status = 'dead'`,
  pending: sql`status = 'pending'`,
} as const;

/** Events that need an admin's eye, newest first, keyset-paged on seq. */
export async function listOutboxEvents(ctx: LibContext, input: OutboxListInput): Promise<{ events: OutboxEventView[]; nextCursor: string | null }> {
  requirePermission(ctx.actor, 'deliveries:manage');
  const after = input.after ? decodeCursor(input.after, z.tuple([z.number().int().positive()]))[0] : null;
  const rows = await queryRows<EventRow>(
    ctx.db,
    sql`select ${COLUMNS} from outbox_events
        where ${FILTERS[input.show]} ${after === null ? sql`` : sql`and seq < ${after}`}
        order by seq desc limit ${PAGE_SIZE + 1}`,
  );
  const events = rows.slice(0, PAGE_SIZE).map(toView);
  return { events, nextCursor: rows.length > PAGE_SIZE ? encodeCursor([events.at(-1)!.seq]) : null };
}

/** An account's events, newest first: what the account page shows beside each decision. */
export async function accountDeliveries(ctx: LibContext, accountId: string): Promise<OutboxEventView[]> {
  requirePermission(ctx.actor, 'accounts:read');
  const rows = await queryRows<EventRow>(ctx.db, sql`select ${COLUMNS} from outbox_events where account_id = ${accountId} order by seq desc limit 50`);
  return rows.map(toView);
}

export const replaySchema = z.union([z.object({ seq: z.coerce.number().int().positive() }), z.object({ all: z.literal('dead') })]);
export type ReplayInput = z.output<typeof replaySchema>;

/**
 * Sends dead or failing events again (admin): due now, attempts from zero, a fresh retry window.
 * One audit entry names every event replayed; its number is returned for the confirmation.
 */
export async function replayEvents(ctx: LibContext, input: ReplayInput): Promise<{ count: number; auditSeq: number }> {
  const actor = requirePermission(ctx.actor, 'deliveries:manage');
  return ctx.db.transaction(async (tx) => {
    // Never an event a worker holds right now: it would be posted twice at once.
    const free = sql`(status = 'dead' or (status = 'pending' and (locked_until is null or locked_until <= ${ctx.now})))`;
    const which = 'seq' in input ? sql`seq = ${input.seq} and ${free}` : sql`status = 'dead'`;
    const replayed = await queryRows<{ seq: string | number; id: string }>(
      tx,
      sql`update outbox_events set status = 'pending', attempts = 0, next_attempt_at = ${ctx.now}, locked_until = null,
            retry_until = ${new Date(ctx.now.getTime() + RETRY_WINDOW_HOURS * 3_600_000)}
          where ${which}
          returning seq, id`,
    );
    if ('seq' in input && replayed.length === 0) throw new DomainError('not_found', `Event ${input.seq} was not found, was already delivered, or is being posted right now.`);
    if (replayed.length === 0) throw new DomainError('not_found', 'There are no dead letters to replay.');
    const entry = await appendAudit(tx, {
      actor,
      action: 'outbox.replay',
      targetType: 'outbox_event',
      targetId: 'seq' in input ? String(input.seq) : null,
      changes: { count: replayed.length, events: replayed.map((row) => row.id) },
      requestAddress: ctx.requestAddress,
    });
    return { count: replayed.length, auditSeq: entry.seq };
  });
}
