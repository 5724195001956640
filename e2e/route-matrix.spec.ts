import { existsSync, readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { can } from '@/lib/auth/permissions';
import { ROUTE_PERMISSIONS } from '@/lib/auth/routes';
import { ROLES } from '@/lib/auth/roles';
import { RISK_TOP } from './risk-seed';
import { storageStateFor } from './staff-accounts';

/**
 * Every route in the permission table, fetched over HTTP by each role and by a signed-out
 * visitor: the server must answer exactly as the table says, with one exact status per case.
 * Routes with a path parameter are fetched with a real seeded account id (the page exists: 200)
 * or, where the seed has no stable id, a well-formed id that names nothing (exactly 404 once
 * past the permission check). Auth.js's own endpoints are left to e2e/signin.spec.ts.
 */
const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
const PARAM_VALUES: Record<string, { value: string; exists: boolean }> = {
  accountId: { value: RISK_TOP.accountId, exists: true },
  itemId: { value: MISSING_UUID, exists: false },
  requestId: { value: MISSING_UUID, exists: false },
  referralId: { value: MISSING_UUID, exists: false },
  attachmentId: { value: MISSING_UUID, exists: false },
  packageId: { value: MISSING_UUID, exists: false },
  // The first audit entry (auth.setup's sign-ins write it before any test runs).
  seq: { value: '1', exists: true },
  staffId: { value: MISSING_UUID, exists: false },
};

/** The URL to fetch for a route pattern, and whether what it names exists. */
function concrete(pattern: string): { url: string; exists: boolean } {
  let exists = true;
  const url = pattern.replace(/\[(\w+)\]/g, (_, name: string) => {
    const param = PARAM_VALUES[name];
    if (!param) throw new Error(`add a value for [${name}] to PARAM_VALUES in e2e/route-matrix.spec.ts`);
    exists &&= param.exists;
    return encodeURIComponent(param.value);
  });
  return { url, exists };
}

/** A route handler that only takes uploads (POST) is probed by e2e/security-headers.spec.ts and tests/hostile, not by GET. */
function getsNothing(path: string): boolean {
  const file = `app${path}/route.ts`;
  return existsSync(file) && !/export (const|async function) GET\b/.test(readFileSync(file, 'utf8'));
}

const routes = Object.entries(ROUTE_PERMISSIONS).filter(([path, permission]) => !path.startsWith('/api/auth/') && (permission === 'integration' || !getsNothing(path)));
const staffRoutes = routes.flatMap(([path, permission]) => (permission === 'integration' ? [] : [[path, permission] as const]));
const integrationRoutes = routes.flatMap(([path, permission]) => (permission === 'integration' ? [path] : []));

/** Route handlers answer 401 JSON to a signed-out caller; pages send them to sign in. */
function isRouteHandler(path: string): boolean {
  return existsSync(`app${path}/route.ts`);
}

// Each case is one GET (or a token-less POST) that changes nothing another case reads: the cases run
// in parallel, spread over the workers, rather than all on one worker as a file.
test.describe.configure({ mode: 'parallel' });

async function fetchStatus(request: APIRequestContext, path: string) {
  const response = await request.get(path, { maxRedirects: 0 });
  return { status: response.status(), location: response.headers().location ?? '' };
}

for (const role of [...ROLES, null] as const) {
  test.describe(`as ${role ?? 'a signed-out visitor'}`, () => {
    test.use({ storageState: role ? storageStateFor(role) : { cookies: [], origins: [] } });
    // Integration routes take a chat-app API token: a staff session, or nothing, gets 401.
    for (const path of integrationRoutes) {
      test(`POST ${path} without an integration token → 401`, async ({ request }) => {
        const response = await request.post(path, { data: {}, maxRedirects: 0 });
        expect(response.status()).toBe(401);
      });
    }
    for (const [path, permission] of staffRoutes) {
      const allowed = permission === 'public' || (role !== null && can(role, permission));
      const { url, exists } = concrete(path);
      test(`GET ${url} → ${allowed ? (exists ? 'allowed' : 'allowed, not found') : 'refused'}`, async ({ request }) => {
        const { status, location } = await fetchStatus(request, url);
        if (permission === 'public' && path === '/signin' && role) {
          expect(status).toBe(307); // signed-in staff are sent on from the sign-in page
        } else if (allowed) {
          expect(status).toBe(exists ? 200 : 404);
        } else if (role === null) {
          if (isRouteHandler(path)) expect(status).toBe(401);
          else {
            expect(status).toBe(307);
            expect(location).toContain(`/signin?next=${encodeURIComponent(url)}`);
          }
        } else {
          expect(status).toBe(403);
        }
      });
    }
  });
}
