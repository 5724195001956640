import { ROLES, type Role } from './roles';
import { DomainError } from '../errors';

/**
 * Every permission Lookout knows, and the roles that hold it. This table is the only
 * place access is decided; anything not listed here is denied.
 */
const ALL: readonly Role[] = ROLES;
const LIAISON_ADMIN: readonly Role[] = ['liaison', 'admin'];
const MODERATOR_ADMIN: readonly Role[] = ['moderator', 'admin'];
const ADMIN: readonly Role[] = ['admin'];

export const PERMISSIONS = {
  // Reading the platform's data and Lookout's assessments.
  'overview:read': ALL,
  'accounts:read': ALL,
  'reports:read': ALL,
  'risk:read': ALL,
  // One's own sign-in: password and second factor.
  'profile:manage': ALL,
  // Moderation: acting on reports and accounts, flagging patterns, referring to liaison.
  'reports:act': MODERATOR_ADMIN,
  'accounts:act': MODERATOR_ADMIN,
  'risk:review': MODERATOR_ADMIN,
  'referrals:create': MODERATOR_ADMIN,
  // Team figures: a moderator sees their own; admins see everyone's.
  'team:read': MODERATOR_ADMIN,
  'team:read_all': ADMIN,
  // Police cooperation.
  'police:read': LIAISON_ADMIN,
  'police:write': LIAISON_ADMIN,
  'holds:manage': LIAISON_ADMIN,
  'disclosures:prepare': LIAISON_ADMIN,
  'disclosures:release': LIAISON_ADMIN,
  'referrals:handle': LIAISON_ADMIN,
  // The transparency report beyond police requests: moderation, appeals, holds, referrals.
  'transparency:read': LIAISON_ADMIN,
  // Running the team and auditing it.
  'staff:manage': ADMIN,
  'audit:read': ADMIN,
  'audit:verify': ADMIN,
  'queues:manage': ADMIN,
  'integrations:manage': ADMIN,
  'templates:manage': ADMIN,
  // Operating jobs: imports, scoring, retention.
  'platform:import': ADMIN,
  'risk:score': ADMIN,
  // The precision loop: prepare a re-weighting from review rates and adopt it as a weight version.
  'risk:weights': ADMIN,
  'retention:purge': ADMIN,
  // Delivery of decisions to the chat app: run the worker, replay failed and dead events.
  'deliveries:manage': ADMIN,
  // Moderator wellness: the child-safety break prompt's threshold.
  'wellness:manage': ADMIN,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Who is acting: a signed-in staff member, or an integration pushing reports through the API. */
export type Actor =
  | { type: 'staff'; id: string; email: string; role: Role }
  | { type: 'integration'; id: string; name: string }
  | { type: 'system'; name: string };

/**
 * The one check every page, server action, route handler and CLI command goes through.
 * Returns the staff actor when allowed; throws unauthenticated for nobody, forbidden for the wrong role.
 */
export function requirePermission(
  actor: Actor | null | undefined,
  permission: Permission,
): Extract<Actor, { type: 'staff' }> {
  if (!actor || actor.type !== 'staff') {
    throw new DomainError('unauthenticated', 'Sign in to continue.');
  }
  if (!can(actor.role, permission)) {
    throw new DomainError('forbidden', `Your role (${actor.role}) may not ${permission}.`);
  }
  return actor;
}
