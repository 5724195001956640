import { desc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { auditLog } from '@/db/schema';
import { rankAsOf } from '@/lib/risk/score';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine } from '../helpers/db';
import { makeStaff } from '../helpers/staff';
import { AS_OF, Graph, resetPlatform } from './graph';

const DAY = 86_400_000;

/**
 * `lookout risk --as-of`: the ranking as it would have been at another moment, computed in a
 * transaction that is rolled back — nothing stored changes, and the view is audited.
 */
describe(`ranking as of another moment on ${testEngine()}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    await resetPlatform(database.db);
    const graph = new Graph();
    graph.person('adult', { age: 34 });
    // Six strangers aged 12–13 the adult wrote to first, a month before AS_OF.
    for (const kid of graph.people('kid', 6, { age: 12 })) graph.talk('adult', kid, { fromInitiator: 30, fromRecipient: 12, daysAgo: 30 });
    await graph.save(database.db);
  });
  afterAll(async () => database?.close());

  const stored = async () =>
    (await queryRows<{ scores: number; runs: number }>(database.db, sql`select (select count(*) from risk_scores)::int as scores, (select count(*) from risk_runs)::int as runs`))[0];

  it('ranks the account at that moment, with its reasons, and stores nothing', async () => {
    const moderator = await makeStaff(database.db, 'moderator');
    const ranked = await rankAsOf(ctxOf(database.db, moderator), { asOf: AS_OF, top: 5 });
    expect(ranked[0]?.accountId).toBe('adult');
    expect(ranked[0]?.signals.map((signal) => signal.code)).toContain('contacted_younger_minors');
    expect(await stored()).toEqual({ scores: 0, runs: 0 });

    const [entry] = await database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(entry).toMatchObject({ action: 'risk.list', actorId: moderator.id });
    expect(entry?.changes).toMatchObject({ asOf: AS_OF.toISOString(), returned: ranked.length, preview: true });
  });

  it('does not see conversations that began after the moment asked for', async () => {
    const moderator = await makeStaff(database.db, 'moderator');
    const ranked = await rankAsOf(ctxOf(database.db, moderator), { asOf: new Date(AS_OF.getTime() - 60 * DAY), top: 5 });
    expect(ranked.map((item) => item.accountId)).not.toContain('adult');
  });

  it('refuses a caller who is not signed in, and audits nothing for it', async () => {
    const [before] = await database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    await expect(rankAsOf(ctxOf(database.db, null), { asOf: AS_OF, top: 5 })).rejects.toMatchObject({ code: 'unauthenticated' });
    const [after] = await database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(after?.seq).toBe(before?.seq);
  });
});
