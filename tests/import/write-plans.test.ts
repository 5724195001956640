import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { IMPORT_FILES } from '@/lib/import/files';
import { createStagingTable } from '@/lib/import/staging';
import { openTestDatabase } from '../helpers/db';

/**
 * A day's import writes a few thousand conversations into a table of millions. Each statement of the
 * contacts write must find stored pairs through an index: a plan that cannot use it (the staged
 * pairs compared in another collation than the key's, say) hashes every stored conversation instead,
 * 19 s for 4,800 rows at 10 million. With scans and hash or merge joins priced out, such a plan still
 * reads the whole key (a filter, not an index condition on the pair).
 */
let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.close());

describe('the contacts write', () => {
  it('looks each staged pair up by index, never by a pass over contacts', async () => {
    const file = IMPORT_FILES.find((candidate) => candidate.name === 'contacts')!;
    const plans = await database.db.transaction(async (tx) => {
      await createStagingTable(tx, file);
      for (const setting of ['enable_seqscan', 'enable_hashjoin', 'enable_mergejoin']) await tx.execute(sql.raw(`set local ${setting} = off`));
      const explained: string[] = [];
      for (const statement of file.write) {
        const rows = await queryRows<{ 'QUERY PLAN': string }>(tx, sql.raw(`explain ${statement}`));
        explained.push(rows.map((row) => row['QUERY PLAN']).join('\n'));
      }
      return explained;
    });
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      // An index of contacts searched for each staged pair's ids (the key, or the account_hi index on an empty table).
      expect(plan).toMatch(/Scan using contacts_\w+ on contacts t\b.*\n\s+Index Cond: .*(LEAST|GREATEST)\(/);
    }
  });
});
