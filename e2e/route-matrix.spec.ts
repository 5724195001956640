import { expect, test, type APIRequestContext } from '@playwright/test';
import { can } from '../lib/auth/permissions';
import { ROUTE_PERMISSIONS } from '../lib/auth/routes';
import { ROLES } from '../lib/auth/roles';
import { storageStateFor } from './staff-accounts';

/**
 * Every route in the permission table, fetched over HTTP by each role and by a signed-out
 * visitor: the server must answer exactly as the table says. Routes with path parameters and
 * Auth.js's own endpoints are left to their features' tests.
 */
const routes = Object.entries(ROUTE_PERMISSIONS).filter(([path]) => !path.includes('[') && !path.startsWith('/api/auth/'));

async function fetchStatus(request: APIRequestContext, path: string) {
  const response = await request.get(path, { maxRedirects: 0 });
  return { status: response.status(), location: response.headers().location ?? '' };
}

for (const role of [...ROLES, null] as const) {
  test.describe(`as ${role ?? 'a signed-out visitor'}`, () => {
    test.use({ storageState: role ? storageStateFor(role) : { cookies: [], origins: [] } });
    for (const [path, permission] of routes) {
      const allowed = permission === 'public' || (role !== null && can(role, permission));
      test(`GET ${path} → ${allowed ? 'allowed' : 'refused'}`, async ({ request }) => {
        const { status, location } = await fetchStatus(request, path);
        if (permission === 'public' && path === '/signin' && role) {
          expect(status).toBe(307); // signed-in staff are sent on from the sign-in page
        } else if (allowed) {
          expect(status).toBe(200);
        } else if (role === null) {
          if (path.startsWith('/api/')) expect(status).toBe(401);
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
