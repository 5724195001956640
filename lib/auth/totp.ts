import { Secret, TOTP } from 'otpauth';
import type { Role } from './roles';

/** Time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30 s), as authenticator apps expect. */
const ISSUER = 'Lookout';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secretBase32: string, email = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label: email, secret: Secret.fromBase32(secretBase32) });
}

/** The otpauth:// URI an authenticator app imports (typed in or scanned). */
export function totpUri(secretBase32: string, email: string): string {
  return totpFor(secretBase32, email).toString();
}

/** Accepts the current code and its immediate neighbours, to allow for clock drift. */
export function verifyTotp(secretBase32: string, code: string, now: Date = new Date()): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totpFor(secretBase32).validate({ token: code, timestamp: now.getTime(), window: 1 }) !== null;
}

export function currentTotp(secretBase32: string, now: Date = new Date()): string {
  return totpFor(secretBase32).generate({ timestamp: now.getTime() });
}

/** LOOKOUT_REQUIRE_MFA=1 makes a second factor mandatory for the roles that can disclose or administer. */
export function mfaRequiredFor(role: Role, env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LOOKOUT_REQUIRE_MFA === '1' && (role === 'liaison' || role === 'admin');
}
