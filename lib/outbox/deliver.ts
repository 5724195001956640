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
  /** The end of this worker's claim; also its token: an outcome is recorded only while the claim is still this one. */
  leaseUntil: Date;
}

/** Posts one event to the chat app; throws (with a short reason) unless the platform accepted it. */
export type PostEvent = (event: ClaimedEvent) => Promise<void>;

/** How long a failed post waits: `baseMs · 2^(attempts − 1)`, at most `capMs`, each scaled by 0.5–1 (jitter). */
export interface RetryBackoff {
  baseMs: number;
  capMs: number;
}

/** 5 s, 10 s, 20 s … up to an hour between tries (docs/integration.md promises these to the chat app). */
export const DEFAULT_BACKOFF: RetryBackoff = { baseMs: 5_000, capMs: 3_600_000 };

export interface DeliveryOptions {
  now?: () => Date;
  /** Events claimed per round; at most one per account, so they can be posted in parallel. */
  batchSize?: number;
  /** Posts in flight at once. */
  concurrency?: number;
  /** How long a claim keeps other workers off an event; longer than a round can take. */
  leaseMs?: number;
  /**
   * The longest one post may take (the poster's timeout, 10 s by default). A post is started only
   * while the claim outlasts it, so an event is never posted after another worker may have taken it.
   */
  postTimeoutMs?: number;
  backoff?: RetryBackoff;
  random?: () => number;
}

export interface DeliveryRound {
  claimed: number;
  delivered: number;
  failed: number;
  dead: number;
}

/** Exponential backoff with jitter: 5 s, 10 s, 20 s … capped at an hour, each scaled by 0.5–1. */
export function backoffMs(attempts: number, random: () => number = Math.random, backoff: RetryBackoff = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

/**
 * The retry backoff the environment asks for: LOOKOUT_DELIVERY_RETRY_BASE_MS (first wait, 5000)
 * and LOOKOUT_DELIVERY_RETRY_CAP_MS (longest wait, 3600000). Shorter waits are for tests and
 * demos (the fault tests retry every second or two through a 30-second outage); production keeps
 * the defaults the integration contract names.
 */
export function retryBackoffFromEnv(env: Record<string, string | undefined> = process.env): RetryBackoff {
  const read = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of milliseconds, at least 1 (got "${raw}")`);
    return value;
  };
  const baseMs = read('LOOKOUT_DELIVERY_RETRY_BASE_MS', DEFAULT_BACKOFF.baseMs);
  const capMs = read('LOOKOUT_DELIVERY_RETRY_CAP_MS', Math.max(DEFAULT_BACKOFF.capMs, baseMs));
  if (capMs < baseMs) throw new Error('LOOKOUT_DELIVERY_RETRY_CAP_MS must be at least LOOKOUT_DELIVERY_RETRY_BASE_MS');
  return { baseMs, capMs };
}

/**
 * Building block of delivery: claims due events with one statement, at most one per account and only an account's oldest
 * pending one, so the platform sees each account's events in order. `FOR UPDATE SKIP LOCKED` lets
 * several workers (or app instances) claim at once without ever taking the same event.
 */
export async function claimDueEvents(db: Db, now: Date, limit: number, leaseMs: number): Promise<ClaimedEvent[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const rows = await queryRows<{ seq: string | number; id: string; type: string; account_id: string; payload: WebhookBody; attempts: number }>(
    db,
    sql`update outbox_events o
          set locked_until = ${leaseUntil}, attempts = o.attempts + 1
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
    .map((row) => ({ seq: Number(row.seq), id: row.id, type: row.type, accountId: row.account_id, payload: row.payload, attempts: row.attempts, leaseUntil }))
    .sort((a, b) => a.seq - b.seq);
}

/** What became of one claimed event in a round. */
type Outcome =
  | { seq: number; kind: 'delivered' }
  | { seq: number; kind: 'failed'; error: string; next_at: string; lease: string }
  /** Not posted: the claim would have run out during the post. Handed back, as if never claimed. */
  | { seq: number; kind: 'released'; lease: string };

/**
 * Records a round's outcomes with one statement: delivered; failed (waits its backoff, or past the
 * retry window becomes a dead letter); released. A failure or release is recorded only while the
 * claim is still this worker's (`locked_until` is its token): a claim that ran out may be another
 * worker's now. Returns how many failures became dead letters.
 */
async function recordOutcomes(db: Db, outcomes: Outcome[], now: Date): Promise<number> {
  if (outcomes.length === 0) return 0;
  const rows = await queryRows<{ status: string; kind: string }>(
    db,
    sql`update outbox_events o set
          status = case r.kind
            when 'delivered' then 'delivered'
            when 'failed' then case when o.retry_until <= ${now} then 'dead' else 'pending' end
            else o.status end,
          delivered_at = case when r.kind = 'delivered' then ${now} else o.delivered_at end,
          last_error = case r.kind when 'delivered' then null when 'failed' then r.error else o.last_error end,
          next_attempt_at = case when r.kind = 'failed' then r.next_at else o.next_attempt_at end,
          attempts = case when r.kind = 'released' then o.attempts - 1 else o.attempts end,
          locked_until = null
        from jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb) as r(seq bigint, kind text, error text, next_at timestamptz, lease timestamptz)
        where o.seq = r.seq and (r.kind = 'delivered' or o.locked_until = r.lease)
        returning o.status, r.kind`,
  );
  return rows.filter((row) => row.kind === 'failed' && row.status === 'dead').length;
}

/** Posts one claimed event, unless its claim would run out first, and says what became of it. */
async function postOne(post: PostEvent, event: ClaimedEvent, options: DeliveryOptions): Promise<Outcome> {
  const clock = options.now ?? (() => new Date());
  const lease = event.leaseUntil.toISOString();
  if (clock().getTime() + (options.postTimeoutMs ?? 10_000) > event.leaseUntil.getTime()) return { seq: event.seq, kind: 'released', lease };
  try {
    await post(event);
    return { seq: event.seq, kind: 'delivered' };
  } catch (error) {
    const nextAt = new Date(clock().getTime() + backoffMs(event.attempts, options.random ?? Math.random, options.backoff));
    return { seq: event.seq, kind: 'failed', error: describe(error).slice(0, 500), next_at: nextAt.toISOString(), lease };
  }
}

/**
 * Building block of delivery: posts claimed events (in parallel, at most `concurrency` at once: they are of different
 * accounts) and records every outcome with one statement at the end.
 */
export async function postClaimedEvents(db: Db, post: PostEvent, events: readonly ClaimedEvent[], options: DeliveryOptions = {}): Promise<DeliveryRound> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const runner = async () => {
    while (next < events.length) outcomes.push(await postOne(post, events[next++]!, options));
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 32, events.length) }, runner));
  const dead = await recordOutcomes(db, outcomes, (options.now ?? (() => new Date()))());
  const count = (kind: Outcome['kind']) => outcomes.filter((outcome) => outcome.kind === kind).length;
  return { claimed: events.length, delivered: count('delivered'), failed: count('failed'), dead };
}

export interface StreamOptions extends DeliveryOptions {
  /** Called after each batch of outcomes is recorded. */
  onRound?: (round: DeliveryRound) => void;
  /** Checked before each claim: once true, what is claimed is posted and recorded, nothing more is claimed. */
  shouldStop?: () => boolean;
}

/**
 * Delivers until nothing more is due right now, keeping `concurrency` posts in flight the whole
 * time: batches are claimed with one statement each (the next one while the last is still being
 * posted, so the database's turn hides behind the network's), and outcomes are recorded with one
 * statement per `batchSize` of them. A claim never takes two events of one account, nor an event
 * whose account has an earlier one pending, so order per account holds however many are in
 * flight. A database failure stops the stream once the posts under way are done (and thrown).
 */
export async function deliverUntilIdle(db: Db, post: PostEvent, options: StreamOptions = {}): Promise<DeliveryRound> {
  const clock = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 200;
  const concurrency = options.concurrency ?? 32;
  const leaseMs = options.leaseMs ?? 120_000;
  const total: DeliveryRound = { claimed: 0, delivered: 0, failed: 0, dead: 0 };
  const queue: ClaimedEvent[] = [];
  let outcomes: Outcome[] = [];
  let claiming: Promise<void> | null = null;
  let flushing: Promise<void> | null = null;
  let exhausted = false;
  // Set from the claim's and the record's callbacks (a holder, so the type is not narrowed to null).
  const failure: { error?: unknown; failed: boolean } = { failed: false };

  const claimMore = () => {
    if (claiming || exhausted || failure.failed || options.shouldStop?.()) return;
    claiming = claimDueEvents(db, clock(), batchSize, leaseMs)
      .then((events) => {
        queue.push(...events);
        total.claimed += events.length;
        // A short batch: nothing more is due now (the caller asks again after its pause).
        if (events.length < batchSize) exhausted = true;
      })
      .catch((error: unknown) => {
        if (!failure.failed) Object.assign(failure, { error, failed: true });
      })
      .finally(() => {
        claiming = null;
      });
  };
  /** Records what has gathered: a batch's worth, or (at the end) whatever is left. */
  const flush = async (rest = false) => {
    while (flushing) await flushing;
    if (outcomes.length === 0 || (!rest && outcomes.length < batchSize)) return;
    const batch = outcomes;
    outcomes = [];
    flushing = recordOutcomes(db, batch, clock())
      .then((dead) => {
        const delivered = batch.filter((outcome) => outcome.kind === 'delivered').length;
        const failed = batch.filter((outcome) => outcome.kind === 'failed').length;
        total.delivered += delivered;
        total.failed += failed;
        total.dead += dead;
        options.onRound?.({ claimed: batch.length, delivered, failed, dead });
      })
      .catch((error: unknown) => {
        if (!failure.failed) Object.assign(failure, { error, failed: true });
      })
      .finally(() => {
        flushing = null;
      });
    await flushing;
  };
  const runner = async () => {
    for (;;) {
      // Keep a batch in hand: claim the next as soon as this one is being posted.
      if (queue.length < batchSize) claimMore();
      const event = queue.shift();
      if (!event) {
        if (claiming) {
          await claiming;
          continue;
        }
        return;
      }
      // Read `outcomes` after the post: a flush meanwhile has swapped in a fresh list.
      const outcome = await postOne(post, event, options);
      outcomes.push(outcome);
      if (outcomes.length >= batchSize) await flush();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, runner));
  await flush(true);
  if (failure.failed) throw failure.error;
  return total;
}

/** System job (the delivery worker; no person acts, no permission is checked): one round — claim a batch with one statement, post it, record the outcomes with one statement. */
export async function deliverDueEvents(db: Db, post: PostEvent, options: DeliveryOptions = {}): Promise<DeliveryRound> {
  const clock = options.now ?? (() => new Date());
  const events = await claimDueEvents(db, clock(), options.batchSize ?? 200, options.leaseMs ?? 120_000);
  return postClaimedEvents(db, post, events, options);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}
