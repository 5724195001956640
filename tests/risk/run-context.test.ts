import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Db } from '@/db/client';
import { withPlannerSettings } from '@/lib/risk/run-context';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function setting(tx: Db, name: string): Promise<string> {
  const [row] = await queryRows<{ value: string }>(tx, sql`select current_setting(${name}) as value`);
  return row!.value;
}

describe(`planner settings for one step on ${testEngine()}`, () => {
  it('applies them to the step only and puts back what the run had set before', async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local parallel_setup_cost = 500`);
      await tx.execute(sql`set local enable_nestloop = on`);
      const inside = await withPlannerSettings(tx, { enable_nestloop: 'off', parallel_setup_cost: '10' }, async () => [
        await setting(tx, 'enable_nestloop'),
        await setting(tx, 'parallel_setup_cost'),
      ]);
      expect(inside).toEqual(['off', '10']);
      expect(await setting(tx, 'enable_nestloop')).toBe('on');
      expect(await setting(tx, 'parallel_setup_cost')).toBe('500');
    });
  });

  it('leaves nothing changed after the transaction, even when the step fails', async () => {
    const before = await setting(database.db, 'enable_nestloop');
    await expect(
      database.db.transaction((tx) =>
        withPlannerSettings(tx, { enable_nestloop: before === 'on' ? 'off' : 'on' }, async () => {
          throw new Error('the step failed');
        }),
      ),
    ).rejects.toThrow('the step failed');
    expect(await setting(database.db, 'enable_nestloop')).toBe(before);
  });
});
