import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '@/db/client';
import { accounts } from '@/db/schema';
import { assignItem, claimNext, releaseItem } from '@/lib/triage/claims';
import { countQueues } from '@/lib/triage/listing';
import { setQueueRestrictions } from '@/lib/triage/queues';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account } from '../helpers/fixtures';
import { auditCount, makeStaff } from '../helpers/staff';
import { fileMany } from './fixtures';
import { ctxOf } from '../helpers/context';

describe(`claiming on ${testEngine()}`, () => {
  let database: Database;
  let moderators: Awaited<ReturnType<typeof makeStaff>>[];
  let admin: Awaited<ReturnType<typeof makeStaff>>;
  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    moderators = await Promise.all(Array.from({ length: 6 }, () => makeStaff(db, 'moderator')));
    admin = await makeStaff(db, 'admin');
    await db.insert(accounts).values(Array.from({ length: 10 }, (_, i) => account(`g${i}`, '1980-01-01')));
    await fileMany(
      db,
      Array.from({ length: 10 }, (_, i) => ({ reportedId: `g${i}`, category: 'grooming' as const, createdAt: new Date(Date.now() - (i + 1) * 60_000) })),
    );
  });
  afterAll(async () => database?.close());

  it('gives moderators claiming at the same time different items, each leased and audited', async () => {
    const { db } = database;
    const before = await auditCount(db);
    // On PostgreSQL these run on separate pool connections at once; SKIP LOCKED keeps them apart.
    const claims = await Promise.all(moderators.slice(0, 5).map((moderator) => claimNext(ctxOf(db, moderator), 'child-safety')));
    const ids = claims.map((claim) => claim?.itemId);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(5);
    expect((await auditCount(db)) - before).toBe(5);
    const leases = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from queue_items where assignee_id is not null and lease_expires_at > now() + interval '14 minutes'`,
    );
    expect(leases[0]!.n).toBe(5);
    const [childSafety] = await countQueues(ctxOf(db, moderators[0]!));
    expect(childSafety).toMatchObject({ waiting: 10, unassigned: 5 });
    // The top of the queue went first: the five oldest grooming reports (g9 … g5).
    const claimedAccounts = await queryRows<{ reported_id: string }>(
      db,
      sql`select reported_id from queue_items where assignee_id is not null order by reported_id`,
    );
    expect(claimedAccounts.map((row) => row.reported_id)).toEqual(['g5', 'g6', 'g7', 'g8', 'g9']);
  });

  // PGlite has a single connection, so only PostgreSQL can have a claim in flight while another starts.
  it.skipIf(testEngine() !== 'postgres')('skips the row another claimer has locked and not yet committed', async () => {
    const { db } = database;
    const other = await openDatabase({ url: (database as Database & { url: string }).url, migrate: false });
    try {
      await other.db.transaction(async (tx) => {
        const [locked] = await queryRows<{ id: string }>(
          tx,
          sql`select id from queue_items where queue_id = 'child-safety' and assignee_id is null
              order by lane, (-priority), oldest_report_at, id limit 1 for update`,
        );
        const claim = await Promise.race([
          claimNext(ctxOf(db, moderators[5]!), 'child-safety'),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('claim waited for the locked row')), 5000)),
        ]);
        expect(claim?.itemId).toBeTruthy();
        expect(claim?.itemId).not.toBe(locked!.id);
      });
    } finally {
      await other.close();
    }
    await releaseItem(ctxOf(db, moderators[5]!), (await claimNext(ctxOf(db, moderators[5]!), 'child-safety'))!.itemId);
  });

  it('hands a moderator back the item they already hold instead of a second one', async () => {
    const again = await claimNext(ctxOf(database.db, moderators[0]!), 'child-safety');
    expect(again?.reclaimed).toBe(true);
    const [held] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from queue_items where assignee_id = ${moderators[0]!.id}`,
    );
    expect(held!.n).toBe(1);
  });

  it('lets another moderator take an item whose lease expired', async () => {
    const { db } = database;
    const [abandoned] = await queryRows<{ id: string }>(db, sql`select id from queue_items where assignee_id = ${moderators[1]!.id}`);
    // Everything else is held: expire moderator 1's lease and make the remaining free items held too.
    await queryRows(db, sql`update queue_items set lease_expires_at = now() - interval '1 second' where id = ${abandoned!.id}`);
    await queryRows(
      db,
      sql`update queue_items set assignee_id = ${moderators[2]!.id}, lease_expires_at = null where assignee_id is null`,
    );
    const claim = await claimNext(ctxOf(db, moderators[5]!), 'child-safety');
    expect(claim?.itemId).toBe(abandoned!.id);
    const [event] = await queryRows<{ details: { previousAssignee: string } }>(
      db,
      sql`select details from moderation_events where item_id = ${abandoned!.id} and kind = 'claimed' order by id desc limit 1`,
    );
    expect(event!.details.previousAssignee).toBe(moderators[1]!.id);
    // Nothing left: every item is held.
    expect(await claimNext(ctxOf(db, moderators[3]!), 'everything-else')).toBeNull();
    expect(await claimNext(ctxOf(db, await makeStaff(db, 'moderator')), 'child-safety')).toBeNull();
  });

  it('assigns, unassigns and releases, each with one audit entry', async () => {
    const { db } = database;
    const [item] = await queryRows<{ id: string }>(db, sql`select id from queue_items where assignee_id = ${moderators[5]!.id}`);
    let before = await auditCount(db);
    await releaseItem(ctxOf(db, moderators[5]!), item!.id);
    await assignItem(ctxOf(db, admin), { itemId: item!.id, staffId: moderators[4]!.id });
    expect((await auditCount(db)) - before).toBe(2);
    const [assigned] = await queryRows<{ assignee_id: string; lease_expires_at: Date | null }>(
      db,
      sql`select assignee_id, lease_expires_at from queue_items where id = ${item!.id}`,
    );
    expect(assigned).toEqual({ assignee_id: moderators[4]!.id, lease_expires_at: null });
    await expect(releaseItem(ctxOf(db, moderators[5]!), item!.id)).rejects.toThrow('You do not hold this item.');
    before = await auditCount(db);
    await assignItem(ctxOf(db, moderators[5]!), { itemId: item!.id, staffId: null });
    expect((await auditCount(db)) - before).toBe(1);
    const liaison = await makeStaff(db, 'liaison');
    await expect(assignItem(ctxOf(db, admin), { itemId: item!.id, staffId: liaison.id })).rejects.toThrow(/may act on reports/);
    await expect(claimNext(ctxOf(db, liaison), 'child-safety')).rejects.toThrow(/may not reports:act/);
  });

  it('keeps a moderator limited to some queues out of the others', async () => {
    const { db } = database;
    const limited = await makeStaff(db, 'moderator');
    await setQueueRestrictions(ctxOf(db, admin), { staffId: limited.id, queueIds: ['everything-else'] });
    await expect(claimNext(ctxOf(db, limited), 'child-safety')).rejects.toThrow(/limited to other queues/);
    expect(await claimNext(ctxOf(db, limited), 'everything-else')).toBeNull();
  });
});
