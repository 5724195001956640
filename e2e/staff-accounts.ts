import type { Role } from '@/lib/auth/roles';

/**
 * The staff the e2e server seeds, with their passwords. Test-only credentials: they exist
 * solely in the throw-away database of scripts/e2e-server.ts.
 */
export interface E2eStaffMember {
  email: string;
  password: string;
  role: Role;
}

export const E2E_STAFF = {
  admin: { email: 'admin@lookout.test', password: 'e2e-admin-password', role: 'admin' },
  liaison: { email: 'liaison@lookout.test', password: 'e2e-liaison-password', role: 'liaison' },
  moderator: { email: 'moderator@lookout.test', password: 'e2e-moderator-password', role: 'moderator' },
  // Releases the disclosure package another liaison prepared (four-eyes) in e2e/police.spec.ts.
  secondLiaison: { email: 'liaison2@lookout.test', password: 'e2e-liaison2-password', role: 'liaison' },
  // Disabled by the admin in e2e/staff.spec.ts.
  spareModerator: { email: 'spare.moderator@lookout.test', password: 'e2e-spare-password', role: 'moderator' },
  // Enrols a second factor in e2e/profile.spec.ts.
  mfaLiaison: { email: 'mfa.liaison@lookout.test', password: 'e2e-mfa-password', role: 'liaison' },
  // Signs out in e2e/signin.spec.ts, which ends all of its sessions.
  signOutModerator: { email: 'signout.moderator@lookout.test', password: 'e2e-signout-password', role: 'moderator' },
  // Signs out through Auth.js's own /api/auth/signout page in e2e/sessions.spec.ts.
  builtinSignOut: { email: 'builtin.signout@lookout.test', password: 'e2e-builtin-password', role: 'moderator' },
  // Carries aged session tokens in e2e/sessions.spec.ts (an idle session row is seeded for it).
  agedSession: { email: 'aged.session@lookout.test', password: 'e2e-aged-password', role: 'moderator' },
} as const satisfies Record<string, E2eStaffMember>;

/** The saved sign-in state of each role's main member (written by e2e/auth.setup.ts). */
export function storageStateFor(role: Role): string {
  return `e2e/.auth/${role}.json`;
}
