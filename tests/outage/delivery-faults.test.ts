import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { queryRows } from '@/db/client';
import { accounts } from '@/db/schema';
import { recordAccountActions } from '@/lib/moderation/account-actions';
import { enqueueOutboxEvents } from '@/lib/outbox/enqueue';
import type { NewOutboxEvent } from '@/lib/outbox/events';
import { readLog, startReceiver, type Receiver } from '@/lib/outbox/receiver';
import { webhookPoster } from '@/lib/outbox/webhook';
import { startDeliveryWorker } from '@/lib/outbox/worker';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { account } from '../helpers/fixtures';
import { makeStaff } from '../helpers/staff';

/**
 * Delivery through faults, with real processes on real PostgreSQL: `lookout deliver` workers run
 * as their own processes (node with tsx's loader, so a SIGKILL reaches the worker itself, not a
 * wrapper) against a fresh database; the chat app's side is lib/outbox/receiver.ts, once as its
 * own process (scripts/platform-receiver.ts, killed and restarted) and otherwise in this process,
 * where it counts the posts of every webhook-id (the rollback case needs no second process: it runs
 * the app's worker here). Waits between retries are shortened through
 * LOOKOUT_DELIVERY_RETRY_BASE_MS / _CAP_MS so the retries happen inside the test.
 *
 * PostgreSQL only: PGlite is opened by one process at a time, so workers in other processes
 * cannot share it (the same claims are covered in one process by tests/outbox/delivery.test.ts).
 */
const onPostgres = testEngine() === 'postgres';
const skipReason = onPostgres ? '' : ' (skipped on PGlite: the embedded database is opened by one process at a time, so worker processes cannot share it)';
const SECRET = `whsec_${Buffer.from('lookout-fault-test-secret-32-by!').toString('base64')}`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

interface Proc {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Spawns `node --import tsx <script> …` (one process: a signal reaches the program itself). */
function spawnTs(args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env, cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

function suspend(accountId: string, decision: string): NewOutboxEvent {
  return { type: 'account.action', data: { account_id: accountId, action: 'suspend', reason: 'fault test', ends_at: null, decision_id: decision }, source: { type: 'account_action', id: decision } };
}

/** Two decisions for each of `count` accounts named `<prefix>-<n>`: decision ids `<prefix>-<n>-1`, `-2`. */
function twoEach(prefix: string, count: number): NewOutboxEvent[] {
  return Array.from({ length: count }, (_, i) => [suspend(`${prefix}-${i}`, `${prefix}-${i}-1`), suspend(`${prefix}-${i}`, `${prefix}-${i}-2`)]).flat();
}

/** Every account's decisions arrived in the order they were taken. */
function expectOrderPerAccount(decisionIds: string[]): void {
  const position = new Map(decisionIds.map((id, index) => [id, index]));
  for (const id of decisionIds.filter((decision) => decision.endsWith('-2'))) {
    expect(position.get(id.replace(/-2$/, '-1')), `${id} arrived before its account's earlier decision`).toBeLessThan(position.get(id)!);
  }
}

describe(`delivery through faults, real processes on ${testEngine()}`, () => {
  let database: TestDatabase;
  let adminEmail: string;
  let dir: string;
  const processes: Proc[] = [];
  let receiver: Receiver | undefined;

  beforeAll(async () => {
    if (!onPostgres) return;
    database = await openTestDatabase();
    adminEmail = (await makeStaff(database.db, 'admin')).email;
    dir = mkdtempSync(path.join(tmpdir(), 'lookout-delivery-faults-'));
  });

  afterEach(async () => {
    for (const proc of processes.splice(0)) {
      if (proc.child.exitCode === null && proc.child.signalCode === null) {
        proc.child.kill('SIGKILL');
        await proc.exited;
      }
    }
    await receiver?.close();
    receiver = undefined;
    if (onPostgres) await database.db.execute(sql`delete from outbox_events`);
  });

  afterAll(async () => {
    if (!onPostgres) return;
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function workerEnv(url: string): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DATABASE_URL: database.url!,
      LOOKOUT_PLATFORM_WEBHOOK_URL: url,
      LOOKOUT_PLATFORM_WEBHOOK_SECRET: SECRET,
      LOOKOUT_DELIVERY_RETRY_BASE_MS: '250',
      LOOKOUT_DELIVERY_RETRY_CAP_MS: '2000',
    };
  }

  /** A `lookout deliver` process, once it says it is delivering. */
  async function startWorker(url: string, leaseSeconds = 120): Promise<Proc & { delivered(): number }> {
    const proc = spawnTs(['cli/lookout.ts', 'deliver', '--as', adminEmail, '--lease-seconds', String(leaseSeconds)], workerEnv(url));
    processes.push(proc);
    await waitFor('the worker to start', () => proc.output().includes('delivering to') || proc.child.exitCode !== null, 60_000);
    expect(proc.output()).toContain('delivering to');
    const delivered = () => [...proc.output().matchAll(/^delivered (\d+),/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
    return Object.assign(proc, { delivered });
  }

  async function countByStatus(): Promise<Record<string, number>> {
    const rows = await queryRows<{ status: string; n: number }>(database.db, sql`select status, count(*)::int as n from outbox_events group by status`);
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }
  const allDelivered = (total: number) => async () => (await countByStatus()).delivered === total;

  async function allIds(): Promise<string[]> {
    return (await queryRows<{ id: string }>(database.db, sql`select id from outbox_events order by seq`)).map((row) => row.id);
  }

  it.skipIf(!onPostgres)(`the receiver is down for 30 s, then back: every event arrives, none is applied twice${skipReason}`, async () => {
    const port = await freePort();
    const logFile = path.join(dir, 'receiver.ndjson');
    const receiverEnv = { ...process.env, LOOKOUT_PLATFORM_WEBHOOK_SECRET: SECRET, RECEIVER_PORT: String(port), RECEIVER_LOG: logFile, RECEIVER_DELAY_MS: '20' };
    const startReceiverProcess = async () => {
      const proc = spawnTs(['scripts/platform-receiver.ts'], receiverEnv);
      processes.push(proc);
      await waitFor('the receiver to listen', () => proc.output().includes('platform receiver on'), 60_000);
      return proc;
    };
    const [firstPlatform, worker] = await Promise.all([startReceiverProcess(), startWorker(`http://127.0.0.1:${port}/`)]);
    let platform = firstPlatform;

    await enqueueOutboxEvents(database.db, twoEach('early', 150), new Date());
    await waitFor('some posts before the outage', () => readLog(logFile).length >= 60, 30_000, 20);
    platform.child.kill('SIGKILL');
    await platform.exited;
    const downAt = Date.now();
    // Decisions keep being taken while the chat app is down.
    await enqueueOutboxEvents(database.db, twoEach('during', 50), new Date());
    await waitFor('the outage to last 30 s', () => Date.now() - downAt >= 30_000, 31_000, 500);
    const duringOutage = await queryRows<{ retried: number; most: number }>(
      database.db,
      sql`select count(*) filter (where last_error is not null)::int as retried, max(attempts)::int as most from outbox_events where status = 'pending'`,
    );
    platform = await startReceiverProcess();

    const total = 400;
    await waitFor('every event to be delivered', allDelivered(total), 40_000);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);

    // The worker kept trying through the outage (connection refused, retried within seconds).
    expect(duringOutage[0]!.retried).toBeGreaterThan(0);
    expect(duringOutage[0]!.most).toBeGreaterThanOrEqual(4);
    const log = readLog(logFile);
    const applied = log.filter((post) => !post.duplicate);
    expect(applied.map((post) => post.id).sort()).toEqual((await allIds()).sort());
    expect(new Set(applied.map((post) => post.id)).size).toBe(total);
    expectOrderPerAccount(applied.map((post) => String(post.body.data.decision_id)));
  });

  it.skipIf(!onPostgres)(`a worker killed in the middle of a batch and started again loses nothing${skipReason}`, async () => {
    receiver = await startReceiver({ secret: SECRET, delayMs: 40 });
    const first = await startWorker(receiver.url, 4);
    await enqueueOutboxEvents(database.db, twoEach('kill', 200), new Date());
    await waitFor('the first posts of a batch', () => receiver!.posts.size >= 40, 30_000, 10);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Mid-batch: events claimed by the dead worker, some of them already at the platform, none recorded.
    const claimed = await queryRows<{ id: string }>(database.db, sql`select id from outbox_events where status = 'pending' and locked_until > now()`);
    const postedUnrecorded = claimed.filter((row) => receiver!.posts.has(row.id));
    expect(claimed.length).toBeGreaterThan(postedUnrecorded.length);
    expect(postedUnrecorded.length).toBeGreaterThan(0);

    await startWorker(receiver.url, 4);
    await waitFor('every event to be delivered', allDelivered(400), 40_000);

    const ids = await allIds();
    expect([...receiver.posts.keys()].sort()).toEqual([...ids].sort());
    expect(receiver.events.map((event) => event.id).sort()).toEqual([...ids].sort());
    // At least once: exactly the posts whose outcome died with the worker came twice.
    expect(receiver.duplicates).toBe(postedUnrecorded.length);
    expect([...receiver.posts.entries()].filter(([, count]) => count > 1).map(([id]) => id).sort()).toEqual(postedUnrecorded.map((row) => row.id).sort());
    expectOrderPerAccount(receiver.events.map((event) => String(event.body.data.decision_id)));
  });

  it.skipIf(!onPostgres)(`two workers at once: each event is posted by one of them, once${skipReason}`, async () => {
    receiver = await startReceiver({ secret: SECRET, delayMs: 20 });
    const [one, two] = await Promise.all([startWorker(receiver.url), startWorker(receiver.url)]);
    await enqueueOutboxEvents(database.db, twoEach('pair', 500), new Date());
    await waitFor('every event to be delivered', allDelivered(1000), 40_000);

    expect(receiver.posts.size).toBe(1000);
    expect([...receiver.posts.values()].filter((count) => count !== 1)).toEqual([]);
    expect(receiver.duplicates).toBe(0);
    expectOrderPerAccount(receiver.events.map((event) => String(event.body.data.decision_id)));
    await waitFor('both workers to report', () => one.delivered() + two.delivered() === 1000, 5_000);
    expect(one.delivered()).toBeGreaterThan(0);
    expect(two.delivered()).toBeGreaterThan(0);
  });

  it.skipIf(!onPostgres)(`a decision whose transaction rolls back reaches no one, while a worker is running${skipReason}`, async () => {
    receiver = await startReceiver({ secret: SECRET });
    await database.db.insert(accounts).values([account('rollback-1', '1980-01-01'), account('committed-1', '1980-01-01')]).onConflictDoNothing();
    // The app's own worker, in this process (what matters here is the database's rollback, not a process boundary).
    const post = webhookPoster({ url: receiver.url, secret: SECRET });
    const worker = startDeliveryWorker(database.db, post, { idleMs: 100 });
    onTestFinished(async () => {
      await worker.stop();
      post.close();
    });
    const decide = (accountId: string, fail: boolean) =>
      database.db.transaction(async (tx) => {
        await recordAccountActions(tx, [{ accountId, action: 'ban', reason: 'fault test', actorId: null, sourceType: 'test', sourceId: accountId }], new Date());
        if (fail) throw new Error('the decision failed after its event was written');
      });
    await expect(decide('rollback-1', true)).rejects.toThrow('decision failed');
    await decide('committed-1', false);
    // The committed decision arrives; the worker has looked several times over by then.
    await waitFor('the committed decision to arrive', () => receiver!.events.length > 0, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.events.map((event) => event.body.data.account_id)).toEqual(['committed-1']);
    expect(await queryRows(database.db, sql`select 1 from outbox_events where account_id = 'rollback-1'`)).toEqual([]);
    expect(await queryRows(database.db, sql`select 1 from account_actions where account_id = 'rollback-1'`)).toEqual([]);
    const [status] = await queryRows<{ status: string }>(database.db, sql`select status from accounts where account_id = 'rollback-1'`);
    expect(status!.status).toBe('active');
  });
});
