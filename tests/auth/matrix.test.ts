import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { listAuditEntries } from '@/lib/audit/query';
import { verifyAuditChain } from '@/lib/audit/verify';
import { DomainError } from '@/lib/errors';
import { can, PERMISSIONS, requirePermission, type Actor, type Permission } from '@/lib/auth/permissions';
import { ROLES, type Role } from '@/lib/auth/roles';
import type { StaffActor } from '@/lib/auth/session';
import { currentTotp, newTotpSecret } from '@/lib/auth/totp';
import { listStaff, listStaffPage } from '@/lib/staff/list';
import { addStaff, changeStaffRole, disableStaff, enableStaff, resetStaffPassword } from '@/lib/staff/manage';
import { changeOwnPassword, enrolTotp, ownSignInSettings, removeTotp } from '@/lib/staff/self';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine } from '../helpers/db';
import { auditCount, makeStaff, TEST_PASSWORD } from '../helpers/staff';

/**
 * Who may do what, written out by hand from the product's role table (moderators triage, liaison staff
 * answer police, admins oversee). A change to
 * lib/auth/permissions.ts must be mirrored here deliberately, or this test fails.
 */
const M = 'moderator';
const L = 'liaison';
const A = 'admin';
const EXPECTED: Record<Permission, Role[]> = {
  'overview:read': [M, L, A],
  'accounts:read': [M, L, A],
  'reports:read': [M, L, A],
  'risk:read': [M, L, A],
  'profile:manage': [M, L, A],
  'reports:act': [M, A],
  'accounts:act': [M, A],
  'risk:review': [M, A],
  'referrals:create': [M, A],
  'team:read': [M, A],
  'team:read_all': [A],
  'police:read': [L, A],
  'police:write': [L, A],
  'holds:manage': [L, A],
  'disclosures:prepare': [L, A],
  'disclosures:release': [L, A],
  'referrals:handle': [L, A],
  'transparency:read': [L, A],
  'staff:manage': [A],
  'audit:read': [A],
  'audit:verify': [A],
  'queues:manage': [A],
  'integrations:manage': [A],
  'templates:manage': [A],
  'platform:import': [A],
  'risk:score': [A],
  'risk:weights': [A],
  'retention:purge': [A],
  'deliveries:manage': [A],
  'wellness:manage': [A],
};

const staffActor = (role: Role): Actor => ({ type: 'staff', id: `id-${role}`, email: `${role}@lookout.test`, role });

describe('the permission table', () => {
  it('is exactly the expected matrix', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const permission of Object.keys(EXPECTED) as Permission[]) {
    it(`${permission}: ${EXPECTED[permission].join(', ')} and nobody else`, () => {
      for (const role of ROLES) {
        const allowed = EXPECTED[permission].includes(role);
        expect(can(role, permission), `${role} ${permission}`).toBe(allowed);
        if (allowed) expect(requirePermission(staffActor(role), permission)).toEqual(staffActor(role));
        else expect(() => requirePermission(staffActor(role), permission)).toThrow(expect.objectContaining({ code: 'forbidden' }));
      }
      // Signed out, an integration token or a system job never pass a staff permission check.
      for (const actor of [null, undefined, { type: 'integration', id: 'i', name: 'x' }, { type: 'system', name: 'job' }] as const) {
        expect(() => requirePermission(actor, permission)).toThrow(expect.objectContaining({ code: 'unauthenticated' }));
      }
    });
  }

  it('admins hold every permission (they run and audit the team)', () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) expect(can('admin', permission)).toBe(true);
  });
});

describe(`lib functions enforce their permission on ${testEngine()}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  type Call = (actor: Actor | null) => Promise<unknown>;
  /**
   * Each function, its permission, how many audit entries one allowed call writes, and a set-up
   * (for a fresh member `self`) that returns a call valid for them.
   */
  const cases: { name: string; permission: Permission; audits: number; prepare: (self: StaffActor) => Promise<Call> }[] = [
    { name: 'listStaff', permission: 'staff:manage', audits: 0, prepare: async () => (actor) => listStaff(ctxOf(database.db, actor)) },
    { name: 'listStaffPage', permission: 'staff:manage', audits: 0, prepare: async () => (actor) => listStaffPage(ctxOf(database.db, actor), {}) },
    {
      name: 'addStaff',
      permission: 'staff:manage',
      audits: 1,
      prepare: async () => (actor) => addStaff(ctxOf(database.db, actor), { email: `new-${randomUUID()}@lookout.test`, role: 'moderator' }),
    },
    {
      name: 'changeStaffRole',
      permission: 'staff:manage',
      audits: 1,
      prepare: async () => {
        const target = await makeStaff(database.db, 'moderator');
        return (actor) => changeStaffRole(ctxOf(database.db, actor), { staffId: target.id, role: 'liaison', reason: 'team change' });
      },
    },
    {
      name: 'disableStaff',
      permission: 'staff:manage',
      audits: 1,
      prepare: async () => {
        const target = await makeStaff(database.db, 'moderator');
        return (actor) => disableStaff(ctxOf(database.db, actor), { staffId: target.id, reason: 'left the team' });
      },
    },
    {
      name: 'enableStaff',
      permission: 'staff:manage',
      audits: 1,
      prepare: async () => {
        const target = await makeStaff(database.db, 'moderator', { active: false });
        return (actor) => enableStaff(ctxOf(database.db, actor), { staffId: target.id });
      },
    },
    {
      name: 'resetStaffPassword',
      permission: 'staff:manage',
      audits: 1,
      prepare: async () => {
        const target = await makeStaff(database.db, 'liaison');
        return (actor) => resetStaffPassword(ctxOf(database.db, actor), { staffId: target.id });
      },
    },
    { name: 'listAuditEntries', permission: 'audit:read', audits: 1, prepare: async () => (actor) => listAuditEntries(ctxOf(database.db, actor), {}) },
    { name: 'verifyAuditChain', permission: 'audit:verify', audits: 1, prepare: async () => (actor) => verifyAuditChain(ctxOf(database.db, actor)) },
    { name: 'ownSignInSettings', permission: 'profile:manage', audits: 0, prepare: async () => (actor) => ownSignInSettings(ctxOf(database.db, actor)) },
    {
      name: 'changeOwnPassword',
      permission: 'profile:manage',
      audits: 1,
      prepare: async () => (actor) =>
        changeOwnPassword(ctxOf(database.db, actor), { currentPassword: TEST_PASSWORD, newPassword: 'another-password-1', confirmPassword: 'another-password-1' }),
    },
    {
      name: 'enrolTotp',
      permission: 'profile:manage',
      audits: 1,
      prepare: async () => {
        const secret = newTotpSecret();
        return (actor) => enrolTotp(ctxOf(database.db, actor), { currentPassword: TEST_PASSWORD, secret, code: currentTotp(secret) });
      },
    },
    {
      name: 'removeTotp',
      permission: 'profile:manage',
      audits: 1,
      prepare: async (self) => {
        const secret = newTotpSecret();
        await enrolTotp(ctxOf(database.db, self), { currentPassword: TEST_PASSWORD, secret, code: currentTotp(secret) });
        // Permission only: liaison and admins may not drop their second factor while it is required
        // (tests/auth/sessions-mfa.test.ts), so this case runs with the requirement switched off.
        return async (actor) => {
          process.env.LOOKOUT_REQUIRE_MFA = '0';
          try {
            return await removeTotp(ctxOf(database.db, actor), { currentPassword: TEST_PASSWORD });
          } finally {
            delete process.env.LOOKOUT_REQUIRE_MFA;
          }
        };
      },
    },
  ];

  for (const testCase of cases) {
    for (const role of [...ROLES, null] as const) {
      const allowed = role !== null && EXPECTED[testCase.permission].includes(role);
      it(`${testCase.name} as ${role ?? 'signed-out'}: ${allowed ? 'allowed' : 'refused'}`, async () => {
        // A fresh member per call, so self-service cases act on a row of their own.
        const self = await makeStaff(database.db, role ?? 'moderator');
        const call = await testCase.prepare(self);
        const before = await auditCount(database.db);
        const outcome = await call(role === null ? null : self).then(
          () => 'done',
          (error: unknown) => error,
        );
        if (allowed) {
          expect(outcome).toBe('done');
          expect((await auditCount(database.db)) - before).toBe(testCase.audits);
        } else {
          expect(outcome).toBeInstanceOf(DomainError);
          expect((outcome as DomainError).code).toBe(role === null ? 'unauthenticated' : 'forbidden');
          expect(await auditCount(database.db)).toBe(before);
        }
      });
    }
  }
});
