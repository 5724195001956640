import fc from 'fast-check';
import { testEngine } from '../helpers/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLES } from '@/lib/auth/roles';
import { fieldNames, fieldsNear, routeDoors, routeMethods } from './doors';
import { failureReporter, navigationStatus, openStage, type Stage } from './harness';
import { fuzzSeed, hostileObject, hostileString, hostileValue, RUNS_PER_DOOR } from './inputs';

vi.mock('next/headers', async () => (await import('./mocks')).nextHeaders);
vi.mock('next/cache', async () => (await import('./mocks')).nextCache);
vi.mock('@/server/session', async () => (await import('./mocks')).serverSession);

/**
 * Every route handler of app/**\/route.ts, each method it exports, called with hostile path
 * segments, query strings, bodies and Authorization headers (a valid integration token half of
 * the time, so the ingest API's body checks are reached), by each role and signed out: no 5xx,
 * no thrown error, and a 4xx answer changes no row.
 */
const doors = routeDoors();
const fields = fieldNames();

describe.skipIf(testEngine() === 'postgres')('route handlers under hostile input', () => {
  let stage: Stage;
  let token: string;
  beforeAll(async () => {
    stage = await openStage();
    stage.actAs('admin');
    const { createTokenAction } = await import('@/app/admin/integrations/actions');
    const created = await createTokenAction({ name: 'hostile input', ratePerMinute: 100_000 });
    if (!created.ok) throw new Error(created.error);
    token = created.data.secret;
  }, 300_000);
  afterAll(async () => stage?.database.close());

  it('finds the route handlers', () => {
    expect(doors.map((door) => door.route)).toEqual(expect.arrayContaining(['/api/v1/reports', '/api/v1/reports/batch', '/api/police/packages/[packageId]']));
  });

  for (const door of doors) {
    for (const method of routeMethods(door.file)) {
      it(`${method} ${door.route}: no server error, no change when refused`, async () => {
        const exported = (await import(/* @vite-ignore */ `../../${door.file}`)) as Record<string, (request: Request, context: unknown) => Promise<Response>>;
        const handler = exported[method]!;
        const seed = fuzzSeed();
        const near = fieldsNear(door, fields);
        const segment = hostileString(stage.realIds);
        const call = fc.record({
          who: fc.constantFrom(...ROLES, null),
          params: fc.tuple(...door.segments.map(() => segment)),
          query: hostileObject(fields, stage.realIds, near),
          body: fc.oneof(hostileObject(fields, stage.realIds, near), hostileValue(stage.realIds), hostileString([]).map((text) => ({ raw: text })), fc.constant({ reports: [] })),
          authorization: fc.oneof(fc.constant('valid'), fc.constant(null), fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 })),
        });
        let writesBefore = await stage.writes();
        await fc.assert(
          fc.asyncProperty(call, async ({ who, params, query, body, authorization }) => {
            stage.actAs(who);
            let next = 0;
            const url = new URL(`http://lookout.test${door.route.replace(/\[(?:\.\.\.)?\w+\]/g, () => encodeURIComponent((params[next++] ?? '').toWellFormed()))}`);
            for (const [key, value] of Object.entries(query)) url.searchParams.append(key, typeof value === 'string' ? value : JSON.stringify(value) ?? '');
            const headers = new Headers({ 'content-type': 'application/json' });
            if (authorization) headers.set('authorization', authorization === 'valid' ? `Bearer ${token}` : authorization);
            const init: RequestInit = { method, headers };
            if (method !== 'GET') init.body = isRaw(body) ? body.raw : JSON.stringify(body) ?? 'undefined';
            const request = new Request(url, init);
            const routeParams = Object.fromEntries(door.segments.map((name, index) => [name, name === 'nextauth' ? [params[index]!] : params[index]!]));
            const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
            let status: number;
            try {
              status = (await handler(request, { params: Promise.resolve(routeParams) })).status;
            } catch (error) {
              const navigation = navigationStatus(error);
              if (navigation === null) throw error;
              status = navigation;
            } finally {
              errors.mockRestore();
            }
            expect(status, 'a server error').toBeLessThan(500);
            expect(errors, 'an unexpected error was logged').not.toHaveBeenCalled();
            const writesAfter = await stage.writes();
            if (status >= 400) expect(writesAfter, 'a refused request changed rows').toBe(writesBefore);
            writesBefore = writesAfter;
          }),
          { seed, numRuns: RUNS_PER_DOOR, endOnFailure: true, reporter: failureReporter(`${method} ${door.route}`, seed) },
        );
      });
    }
  }
});

function isRaw(body: unknown): body is { raw: string } {
  return typeof body === 'object' && body !== null && Object.keys(body).length === 1 && typeof (body as { raw?: unknown }).raw === 'string';
}
