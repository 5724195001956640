import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import type { WebhookBody } from './events';

/** An event a worker has claimed: nobody else posts it until its lease passes. */
export interface ClaimedEvent {
  seq: number;
  id: string;
  type: string;
  accountId: string;
  payload: WebhookBody;
  attempts: number;
}

/** Posts one event to the chat app; throws (with a short reason) unless the platform accepted it. */
export type PostEvent = (event: ClaimedEvent) => Promise<void>;

export interface DeliveryOptions {
  now?: () => Date;
  /** Events claimed per round; at most one per account, so they can be posted in parallel. */
  batchSize?: number;
  /** Posts in flight at once. */
  concurrency?: number;
  /** How long a claim keeps other workers off an event; longer than a post can take. */
  leaseMs?: number;
  random?: () => number;
}

export interface DeliveryRound {
  claimed: number;
  delivered: number;
  failed: number;
  dead: number;
}

const BACKOFF_BASE_MS = 5_000;
const BACKOFF_CAP_MS = 3_600_000;

/** Exponential backoff with jitter: 5 s, 10 s, 20 s … capped at an hour, each scaled by 0.5–1. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

/**
 * Building block of the delivery round: claims due events, at most one per account and only an account's oldest pending one, so the
 * platform sees each account's events in order. `FOR UPDATE SKIP LOCKED` lets several workers
 * (or app instances) claim at once without ever taking the same event.
 */
export async function claimDueEvents(db: Db, now: Date, limit: number, leaseMs: number): Promise<ClaimedEvent[]> {
  const rows = await queryRows<{ seq: string | number; id: string; type: string; account_id: string; payload: WebhookBody; attempts: number }>(
    db,
    sql`update outbox_events o
          set locked_until = ${new Date(now.getTime() + leaseMs)}, attempts = o.attempts + 1
        from (
          select e.seq from outbox_events e
          where e.status = 'pending' and e.next_attempt_at <= ${now}
            and (e.locked_until is null or e.locked_until <= ${now})
            and not exists (
              select 1 from outbox_events earlier
              where earlier.account_id = e.account_id and earlier.seq < e.seq and earlier.status = 'pending'
            )
          order by e.next_attempt_at, e.seq
          limit ${limit}
          for update of e skip locked
        ) due
        where o.seq = due.seq
        returning o.seq, o.id, o.type, o.account_id, o.payload, o.attempts`,
  );
  return rows
    .map((row) => ({ seq: Number(row.seq), id: row.id, type: row.type, accountId: row.account_id, payload: row.payload, attempts: row.attempts }))
    .sort((a, b) => a.seq - b.seq);
}

async function markDelivered(db: Db, seqs: number[], now: Date): Promise<void> {
  if (seqs.length === 0) return;
  await db.execute(
    sql`update outbox_events set status = 'delivered', delivered_at = ${now}, locked_until = null, last_error = null
        where seq in (select unnest(${`{${seqs.join(',')}}`}::bigint[]))`,
  );
}

/** A failed post waits its backoff; past the retry window it becomes a dead letter. Returns whether it died. */
async function markFailed(db: Db, event: ClaimedEvent, reason: string, now: Date, random: () => number): Promise<boolean> {
  const [row] = await queryRows<{ status: string }>(
    db,
    sql`update outbox_events set
          locked_until = null,
          last_error = ${reason.slice(0, 500)},
          next_attempt_at = ${new Date(now.getTime() + backoffMs(event.attempts, random))},
          status = case when retry_until <= ${now} then 'dead' else 'pending' end
        where seq = ${event.seq}
        returning status`,
  );
  return row?.status === 'dead';
}

/** System job (the delivery worker; no person acts, no permission is checked): one round — claim a batch, post it (in parallel, bounded), record each outcome. */
export async function deliverDueEvents(db: Db, post: PostEvent, options: DeliveryOptions = {}): Promise<DeliveryRound> {
  const clock = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const events = await claimDueEvents(db, clock(), options.batchSize ?? 200, options.leaseMs ?? 120_000);
  const delivered: number[] = [];
  let failed = 0;
  let dead = 0;
  let next = 0;
  const runner = async () => {
    while (next < events.length) {
      const event = events[next++]!;
      try {
        await post(event);
        delivered.push(event.seq);
      } catch (error) {
        failed += 1;
        if (await markFailed(db, event, describe(error), clock(), random)) dead += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 32, events.length) }, runner));
  await markDelivered(db, delivered, clock());
  return { claimed: events.length, delivered: delivered.length, failed, dead };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}
