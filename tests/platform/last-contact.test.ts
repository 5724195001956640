import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database, type Db } from '@/db/client';
import { accounts, contacts } from '@/db/schema';
import { lastContactAfter, lastContactBefore, lastContactBetween } from '@/lib/platform/last-contact';
import { openTestDatabase } from '../helpers/db';
import { account, conversation } from '../helpers/fixtures';

/**
 * The last-contact ranges are read through an index by UTC day, then the exact time: they must
 * select exactly the conversations the plain comparison of times does, at the edges of days and of
 * the range itself, whatever the session's time zone.
 */
const START = Date.parse('2025-02-27T00:00:00Z');
const HOUR = 3_600_000;
// Every 53 minutes over five days (so every time of day comes up), plus the bounds themselves and a second either side.
const BOUNDS = ['2025-03-01T10:00:00Z', '2025-03-02T00:00:00Z', '2025-03-03T23:59:59Z'].map((time) => Date.parse(time));
const TIMES = [
  ...Array.from({ length: 136 }, (_, i) => START + i * 53 * 60_000),
  ...BOUNDS.flatMap((bound) => [bound - 1000, bound, bound + 1000]),
];

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.insert(accounts).values(TIMES.map((_, i) => account(`a${i}`, null)).concat(account('hub', null)));
  await database.db.insert(contacts).values(TIMES.map((time, i) => conversation('hub', `a${i}`, { lastContactAt: new Date(time) })));
});
afterAll(async () => database?.close());

const literal = (time: number) => sql.raw(`'${new Date(time).toISOString()}'::timestamptz`);

async function selected(db: Db, where: SQL): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(db, sql`select account_hi as id from contacts where ${where} order by 1`);
  return rows.map((row) => row.id);
}

describe('last-contact ranges by day', () => {
  for (const timeZone of ['UTC', 'Pacific/Auckland', 'America/Los_Angeles']) {
    it(`select what comparing the times selects (session time zone ${timeZone})`, async () => {
      // In one transaction, so every statement runs on the connection whose time zone was set.
      await database.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`set local time zone '${timeZone}'`));
        const [zone] = await queryRows<{ name: string }>(tx, sql`select current_setting('TimeZone') as name`);
        expect(zone?.name).toBe(timeZone);
        for (const after of BOUNDS) {
          expect(await selected(tx, lastContactAfter(literal(after)))).toEqual(await selected(tx, sql`last_contact_at > ${literal(after)}`));
          expect(await selected(tx, lastContactBefore(literal(after)))).toEqual(await selected(tx, sql`last_contact_at < ${literal(after)}`));
          for (const until of BOUNDS.filter((bound) => bound > after)) {
            const plain = await selected(tx, sql`last_contact_at > ${literal(after)} and last_contact_at <= ${literal(until)}`);
            expect(plain.length).toBeGreaterThan(0);
            expect(await selected(tx, lastContactBetween(literal(after), literal(until)))).toEqual(plain);
          }
        }
      });
    });
  }

  it('are read through the index by day', async () => {
    await database.db.execute(sql`analyze contacts`);
    const plan = await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return queryRows<{ 'QUERY PLAN': string }>(tx, sql`explain select 1 from contacts where ${lastContactBetween(literal(BOUNDS[0]!), literal(BOUNDS[0]! + 6 * HOUR))}`);
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('contacts_last_contact_day_idx');
  });
});
