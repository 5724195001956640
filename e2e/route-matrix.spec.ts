import { existsSync } from 'node:fs';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { can } from '@/lib/auth/permissions';
import { ROUTE_PERMISSIONS } from '@/lib/auth/routes';
import { ROLES } from '@/lib/auth/roles';
import { storageStateFor } from './staff-accounts';

/**
 * Every route in the permission table, fetched over HTTP by each role and by a signed-out
 * visitor: the server must answer exactly as the table says. Routes with path parameters and
 * Auth.js's own endpoints are left to their features' tests.
 */
const routes = Object.entries(ROUTE_PERMISSIONS).filter(([path]) => !path.includes('[') && !path.startsWith('/api/auth/'));
const staffRoutes = routes.flatMap(([path, permission]) => (permission === 'integration' ? [] : [[path, permission] as const]));
const integrationRoutes = routes.flatMap(([path, permission]) => (permission === 'integration' ? [path] : []));

/** Route handlers answer 401 JSON to a signed-out caller; pages send them to sign in. */
function isRouteHandler(path: string): boolean {
  return existsSync(`app${path}/route.ts`);
}

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
      test(`GET ${path} → ${allowed ? 'allowed' : 'refused'}`, async ({ request }) => {
        const { status, location } = await fetchStatus(request, path);
        if (permission === 'public' && path === '/signin' && role) {
          expect(status).toBe(307); // signed-in staff are sent on from the sign-in page
        } else if (allowed && isRouteHandler(path)) {
          // Past the permission check a handler may still refuse its input (400); never 401/403.
          expect([401, 403]).not.toContain(status);
          expect(status).toBeLessThan(500);
        } else if (allowed) {
          expect(status).toBe(200);
        } else if (role === null) {
          if (isRouteHandler(path)) expect(status).toBe(401);
          else {
            expect(status).toBe(307);
            expect(location).toContain(`/signin?next=${encodeURIComponent(path)}`);
          }
        } else {
          expect(status).toBe(403);
        }
      });
    }
  });
}
