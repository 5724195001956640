import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@/lib/auth/permissions';
import { ROUTE_PERMISSIONS } from '@/lib/auth/routes';

const APP_DIR = path.resolve('app');

/** Every page.tsx / route.ts under app/, as the URL path Next serves it at (route groups dropped). */
function appRoutes(dir = APP_DIR): string[] {
  const routes: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) routes.push(...appRoutes(full));
    else if (/^(page|route)\.(tsx?|jsx?)$/.test(entry.name)) {
      const segments = path
        .relative(APP_DIR, dir)
        .split(path.sep)
        .filter((segment) => segment && !/^\(.*\)$/.test(segment) && !segment.startsWith('@'));
      routes.push(`/${segments.join('/')}`);
    }
  }
  return routes;
}

describe('route permission table', () => {
  const routes = appRoutes();

  it('finds the app routes', () => {
    expect(routes).toContain('/signin');
    expect(routes).toContain('/api/auth/[...nextauth]');
  });

  it('has an entry for every route', () => {
    const missing = routes.filter((route) => !(route in ROUTE_PERMISSIONS));
    expect(missing, `add these routes to lib/auth/routes.ts`).toEqual([]);
  });

  it('has no entry for a route that does not exist', () => {
    const stale = Object.keys(ROUTE_PERMISSIONS).filter((route) => !routes.includes(route));
    expect(stale, `remove these from lib/auth/routes.ts`).toEqual([]);
  });

  it('names only known permissions', () => {
    for (const [route, permission] of Object.entries(ROUTE_PERMISSIONS)) {
      expect(permission === 'public' || permission === 'integration' || permission in PERMISSIONS, route).toBe(true);
    }
  });

  it('opens only the versioned intake API to integration tokens', () => {
    const integrationRoutes = Object.entries(ROUTE_PERMISSIONS)
      .filter(([, permission]) => permission === 'integration')
      .map(([route]) => route);
    for (const route of integrationRoutes) expect(route.startsWith('/api/v1/'), route).toBe(true);
  });

  it('keeps public only what a signed-out visitor needs', () => {
    const publicRoutes = Object.entries(ROUTE_PERMISSIONS)
      .filter(([, permission]) => permission === 'public')
      .map(([route]) => route)
      .sort();
    expect(publicRoutes).toEqual(['/api/auth/[...nextauth]', '/api/health', '/signin']);
  });
});
