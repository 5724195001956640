import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { accounts, riskScores } from '@/db/schema';
import { listQueue, queueViewQuery } from '@/lib/triage/listing';
import { priorityWhy, riskBand } from '@/lib/triage/priority';
import { routeWaitingReports } from '@/lib/triage/routing';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account } from '../helpers/fixtures';
import { makeStaff } from '../helpers/staff';
import { fileMany } from './fixtures';
import { ctxOf } from '../helpers/context';

const DAY = 86_400_000;

describe('priority bands (no database)', () => {
  it('bands risk scores in steps of 25 up to 100; unscored counts as the lowest band', () => {
    expect([null, -5, 0, 24.9, 25, 74, 75, 99.9, 100, 146, 250].map(riskBand)).toEqual([1, 1, 1, 1, 2, 3, 4, 4, 5, 5, 5]);
  });

  it('says why an item ranks where it does', () => {
    expect(priorityWhy({ childSafety: true, categories: ['harassment', 'grooming'], severity: 10, rankedRisk: 146, priority: 50 })).toBe(
      'Child safety lane · grooming 10 × highest risk 5 (score 146) = priority 50',
    );
    expect(priorityWhy({ childSafety: false, categories: ['spam'], severity: 1, rankedRisk: null, priority: 1 })).toBe(
      'spam 1 × no or low risk 1 (not scored) = priority 1',
    );
  });
});

describe(`queue priority on ${testEngine()}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  it('puts a fresh grooming report on a high-risk account first in Child safety, above harassment that waited 40 days', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const moderator = await makeStaff(db, 'moderator');
    await db.insert(accounts).values([
      account('kid', '2014-03-01'),
      account('groomer', '1980-01-01'),
      account('quiet_groomer', '1985-01-01'),
      account('bully_old', '2000-01-01'),
      account('bully_new', '2000-01-01'),
    ]);
    const score = (accountId: string, value: number) => ({
      accountId,
      score: value,
      claimedBand: 'adult' as const,
      likelyBand: 'adult' as const,
      asOf: new Date(),
      computedAt: new Date(),
      runId: 1,
    });
    await db.insert(riskScores).values([score('groomer', 146), score('bully_old', 30)]);
    // Harassment filed by a child goes to Child safety too; the oldest waited 40 days.
    await fileMany(db, [
      { reportedId: 'bully_old', category: 'harassment', reporterId: 'kid', createdAt: new Date(Date.now() - 40 * DAY) },
      { reportedId: 'bully_new', category: 'harassment', reporterId: 'kid', createdAt: new Date(Date.now() - 2 * DAY) },
      { reportedId: 'quiet_groomer', category: 'grooming', reporterId: 'kid', createdAt: new Date(Date.now() - 3 * DAY) },
      { reportedId: 'groomer', category: 'grooming', reporterId: 'kid', createdAt: new Date(Date.now() - 10 * 60_000) },
    ]);
    await routeWaitingReports(ctxOf(db, admin));

    const { rows } = await listQueue(ctxOf(db, moderator), queueViewQuery.parse({ queue: 'child-safety' }));
    expect(rows.map((row) => [row.reportedId, row.priority])).toEqual([
      ['groomer', 50],
      ['quiet_groomer', 10],
      ['bully_old', 8],
      ['bully_new', 4],
    ]);
    expect(rows[0]!.why).toBe('Child safety lane · grooming 10 × highest risk 5 (score 146) = priority 50');
    // Waiting time shows as a deadline instead: the 40-day-old harassment is overdue, the fresh grooming not yet.
    expect(rows.map((row) => row.overdue)).toEqual([false, true, true, true]);

    // Keyset pages of two keep the same order.
    const second = await listQueue(ctxOf(db, moderator), queueViewQuery.parse({ queue: 'child-safety', sort: 'priority' }), 2);
    const rest = await listQueue(ctxOf(db, moderator), queueViewQuery.parse({ queue: 'child-safety', after: second.nextCursor! }), 2);
    expect([...second.rows, ...rest.rows].map((row) => row.reportedId)).toEqual(['groomer', 'quiet_groomer', 'bully_old', 'bully_new']);
  });
});
