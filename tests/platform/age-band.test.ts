import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { accounts, contacts } from '@/db/schema';
import { loadOverview } from '@/lib/overview/overview';
import { AGE_BANDS, claimedAgeBand, claimedAgeBandSql, isMinorSql, MINOR_BANDS, type AgeBand } from '@/lib/platform/age-band';
import type { AgeAssurance } from '@/lib/platform/contract';
import { assessAge } from '@/lib/risk/age';
import { listQueue, queueViewQuery } from '@/lib/triage/listing';
import { loadReview } from '@/lib/triage/review';
import { ctxOf } from '../helpers/context';
import { makeStaff } from '../helpers/staff';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account, conversation } from '../helpers/fixtures';
import { fileMany, itemOf } from '../triage/fixtures';

/**
 * Two as-of instants either side of midnight UTC at the end of February 2026 (not a leap year):
 * someone born on 29 February 2008 is 17 on the first and 18 on the second.
 */
const BEFORE = new Date('2026-02-28T23:30:00Z');
const AFTER = new Date('2026-03-01T00:30:00Z');

type Case = { id: string; birthdate: string | null; assurance: AgeAssurance; before: AgeBand; after: AgeBand };

const CASES: Case[] = [
  { id: 'turns13', birthdate: '2013-03-01', assurance: 'none', before: 'under_13', after: '13_15' },
  { id: 'still12', birthdate: '2013-03-02', assurance: 'none', before: 'under_13', after: 'under_13' },
  { id: 'just13', birthdate: '2013-02-28', assurance: 'none', before: '13_15', after: '13_15' },
  { id: 'turns16', birthdate: '2010-03-01', assurance: 'none', before: '13_15', after: '16_17' },
  { id: 'still15', birthdate: '2010-03-02', assurance: 'none', before: '13_15', after: '13_15' },
  { id: 'turns18', birthdate: '2008-03-01', assurance: 'none', before: '16_17', after: 'adult' },
  { id: 'still17', birthdate: '2008-03-02', assurance: 'none', before: '16_17', after: '16_17' },
  { id: 'leapling', birthdate: '2008-02-29', assurance: 'none', before: '16_17', after: 'adult' },
  { id: 'just18', birthdate: '2008-02-28', assurance: 'none', before: 'adult', after: 'adult' },
  { id: 'blank', birthdate: null, assurance: 'none', before: 'unknown', after: 'unknown' },
  { id: 'blank-checked-adult', birthdate: null, assurance: 'adult', before: 'adult', after: 'adult' },
  { id: 'blank-checked-minor', birthdate: null, assurance: 'minor', before: '16_17', after: '16_17' },
  { id: 'adult-checked-minor', birthdate: '1990-05-05', assurance: 'minor', before: '16_17', after: '16_17' },
  { id: 'kid-checked-adult', birthdate: '2016-05-05', assurance: 'adult', before: 'under_13', after: 'under_13' },
  { id: 'teen-checked-minor', birthdate: '2012-06-01', assurance: 'minor', before: '13_15', after: '13_15' },
  { id: 'toddler', birthdate: '2021-01-01', assurance: 'none', before: 'under_13', after: 'under_13' },
  { id: 'centenarian', birthdate: '1920-01-01', assurance: 'none', before: 'adult', after: 'adult' },
];

describe.each([
  ['before', BEFORE],
  ['after', AFTER],
] as const)(`one claimed age band everywhere on ${testEngine()}, as of %s midnight`, (when, asOf) => {
  const expected = (c: Case) => c[when];
  const isMinor = (c: Case) => MINOR_BANDS.includes(expected(c));
  let database: Database;
  let moderator: Awaited<ReturnType<typeof makeStaff>>;

  beforeAll(async () => {
    // Pages, queues and reviews read the clock; pin it to the as-of instant.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(asOf);
    database = await openTestDatabase();
    const { db } = database;
    moderator = await makeStaff(db, 'moderator');
    await db.insert(accounts).values([
      ...CASES.map((c) => account(c.id, c.birthdate, { ageAssurance: c.assurance })),
      // For each case: an adult it reports, and an adult that started a conversation with it.
      ...CASES.flatMap((c) => [account(`reported-by-${c.id}`, '1980-01-01'), account(`talker-to-${c.id}`, '1980-01-01')]),
    ]);
    await db.insert(contacts).values(CASES.map((c) => conversation(`talker-to-${c.id}`, c.id)));
    await fileMany(db, [
      ...CASES.map((c) => ({ reportedId: c.id, category: 'spam' as const })),
      ...CASES.map((c) => ({ reportedId: `reported-by-${c.id}`, category: 'spam' as const, reporterId: c.id })),
      ...CASES.map((c) => ({ reportedId: `talker-to-${c.id}`, category: 'spam' as const })),
    ]);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await database?.close();
  });

  it('the rule in TypeScript and its SQL twin agree with the table', async () => {
    const rows = await queryRows<{ account_id: string; band: AgeBand; minor: boolean }>(
      database.db,
      sql`select account_id, ${claimedAgeBandSql(sql`claimed_birthdate`, sql`age_assurance`, asOf)} as band,
                 ${isMinorSql(sql`claimed_birthdate`, sql`age_assurance`, asOf)} as minor
          from accounts`,
    );
    const byId = new Map(rows.map((row) => [row.account_id, row]));
    for (const c of CASES) {
      expect(claimedAgeBand(c.birthdate, c.assurance, asOf), c.id).toBe(expected(c));
      expect(byId.get(c.id), c.id).toEqual({ account_id: c.id, band: expected(c), minor: isMinor(c) });
    }
  });

  it('the overview counts each account in its band', async () => {
    const overview = await loadOverview(ctxOf(database.db, moderator, { now: asOf }));
    const counts = Object.fromEntries(AGE_BANDS.map((band) => [band, 0])) as Record<AgeBand, number>;
    for (const c of CASES) counts[expected(c)] += 1;
    counts.adult += CASES.length * 2; // the reported and talking adults
    expect(overview.accountsByAgeBand).toEqual(counts);
  });

  it('the risk engine gives the same claimed band', async () => {
    for (const c of CASES) {
      expect((await assessAge(ctxOf(database.db, moderator, { now: asOf }), c.id))?.claimedBand, c.id).toBe(expected(c));
    }
  });

  it('the queue shows and filters by the same band, and routes minors’ reports and contacts to Child safety', async () => {
    const { db } = database;
    const page = await listQueue(ctxOf(db, moderator), queueViewQuery.parse({ queue: 'everything-else' }), 500);
    const shown = new Map(page.rows.map((row) => [row.reportedId, row]));
    for (const c of CASES) {
      expect(shown.get(c.id), c.id).toMatchObject({ ageBand: expected(c), ageBandSource: 'claimed' });
    }
    for (const band of AGE_BANDS) {
      const filtered = await listQueue(ctxOf(db, moderator), queueViewQuery.parse({ queue: 'everything-else', ageBand: band }), 500);
      const ids = filtered.rows.map((row) => row.reportedId).filter((id) => CASES.some((c) => c.id === id));
      expect(ids.sort(), band).toEqual(CASES.filter((c) => expected(c) === band).map((c) => c.id).sort());
    }
    for (const c of CASES) {
      const queue = isMinor(c) ? 'child-safety' : 'everything-else';
      expect((await itemOf(db, `reported-by-${c.id}`)).queue_id, `report by ${c.id}`).toBe(queue);
      expect((await itemOf(db, `talker-to-${c.id}`)).queue_id, `contact with ${c.id}`).toBe(queue);
    }
  });

  it('the review shows the same band and counts conversations started with minors by the same rule', async () => {
    const { db } = database;
    for (const c of CASES) {
      const review = await loadReview(ctxOf(db, moderator), { itemId: (await itemOf(db, c.id)).id });
      expect(review.account.ageBand, c.id).toBe(expected(c));
      const talker = await loadReview(ctxOf(db, moderator), { itemId: (await itemOf(db, `talker-to-${c.id}`)).id });
      expect(talker.contacts.minorsInitiated, `talker to ${c.id}`).toBe(isMinor(c) ? 1 : 0);
    }
  });
});
