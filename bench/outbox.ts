/**
 * `npm run bench -- outbox [--events N]` (PostgreSQL): outbox delivery throughput to a local
 * receiver that verifies every signature, beside the same signed posts sent straight from memory
 * (the HTTP floor), and the cost a decision pays for its outbox write, beside the same decision
 * without it — each pair measured in one run.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '@/db/client';
import { accountActions, accounts, staff } from '@/db/schema';
import { recordAccountActions } from '@/lib/moderation/account-actions';
import type { ClaimedEvent } from '@/lib/outbox/deliver';
import { enqueueOutboxEvents } from '@/lib/outbox/enqueue';
import { startReceiver } from '@/lib/outbox/receiver';
import { webhookPoster } from '@/lib/outbox/webhook';
import { startDeliveryWorker } from '@/lib/outbox/worker';
import { option } from './support/common';
import { createScratchDatabase } from './support/scratch-database';

const EVENTS = Number(option('events', '20000'));
if (!Number.isInteger(EVENTS) || EVENTS < 2 || EVENTS % 2 !== 0) throw new Error('--events takes an even number');
const DECISIONS = 400;
const CONCURRENCY = 32;
const secret = `whsec_${randomBytes(32).toString('base64')}`;

const scratch = await createScratchDatabase('lookout_bench_outbox');
const database = await openDatabase({ url: scratch.url });
const receiver = await startReceiver({ secret });
try {
  const { db } = database;
  const ids = Array.from({ length: EVENTS }, (_, i) => `acc-${String(i).padStart(7, '0')}`);
  for (let i = 0; i < ids.length; i += 5000) {
    await db.insert(accounts).values(ids.slice(i, i + 5000).map((accountId) => ({ accountId, username: accountId, createdAt: new Date('2024-01-01') })));
  }
  const [moderator] = await db.insert(staff).values({ email: 'bench@lookout.test', role: 'moderator', passwordHash: 'x' }).returning();

  // Delivery: one event per account, drained by the worker's rounds.
  const now = new Date();
  for (let i = 0; i < ids.length; i += 5000) {
    await enqueueOutboxEvents(
      db,
      ids.slice(i, i + 5000).map((accountId, n) => ({
        type: 'account.action' as const,
        data: { account_id: accountId, action: 'warn' as const, reason: 'bench', ends_at: null, decision_id: `d${i + n}` },
        source: { type: 'bench', id: `d${i + n}` },
      })),
      now,
    );
  }
  const post = webhookPoster({ url: receiver.url, secret, maxSockets: CONCURRENCY });

  // The floor: the same signed posts sent from memory, same concurrency, no database. Half of it is
  // measured before the worker runs and half after, so a machine whose load changes meanwhile
  // (other work on shared cores) weighs on both sides of the ratio alike.
  const payloads = await queryRows<{ payload: ClaimedEvent['payload'] }>(db, sql`select payload from outbox_events order by seq`);
  const floorReceiver = await startReceiver({ secret });
  const floorPost = webhookPoster({ url: floorReceiver.url, secret, maxSockets: CONCURRENCY });
  const floor = async (rows: typeof payloads) => {
    const began = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < rows.length) {
          const row = rows[next++]!;
          await floorPost({ seq: 0, id: randomUUID(), type: row.payload.type, accountId: '', payload: row.payload, attempts: 1, leaseUntil: new Date(0) });
        }
      }),
    );
    return (performance.now() - began) / 1000;
  };
  let floorSeconds = await floor(payloads.slice(0, EVENTS / 2));

  // The app's own worker (lib/outbox/worker.ts): batches claimed with one statement, the next
  // claimed while one is posted, outcomes recorded with one statement per batch.
  const started = performance.now();
  let delivered = 0;
  let rounds = 0;
  await new Promise<void>((resolve, reject) => {
    const worker = startDeliveryWorker(db, post, {
      concurrency: CONCURRENCY,
      idleMs: 20,
      onRound: (round) => {
        delivered += round.delivered;
        if (round.claimed > 0) rounds += 1;
        if (delivered >= EVENTS) void worker.stop().then(resolve);
      },
      onError: (error) => void worker.stop().then(() => reject(error)),
    });
  });
  const outboxSeconds = (performance.now() - started) / 1000;
  if (receiver.events.length !== EVENTS || receiver.rejected > 0) throw new Error(`receiver got ${receiver.events.length} of ${EVENTS}, rejected ${receiver.rejected}`);

  floorSeconds += await floor(payloads.slice(EVENTS / 2));
  floorPost.close();
  await floorReceiver.close();

  // A decision's added cost: recordAccountActions (action + status + event) vs the action and status alone.
  const withOutbox: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < DECISIONS; i++) {
    const accountId = ids[i]!;
    let t = performance.now();
    await db.transaction((tx) => recordAccountActions(tx, [{ accountId, action: 'suspend', reason: 'bench', actorId: moderator!.id, sourceType: 'bench', sourceId: 'b' }], new Date()));
    withOutbox.push(performance.now() - t);
    t = performance.now();
    await db.transaction(async (tx) => {
      await tx.insert(accountActions).values({ accountId, action: 'reinstate', reason: 'bench', actorId: moderator!.id, sourceType: 'bench', sourceId: 'b' });
      await tx.execute(sql`update accounts set status = 'active' where account_id = ${accountId}`);
    });
    without.push(performance.now() - t);
  }
  const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

  process.stdout.write(
    [
      `outbox delivery, ${EVENTS} events to a verifying local receiver (concurrency ${CONCURRENCY})`,
      `  outbox worker: ${delivered} in ${outboxSeconds.toFixed(2)} s (${rounds} batches) = ${Math.round(delivered / outboxSeconds)} events/s`,
      `  floor (same signed posts from memory, half before and half after): ${Math.round(EVENTS / floorSeconds)} posts/s`,
      `  ratio outbox/floor time: ${(outboxSeconds / floorSeconds).toFixed(2)}x`,
      `decision with outbox write vs without (p50 of ${DECISIONS}): ${p50(withOutbox).toFixed(2)} ms vs ${p50(without).toFixed(2)} ms = +${(p50(withOutbox) - p50(without)).toFixed(2)} ms (${(p50(withOutbox) / p50(without)).toFixed(2)}x)`,
    ].join('\n') + '\n',
  );
  post.close();
} finally {
  await receiver.close();
  await database.close();
  await scratch.drop();
}
