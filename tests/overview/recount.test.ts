import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { accounts } from '@/db/schema';
import type { Actor } from '@/lib/auth/permissions';
import { loadOverview, OVERVIEW_RECOUNT_MS } from '@/lib/overview/overview';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account } from '../helpers/fixtures';
import { makeStaff } from '../helpers/staff';

const counted = new Date('2026-06-01T10:00:00Z');
const later = (ms: number) => new Date(counted.getTime() + ms);

describe(`the overview's counts are reused for a few minutes on ${testEngine()}`, () => {
  let database: Database;
  let moderator: Actor;
  beforeAll(async () => {
    database = await openTestDatabase();
    moderator = await makeStaff(database.db, 'moderator');
    await database.db.insert(accounts).values([account('a01', '1990-01-01'), account('a02', '2014-01-01')]);
  });
  afterAll(async () => database?.close());

  const view = (now: Date) => loadOverview(ctxOf(database.db, moderator, { now }));

  it('shows the same count, and when it was taken, until it is OVERVIEW_RECOUNT_MS old', async () => {
    const first = await view(counted);
    expect(first).toMatchObject({ accounts: 2, countedAt: counted });
    await database.db.insert(accounts).values(account('a03', '1980-01-01'));
    const soon = await view(later(OVERVIEW_RECOUNT_MS - 1));
    expect(soon).toMatchObject({ accounts: 2, countedAt: counted, asOf: later(OVERVIEW_RECOUNT_MS - 1) });
    expect(await view(later(OVERVIEW_RECOUNT_MS))).toMatchObject({ accounts: 3, countedAt: later(OVERVIEW_RECOUNT_MS) });
  });

  it('counts again on a new UTC day (ages are whole years to the date) and for an earlier clock', async () => {
    await view(new Date('2026-06-01T23:59:00Z'));
    await database.db.insert(accounts).values(account('a04', '1980-01-01'));
    expect(await view(new Date('2026-06-02T00:00:30Z'))).toMatchObject({ accounts: 4 });
    await database.db.insert(accounts).values(account('a05', '1980-01-01'));
    expect(await view(new Date('2026-06-01T12:00:00Z'))).toMatchObject({ accounts: 5 });
  });

  it('views arriving while a count runs share it', async () => {
    const at = new Date('2026-07-01T10:00:00Z');
    const [one, two] = await Promise.all([view(at), view(new Date(at.getTime() + 1000))]);
    expect(two.countedAt).toEqual(one.countedAt);
    expect(two.asOf).toEqual(new Date(at.getTime() + 1000));
  });

  it('still refuses a reader without the permission', async () => {
    await expect(loadOverview(ctxOf(database.db, null, { now: counted }))).rejects.toThrow();
  });
});
