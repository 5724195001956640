import fc from 'fast-check';
import { testEngine } from '../helpers/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLES } from '@/lib/auth/roles';
import { actionFiles, fieldNames, fieldsNear } from './doors';
import { failureReporter, navigationStatus, openStage, type Stage } from './harness';
import { fuzzSeed, hostileObject, hostileValue, RUNS_PER_DOOR } from './inputs';

vi.mock('next/headers', async () => (await import('./mocks')).nextHeaders);
vi.mock('next/cache', async () => (await import('./mocks')).nextCache);
vi.mock('@/server/session', async () => (await import('./mocks')).serverSession);

/**
 * Every exported server action of app/**\/actions.ts, called as a prober can call it (a server
 * action takes whatever arguments the client serialises): hostile objects, the same as FormData,
 * or values of the wrong type, by each role and signed out. None may fail with a server error,
 * and a refused call ({ ok: false }, or a 4xx from Next) changes no row.
 */
const files = actionFiles();
const fields = fieldNames();

describe.skipIf(testEngine() === 'postgres')('server actions under hostile input', () => {
  let stage: Stage;
  // Seeding hashes the seeded staff's passwords and scores risk: slow on a busy machine.
  beforeAll(async () => {
    stage = await openStage();
  }, 300_000);
  afterAll(async () => stage?.database.close());

  it('finds the server actions', () => {
    expect(files.map((file) => file.file)).toEqual(expect.arrayContaining(['app/review/[itemId]/actions.ts', 'app/police/actions.ts', 'app/signin/actions.ts']));
  });

  for (const file of files) {
    it(`${file.file}: no server error, no change when refused`, async () => {
      const exported = (await import(/* @vite-ignore */ `../../${file.file}`)) as Record<string, unknown>;
      const actions = Object.entries(exported).filter((entry): entry is [string, (...args: unknown[]) => Promise<unknown>] => typeof entry[1] === 'function');
      expect(actions.length, file.file).toBeGreaterThan(0);
      for (const [name, action] of actions) {
        const seed = fuzzSeed();
        const near = fieldsNear(file, fields);
        const args = fc.oneof(
          { weight: 5, arbitrary: hostileObject(fields, stage.realIds, near).map((object) => [object]) },
          { weight: 3, arbitrary: hostileObject(fields, stage.realIds, near).map((object) => [null, toFormData(object)]) },
          { weight: 2, arbitrary: fc.tuple(hostileValue(stage.realIds), hostileValue(stage.realIds)) },
        );
        const role = fc.constantFrom(...ROLES, null);
        // One count per call: the count after one call is the count before the next.
        let writesBefore = await stage.writes();
        await fc.assert(
          fc.asyncProperty(role, args, async (who, callArgs) => {
            stage.actAs(who);
            const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
            let refused: boolean;
            try {
              const result = (await action(...callArgs)) as { ok?: boolean; error?: string } | undefined;
              refused = result?.ok === false || result?.error !== undefined;
            } catch (error) {
              const status = navigationStatus(error);
              if (status === null) throw error;
              refused = status >= 400;
            } finally {
              errors.mockRestore();
            }
            expect(errors, 'an unexpected error was logged (a 500 for the caller)').not.toHaveBeenCalled();
            const writesAfter = await stage.writes();
            if (refused) expect(writesAfter, 'a refused call changed rows').toBe(writesBefore);
            writesBefore = writesAfter;
          }),
          { seed, numRuns: RUNS_PER_DOOR, endOnFailure: true, reporter: failureReporter(`${file.file} ${name}`, seed) },
        );
      }
    });
  }
});

function toFormData(object: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(object)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(key, typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item));
  }
  return form;
}

