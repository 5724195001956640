import { and, asc, eq, gt, like, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { accounts } from '../../db/schema';
import { ID_MAX } from '../platform/contract';
import { storableString } from '../validation/text';

export const ACCOUNTS_PAGE_SIZE = 50;

/** The accounts list's URL parameters: `q` is an exact account id or a username prefix. */
export const accountListQuery = z.object({
  q: storableString().trim().max(ID_MAX, `search is at most ${ID_MAX} characters`).optional().default(''),
  after: storableString().max(ID_MAX).optional(),
});
export type AccountListQuery = z.infer<typeof accountListQuery>;

export type AccountListRow = Pick<
  typeof accounts.$inferSelect,
  'accountId' | 'username' | 'displayName' | 'claimedBirthdate' | 'ageAssurance' | 'country' | 'status' | 'createdAt'
>;

/** One page ordered by account id, keyset-paginated on it (the primary key serves the sort). */
export async function listAccounts(
  db: Db,
  query: AccountListQuery,
  pageSize = ACCOUNTS_PAGE_SIZE,
): Promise<{ rows: AccountListRow[]; nextCursor: string | null }> {
  const conditions: SQL[] = [];
  if (query.q) {
    const prefix = `${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(eq(accounts.accountId, query.q), like(accounts.username, prefix))!);
  }
  if (query.after) conditions.push(gt(accounts.accountId, query.after));

  const rows = await db
    .select({
      accountId: accounts.accountId,
      username: accounts.username,
      displayName: accounts.displayName,
      claimedBirthdate: accounts.claimedBirthdate,
      ageAssurance: accounts.ageAssurance,
      country: accounts.country,
      status: accounts.status,
      createdAt: accounts.createdAt,
    })
    .from(accounts)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(accounts.accountId))
    .limit(pageSize + 1);

  const hasMore = rows.length > pageSize;
  const page = hasMore ? rows.slice(0, pageSize) : rows;
  return { rows: page, nextCursor: hasMore ? (page.at(-1)?.accountId ?? null) : null };
}
