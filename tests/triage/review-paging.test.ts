import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { accounts } from '@/db/schema';
import { loadReview, REVIEW_REPORTS_PAGE } from '@/lib/triage/review';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account } from '../helpers/fixtures';
import { makeStaff } from '../helpers/staff';
import { fileMany, itemOf } from './fixtures';
import { ctxOf } from '../helpers/context';

describe(`review page reports on ${testEngine()}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  it('pages an item\'s reports newest first, each report once, ties on time broken by id', async () => {
    const { db } = database;
    const moderator = await makeStaff(db, 'moderator');
    await db.insert(accounts).values([account('loud', '1990-01-01')]);
    const base = Date.now() - 86_400_000;
    // 230 reports, three to each second, so pages end in the middle of equal timestamps.
    await fileMany(
      db,
      Array.from({ length: 230 }, (_, i) => ({
        reportedId: 'loud',
        category: 'spam' as const,
        reportId: `rep-${String(i).padStart(3, '0')}`,
        createdAt: new Date(base + Math.floor(i / 3) * 1000),
      })),
    );
    const item = await itemOf(db, 'loud');
    const seen: string[] = [];
    let after: string | undefined;
    const sizes: number[] = [];
    do {
      const review = await loadReview(ctxOf(db, moderator), { itemId: item.id, reportsAfter: after });
      sizes.push(review.reports.length);
      seen.push(...review.reports.map((report) => report.reportId));
      after = review.reportsNext ?? undefined;
    } while (after);
    expect(sizes).toEqual([REVIEW_REPORTS_PAGE, REVIEW_REPORTS_PAGE, 30]);
    expect(seen).toEqual(Array.from({ length: 230 }, (_, i) => `rep-${String(229 - i).padStart(3, '0')}`));
  });

  it('refuses a damaged page link as bad input', async () => {
    const { db } = database;
    const moderator = await makeStaff(db, 'moderator');
    const item = await itemOf(db, 'loud');
    await expect(loadReview(ctxOf(db, moderator), { itemId: item.id, reportsAfter: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(/page link is damaged/);
  });
});
