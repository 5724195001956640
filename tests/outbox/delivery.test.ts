import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '@/db/client';
import { backoffMs, claimDueEvents, deliverDueEvents, deliverUntilIdle, postClaimedEvents, retryBackoffFromEnv, type ClaimedEvent } from '@/lib/outbox/deliver';
import { enqueueOutboxEvents } from '@/lib/outbox/enqueue';
import type { NewOutboxEvent } from '@/lib/outbox/events';
import { startReceiver, type Receiver } from '@/lib/outbox/receiver';
import { webhookPoster } from '@/lib/outbox/webhook';
import { openTestDatabase, testEngine } from '../helpers/db';

const SECRET = `whsec_${Buffer.from('lookout-test-webhook-secret-32by').toString('base64')}`;

function suspend(accountId: string, decision: string): NewOutboxEvent {
  return {
    type: 'account.action',
    data: { account_id: accountId, action: 'suspend', reason: 'test', ends_at: null, decision_id: decision },
    source: { type: 'account_action', id: decision },
  };
}

async function statuses(database: Database) {
  return queryRows<{ id: string; status: string; attempts: number }>(database.db, sql`select id, status, attempts from outbox_events order by seq`);
}

describe(`outbox delivery on ${testEngine()}`, () => {
  let database: Database & { url?: string };
  let receiver: Receiver;
  const start = new Date('2026-11-30T12:00:00Z');

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await receiver?.close();
    await database.close();
  });
  beforeEach(async () => {
    await database.db.execute(sql`delete from outbox_events`);
    await receiver?.close();
    receiver = await startReceiver({ secret: SECRET });
  });

  it('writes nothing when the decision’s transaction rolls back', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await enqueueOutboxEvents(tx, [suspend('acc-1', 'd1')], start);
        throw new Error('the decision failed after its event was written');
      }),
    ).rejects.toThrow('decision failed');
    expect(await statuses(database)).toEqual([]);
  });

  it('refuses an event whose data breaks its schema, so the decision rolls back', async () => {
    const bad = { ...suspend('acc-1', 'd1'), data: { account_id: '', action: 'explode' } } as unknown as NewOutboxEvent;
    await expect(enqueueOutboxEvents(database.db, [bad], start)).rejects.toThrow();
    expect(await statuses(database)).toEqual([]);
  });

  it('delivers signed events the receiver verifies, each account’s in order', async () => {
    await enqueueOutboxEvents(database.db, [suspend('a', 'd1'), suspend('b', 'd2'), suspend('a', 'd3'), suspend('a', 'd4')], start);
    const post = webhookPoster({ url: receiver.url, secret: SECRET });
    let rounds = 0;
    while ((await deliverDueEvents(database.db, post, { now: () => start })).claimed > 0) rounds += 1;
    // One event per account per round: a's three events need three rounds.
    expect(rounds).toBe(3);
    expect(receiver.rejected).toBe(0);
    const decisionsOfA = receiver.events.filter((event) => event.body.data.account_id === 'a').map((event) => event.body.data.decision_id);
    expect(decisionsOfA).toEqual(['d1', 'd3', 'd4']);
    expect((await statuses(database)).map((row) => row.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
  });

  it('a receiver that rejects the signature gets nothing recorded and the event is retried', async () => {
    await enqueueOutboxEvents(database.db, [suspend('a', 'd1')], start);
    const wrongKey = webhookPoster({ url: receiver.url, secret: `whsec_${Buffer.from('another-secret-entirely-32-bytes').toString('base64')}` });
    const round = await deliverDueEvents(database.db, wrongKey, { now: () => start });
    expect(round).toMatchObject({ claimed: 1, delivered: 0, failed: 1 });
    expect(receiver.events).toEqual([]);
    const [row] = await queryRows<{ status: string; last_error: string }>(database.db, sql`select status, last_error from outbox_events`);
    expect(row).toEqual({ status: 'pending', last_error: 'the platform answered HTTP 401' });
  });

  it('backs off while the receiver is down, then delivers every event exactly once when it is back', async () => {
    const port = Number(new URL(receiver.url).port);
    await receiver.close();
    await enqueueOutboxEvents(database.db, ['a', 'b', 'c'].flatMap((id) => [suspend(id, `${id}1`), suspend(id, `${id}2`)]), start);
    const post = webhookPoster({ url: `http://127.0.0.1:${port}/`, secret: SECRET, timeoutMs: 2_000 });
    let now = start;
    const failed = await deliverDueEvents(database.db, post, { now: () => now, random: () => 1 });
    expect(failed).toMatchObject({ claimed: 3, failed: 3, delivered: 0, dead: 0 });
    // Nothing is due again until the backoff (5 s after a first failure) has passed.
    now = new Date(start.getTime() + 4_000);
    expect((await deliverDueEvents(database.db, post, { now: () => now })).claimed).toBe(0);

    receiver = await startReceiver({ secret: SECRET, port });
    now = new Date(start.getTime() + 30_000);
    while ((await deliverDueEvents(database.db, post, { now: () => now })).claimed > 0);
    expect(receiver.events.map((event) => event.body.data.decision_id).sort()).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2']);
    expect(receiver.duplicates).toBe(0);
  });

  it('a claim abandoned by a crashed worker is taken again once its lease passes; nothing is lost', async () => {
    await enqueueOutboxEvents(database.db, [suspend('a', 'd1'), suspend('b', 'd2')], start);
    const abandoned = await claimDueEvents(database.db, start, 10, 60_000);
    expect(abandoned).toHaveLength(2);
    const post = webhookPoster({ url: receiver.url, secret: SECRET });
    expect((await deliverDueEvents(database.db, post, { now: () => new Date(start.getTime() + 59_000) })).claimed).toBe(0);
    const round = await deliverDueEvents(database.db, post, { now: () => new Date(start.getTime() + 61_000) });
    expect(round).toMatchObject({ claimed: 2, delivered: 2 });
    expect(receiver.events).toHaveLength(2);
  });

  it('becomes a dead letter once 24 hours of retries have failed', async () => {
    await enqueueOutboxEvents(database.db, [suspend('a', 'd1'), suspend('a', 'd2')], start);
    const failing = async () => {
      throw new Error('connection refused');
    };
    await deliverDueEvents(database.db, failing, { now: () => new Date(start.getTime() + 23 * 3_600_000) });
    expect((await statuses(database)).map((row) => row.status)).toEqual(['pending', 'pending']);
    const round = await deliverDueEvents(database.db, failing, { now: () => new Date(start.getTime() + 25 * 3_600_000) });
    expect(round).toMatchObject({ failed: 1, dead: 1 });
    // The dead letter no longer holds back the account's next event.
    const next = await claimDueEvents(database.db, new Date(start.getTime() + 26 * 3_600_000), 10, 60_000);
    expect(next.map((event: ClaimedEvent) => event.payload.data.decision_id)).toEqual(['d2']);
  });

  it.skipIf(testEngine() === 'pglite')('two workers at once never post the same event', async () => {
    const second = await openDatabase({ url: database.url!, migrate: false });
    try {
      const accountsCount = 400;
      await enqueueOutboxEvents(
        database.db,
        Array.from({ length: accountsCount }, (_, i) => [suspend(`acc-${i}`, `${i}-1`), suspend(`acc-${i}`, `${i}-2`)]).flat(),
        start,
      );
      const posts = new Map<string, number>();
      const post = async (event: ClaimedEvent) => {
        posts.set(event.id, (posts.get(event.id) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 1));
      };
      const drain = async (db: Database['db']) => {
        while ((await deliverDueEvents(db, post, { now: () => start, batchSize: 50 })).claimed > 0);
      };
      await Promise.all([drain(database.db), drain(second.db)]);
      expect(posts.size).toBe(accountsCount * 2);
      expect([...posts.values()].every((count) => count === 1)).toBe(true);
    } finally {
      await second.close();
    }
  });
  it('a stream keeps posts in flight across batches and records every outcome: nothing left claimed, each account in order', async () => {
    const accountsCount = 150;
    await enqueueOutboxEvents(
      database.db,
      Array.from({ length: accountsCount }, (_, i) => [suspend(`acc-${i}`, `${i}-1`), suspend(`acc-${i}`, `${i}-2`)]).flat(),
      start,
    );
    const posted: string[] = [];
    let inFlight = 0;
    let most = 0;
    const post = async (event: ClaimedEvent) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      // Uneven answers, so a batch's outcomes arrive while the next batch is already being posted.
      await new Promise((resolve) => setTimeout(resolve, (event.seq * 7) % 5));
      posted.push(String(event.payload.data.decision_id));
      inFlight -= 1;
    };
    const rounds: number[] = [];
    let passes = 0;
    while ((await deliverUntilIdle(database.db, post, { now: () => start, batchSize: 40, concurrency: 8, onRound: (round) => rounds.push(round.claimed) })).claimed > 0) passes += 1;
    expect(passes).toBe(2);
    expect(most).toBeLessThanOrEqual(8);
    expect(posted).toHaveLength(accountsCount * 2);
    expect(new Set(posted).size).toBe(accountsCount * 2);
    for (let i = 0; i < accountsCount; i++) expect(posted.indexOf(`${i}-1`)).toBeLessThan(posted.indexOf(`${i}-2`));
    // One statement per 40 or so outcomes (more gather while one is being recorded), the rest at the end of each pass.
    expect(rounds.reduce((sum, size) => sum + size, 0)).toBe(accountsCount * 2);
    expect(rounds.filter((size) => size < 40).length).toBeLessThanOrEqual(passes);
    const rows = await queryRows<{ status: string; locked: boolean; attempts: number }>(database.db, sql`select status, locked_until is not null as locked, attempts from outbox_events`);
    expect(rows.every((row) => row.status === 'delivered' && !row.locked && row.attempts === 1)).toBe(true);
  });

  it('hands an event back, unposted, when its claim would run out before the post could finish', async () => {
    await enqueueOutboxEvents(database.db, [suspend('a', 'd1')], start);
    const [claimed] = await claimDueEvents(database.db, start, 10, 15_000);
    const posts: string[] = [];
    const round = await postClaimedEvents(database.db, async (event) => void posts.push(event.id), [claimed!], { now: () => new Date(start.getTime() + 6_000), postTimeoutMs: 10_000 });
    expect(round).toMatchObject({ claimed: 1, delivered: 0, failed: 0 });
    expect(posts).toEqual([]);
    // Free again at once, and the attempt that never happened is not counted.
    const [row] = await queryRows<{ locked: boolean; attempts: number }>(database.db, sql`select locked_until is not null as locked, attempts from outbox_events`);
    expect(row).toEqual({ locked: false, attempts: 0 });
  });

  it('records a failure only while the claim is still this worker’s', async () => {
    await enqueueOutboxEvents(database.db, [suspend('a', 'd1')], start);
    const [mine] = await claimDueEvents(database.db, start, 10, 20_000);
    // The claim ran out (the worker stalled) and another worker took the event.
    const later = new Date(start.getTime() + 21_000);
    const [theirs] = await claimDueEvents(database.db, later, 10, 120_000);
    expect(theirs?.id).toBe(mine!.id);
    await postClaimedEvents(database.db, async () => { throw new Error('late failure'); }, [mine!], { now: () => start, postTimeoutMs: 1_000 });
    const [row] = await queryRows<{ locked_until: Date | string; last_error: string | null }>(database.db, sql`select locked_until, last_error from outbox_events`);
    expect(new Date(row!.locked_until).getTime()).toBe(theirs!.leaseUntil.getTime());
    expect(row!.last_error).toBeNull();
  });

  it('takes the retry backoff from the environment, for tests and demos', () => {
    expect(retryBackoffFromEnv({})).toEqual({ baseMs: 5_000, capMs: 3_600_000 });
    const short = retryBackoffFromEnv({ LOOKOUT_DELIVERY_RETRY_BASE_MS: '200', LOOKOUT_DELIVERY_RETRY_CAP_MS: '1000' });
    expect(short).toEqual({ baseMs: 200, capMs: 1_000 });
    expect([1, 2, 3, 4, 10].map((attempts) => backoffMs(attempts, () => 1, short))).toEqual([200, 400, 800, 1_000, 1_000]);
    expect([1, 2, 30].map((attempts) => backoffMs(attempts, () => 0))).toEqual([2_500, 5_000, 1_800_000]);
    expect(() => retryBackoffFromEnv({ LOOKOUT_DELIVERY_RETRY_BASE_MS: 'soon' })).toThrow(/whole number/);
    expect(() => retryBackoffFromEnv({ LOOKOUT_DELIVERY_RETRY_BASE_MS: '2000', LOOKOUT_DELIVERY_RETRY_CAP_MS: '1000' })).toThrow(/at least/);
  });
  it('a platform that never answers fails the post at its timeout, and the event is retried', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = silent.address() as AddressInfo;
      await enqueueOutboxEvents(database.db, [suspend('a', 'd1')], start);
      const post = webhookPoster({ url: `http://127.0.0.1:${port}/hook`, secret: SECRET, timeoutMs: 300 });
      const round = await deliverDueEvents(database.db, post, { now: () => start, postTimeoutMs: 300 });
      post.close();
      expect(round).toMatchObject({ claimed: 1, delivered: 0, failed: 1 });
      const [row] = await queryRows<{ status: string; last_error: string }>(database.db, sql`select status, last_error from outbox_events`);
      expect(row).toEqual({ status: 'pending', last_error: 'could not reach the platform: no answer within 0.3 s' });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
