import { and, asc, eq, gt, like, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { accounts } from '@/db/schema';
import { decodeCursor, encodeCursor } from '../cursor';
import { ID_MAX } from '../platform/contract';
import { storableString } from '../validation/text';

export const ACCOUNTS_PAGE_SIZE = 50;

/**
 * The accounts list's URL parameters: `q` is an exact account id, the start of a username, the
 * start of a display name (any case), or an exact device cluster.
 */
export const accountListQuery = z.object({
  q: storableString().trim().max(ID_MAX, `search is at most ${ID_MAX} characters`).optional().default(''),
  after: storableString().max(1024).optional(),
});
export type AccountListQuery = z.infer<typeof accountListQuery>;

export type AccountListRow = Pick<
  typeof accounts.$inferSelect,
  'accountId' | 'username' | 'displayName' | 'claimedBirthdate' | 'ageAssurance' | 'country' | 'status' | 'createdAt' | 'deviceCluster'
>;

/**
 * One page ordered by account id, keyset-paginated on it (the primary key serves the sort). Each
 * way of matching `q` has its index (accounts_username_idx, accounts_display_name_idx on
 * lower(display_name), accounts_device_cluster_idx), so PostgreSQL ORs four index scans.
 */
export async function listAccounts(
  ctx: LibContext,
  query: AccountListQuery,
  pageSize = ACCOUNTS_PAGE_SIZE,
): Promise<{ rows: AccountListRow[]; nextCursor: string | null }> {
  requirePermission(ctx.actor, 'accounts:read');
  const conditions: SQL[] = [];
  if (query.q) {
    const prefix = `${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        eq(accounts.accountId, query.q),
        like(accounts.username, prefix),
        sql`lower(${accounts.displayName}) like lower(${prefix})`,
        eq(accounts.deviceCluster, query.q),
      )!,
    );
  }
  if (query.after) conditions.push(gt(accounts.accountId, decodeCursor(query.after, z.tuple([z.string().min(1).max(ID_MAX)]))[0]));

  const rows = await ctx.db
    .select({
      accountId: accounts.accountId,
      username: accounts.username,
      displayName: accounts.displayName,
      claimedBirthdate: accounts.claimedBirthdate,
      ageAssurance: accounts.ageAssurance,
      country: accounts.country,
      status: accounts.status,
      createdAt: accounts.createdAt,
      deviceCluster: accounts.deviceCluster,
    })
    .from(accounts)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(accounts.accountId))
    .limit(pageSize + 1);

  const hasMore = rows.length > pageSize;
  const page = hasMore ? rows.slice(0, pageSize) : rows;
  const last = page.at(-1);
  return { rows: page, nextCursor: hasMore && last ? encodeCursor([last.accountId]) : null };
}
