import fc from 'fast-check';
import { testEngine } from '../helpers/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLES } from '@/lib/auth/roles';
import { fieldNames, fieldsNear, pageDoors } from './doors';
import { failureReporter, navigationStatus, openStage, type Stage } from './harness';
import { fieldKey, fuzzSeed, hostileString, RUNS_PER_DOOR } from './inputs';

vi.mock('next/headers', async () => (await import('./mocks')).nextHeaders);
vi.mock('next/cache', async () => (await import('./mocks')).nextCache);
vi.mock('@/server/session', async () => (await import('./mocks')).serverSession);

/**
 * Every page of app/**\/page.tsx rendered (its server function, which loads the data) with hostile
 * path segments and query parameters, by each role and signed out: it renders, or answers with
 * Next's 404/403/redirect, and never throws anything else (a 500). Pages only read: apart from the
 * audit entries of sensitive views, no row changes.
 */
const doors = pageDoors();
const fields = fieldNames();

describe.skipIf(testEngine() === 'postgres')('pages under hostile input', () => {
  let stage: Stage;
  // Seeding hashes the seeded staff's passwords and scores risk: slow on a busy machine.
  beforeAll(async () => {
    stage = await openStage();
  }, 300_000);
  afterAll(async () => stage?.database.close());

  it('finds the pages', () => {
    expect(doors.map((door) => door.route)).toEqual(expect.arrayContaining(['/queues', '/review/[itemId]', '/risk', '/accounts/[accountId]']));
  });

  for (const door of doors) {
    it(`${door.route}: renders or answers 4xx, changes nothing`, async () => {
      const { default: page } = (await import(/* @vite-ignore */ `../../${door.file}`)) as { default: (props: unknown) => Promise<unknown> };
      const seed = fuzzSeed();
      const segment = hostileString(stage.realIds);
      // Next hands a page its query as strings, and a repeated parameter as an array of them.
      const value = fc.oneof({ weight: 4, arbitrary: segment }, { weight: 1, arbitrary: fc.array(segment, { minLength: 2, maxLength: 3 }) });
      const query = fc.dictionary(fieldKey(fields, fieldsNear(door, fields)), value, { maxKeys: 8 });
      const call = fc.record({ who: fc.constantFrom(...ROLES, null), params: fc.tuple(...door.segments.map(() => segment)), query });
      const writesBefore = await stage.writes();
      await fc.assert(
        fc.asyncProperty(call, async ({ who, params, query }) => {
          stage.actAs(who);
          const props = {
            params: Promise.resolve(Object.fromEntries(door.segments.map((name, index) => [name, params[index]!]))),
            searchParams: Promise.resolve(query),
          };
          try {
            await page(props);
          } catch (error) {
            if (navigationStatus(error) === null) throw error;
          }
          expect(await stage.writes(), 'a page changed rows').toBe(writesBefore);
        }),
        { seed, numRuns: RUNS_PER_DOOR, endOnFailure: true, reporter: failureReporter(door.route, seed) },
      );
    });
  }
});
