import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { agedBetween } from '@/lib/risk/dirty';
import { openTestDatabase } from '../helpers/db';

/**
 * The incremental run finds birthdays between two runs by month and day before it takes ages: it must
 * pick exactly the birthdates whose age in whole years moved between the two UTC days — past and
 * still-ahead birthdates, 29 February in leap and other years, month and year ends, two times given in
 * the wrong order — in any session time zone.
 */
const RUNS: Array<[previous: string, now: string]> = [
  ['2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z'],
  ['2027-02-27T12:00:00Z', '2027-03-01T08:00:00Z'],
  ['2028-02-28T00:00:00Z', '2028-03-01T00:00:00Z'],
  ['2026-12-30T23:00:00Z', '2027-01-02T01:00:00Z'],
  ['2026-01-30T00:00:00Z', '2026-03-31T00:00:00Z'],
  ['2026-04-30T22:30:00Z', '2026-05-01T00:30:00Z'],
  ['2026-11-03T01:00:00Z', '2026-11-03T23:00:00Z'],
  ['2025-06-01T00:00:00Z', '2026-06-05T00:00:00Z'],
  ['2026-11-03T00:00:00Z', '2026-11-02T00:00:00Z'],
];

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.close());

describe('birthdays between two runs', () => {
  for (const [previous, now] of RUNS) {
    it(`${previous} → ${now}`, async () => {
      const before = new Date(previous);
      const after = new Date(now);
      const day = (time: string) => sql.raw(`'${time.slice(0, 10)}'::date`);
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`set local timezone = 'Pacific/Auckland'`);
        const dates = sql`(select b::date as birthdate from generate_series('2008-01-01'::date, '2030-12-31'::date, interval '1 day') b) d`;
        const pick = async (where: SQL) =>
          (await queryRows<{ birthdate: string }>(tx, sql`select birthdate::text from ${dates} where ${where} order by 1`)).map((row) => row.birthdate);
        const expected = await pick(
          sql`date_part('year', age(${day(now)}, d.birthdate)) <> date_part('year', age(${day(previous)}, d.birthdate))`,
        );
        const found = await pick(agedBetween(sql`d.birthdate`, before, after));
        expect(found).toEqual(expected);
        // Not vacuous: a run a day or more after the last sees birthdays, one within a day none.
        expect(expected.length > 0).toBe(previous.slice(0, 10) !== now.slice(0, 10));
      });
    });
  }
});
