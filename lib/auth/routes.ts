import type { Permission } from './permissions';

/**
 * Every route of the web app (app/**\/page.tsx and route.ts, route groups left out) and the
 * permission it requires. tests/auth/routes.test.ts fails when a route has no entry here, so a
 * new page cannot ship without someone deciding who may open it. The page or handler enforces
 * it through server/guard.ts; `public` routes are the ones a signed-out visitor must reach;
 * `integration` routes take a chat-app integration's API token instead of a staff session
 * (lib/triage/integrations.ts checks it).
 */
export const ROUTE_PERMISSIONS: Record<string, Permission | 'public' | 'integration'> = {
  '/signin': 'public',
  '/api/auth/[...nextauth]': 'public',
  '/api/health': 'public',
  '/': 'overview:read',
  '/accounts': 'accounts:read',
  '/accounts/[accountId]': 'accounts:read',
  '/accounts/[accountId]/contacts': 'accounts:read',
  '/accounts/[accountId]/children': 'accounts:read',
  '/accounts/[accountId]/refer': 'referrals:create',
  '/police': 'police:read',
  '/police/new': 'police:write',
  '/police/[requestId]': 'police:read',
  '/police/[requestId]/packages/[packageId]': 'disclosures:release',
  '/referrals': 'referrals:handle',
  '/referrals/[referralId]': 'referrals:handle',
  '/transparency': 'police:read',
  '/transparency/full': 'transparency:read',
  '/api/transparency/full': 'transparency:read',
  '/api/police/attachments/[attachmentId]': 'police:read',
  '/api/police/requests/[requestId]/attachments': 'police:write',
  '/api/police/packages/[packageId]': 'police:read',
  '/api/transparency': 'police:read',
  '/profile': 'profile:manage',
  '/staff': 'staff:manage',
  '/staff/[staffId]': 'staff:manage',
  '/team': 'team:read',
  '/api/team': 'team:read',
  '/audit': 'audit:read',
  '/audit/[seq]': 'audit:read',
  '/audit/access': 'audit:read',
  '/audit/access/[accountId]': 'audit:read',
  '/api/audit/export': 'audit:read',
  '/queues': 'reports:read',
  '/queues/bulk': 'reports:act',
  '/queues/stats': 'reports:read',
  '/review/[itemId]': 'reports:read',
  '/admin/queues': 'queues:manage',
  '/admin/templates': 'templates:manage',
  '/admin/integrations': 'integrations:manage',
  '/admin/deliveries': 'deliveries:manage',
  '/admin/wellness': 'wellness:manage',
  '/admin/risk-weights': 'risk:weights',
  '/api/v1/reports': 'integration',
  '/api/v1/reports/batch': 'integration',
  '/api/v1/appeals': 'integration',
  '/appeals': 'reports:read',
  '/risk': 'risk:read',
  '/risk/[accountId]': 'risk:read',
};
